import { COLUMNS, deleteAction, draftRoomName, hasAgreed, undoRefusal, type ActionSnapshot, type Actor } from '@hindsight/shared';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, type BoardInfo } from '../api';
import { saveIdentity, type Identity } from '../identity';
import { NotFound } from '../pages/NotFound';
import { isDialogOpen } from '../session/Dialog';
import { FACTS_PANEL_ID, FactsPanel } from '../facts/FactsPanel';
import { Opener } from '../session/Opener';
import { PhaseBar } from '../session/PhaseBar';
import { useServerClockSync } from '../session/serverClock';
import { useTypeAheadCapture } from './typeAhead';
import { SessionMenu } from '../session/SessionMenu';
import { useSessionCommands } from '../session/useSessionCommands';
import type { BoardConnection } from '../sync/boardConnection';
import { useBoardConnection, useConnectionView, useLayout, useOnline, useParticipants, useSession } from '../sync/useBoard';
import { ACTIONS_PANEL_ID, ActionsPanel } from '../actions/ActionsPanel';
import { WRAP_UP_ID } from '../wrapup/ids';
import { AnalysisContext, CardToolsContext } from './analysis/AnalysisContext';
import { useBoardAnalysis } from './analysis/useBoardAnalysis';
import { useUndo } from '../sync/useUndo';
import { BoardDnd } from './dnd/BoardDnd';
import { useCardList } from './useCardList';
import { ThemesArea } from './ThemesArea';
import { UndoButtons } from './UndoButtons';
import { useUi } from '../uiStore';
import { addCardAndEdit, ColumnView } from './ColumnView';
import { Rejoin, useRoleNotice } from './BoardNotices';
import { DraftsBar } from './DraftsBar';
import { useDeleteWithUndo, useUndoableDeletion } from './useDeleteWithUndo';
import { useDrafts } from './useDrafts';
import { Participants } from './Participants';
import { ShareMenu } from './ShareMenu';
import { RefusalBanner } from './RefusalBanner';
import { useKeepVanishedCard } from '../history/useKeepVanishedCard';
import { useRestoreNotice } from '../history/useRestoreNotice';
import { StatusLine } from './StatusLine';
import { HighlightNotice } from './HighlightNotice';
import { RemoteCursors } from './presence/RemoteCursors';
import { sortLayoutByVotes } from './votes/sortByVotes';
import { useVoting, VotingContext } from './votes/useVoting';
import { VotingBar } from './votes/VotingBar';

/** The report and its exports load apart from the board, and right after it, so they work offline too. */
const loadWrapUp = () => import('../wrapup/WrapUpView');
const WrapUpView = lazy(loadWrapUp);

interface BoardViewProps {
  readonly board: BoardInfo;
  readonly identity: Identity;
  readonly onRejoin: () => void;
}

export function BoardView({ board, identity, onRejoin }: BoardViewProps) {
  const connection = useBoardConnection(board.id, identity.token, identity.participantId);
  // Your private room: drafts live there, on the server, and reach nobody else's browser.
  const drafts = useBoardConnection(draftRoomName(board.id, identity.participantId), identity.token, identity.participantId);
  return <LiveBoard board={board} identity={identity} onRejoin={onRejoin} connection={connection} drafts={drafts} />;
}

function LiveBoard({ board, identity, onRejoin, connection, drafts }: BoardViewProps & { connection: BoardConnection; drafts: BoardConnection }) {
  const { doc, provider, state, refusal, waiting, storageTrouble } = useConnectionView(connection);
  // Drafts and votes travel on a connection of their own: its storage trouble is shown too.
  const draftsTrouble = useConnectionView(drafts).storageTrouble;
  const layout = useLayout(doc);
  const participants = useParticipants(doc);
  const session = useSession(doc);
  const others = useOnline(provider);
  useServerClockSync();
  useTypeAheadCapture();
  useRestoreNotice(doc, identity.participantId);
  const run = useSessionCommands(board.id, identity.token);
  // Your own presence follows your connection, not what the others last heard.
  const online = useMemo(() => {
    const ids = new Set(others);
    if (state.kind === 'connected') ids.add(identity.participantId);
    else ids.delete(identity.participantId);
    return ids;
  }, [others, state.kind, identity.participantId]);
  const people = useMemo(() => participants.filter((participant) => !participant.removed), [participants]);
  const isFacilitator = session.facilitators.has(identity.participantId);
  const actor: Actor = useMemo(
    () => ({ participantId: identity.participantId, role: isFacilitator ? 'facilitator' : 'participant' }),
    [identity.participantId, isFacilitator],
  );
  useKeepVanishedCard(doc, actor);
  const readOnly = session.ended;
  useRoleNotice(isFacilitator, state.kind === 'connected' && state.synced);
  const sessionDialog = useUi((ui) => ui.sessionDialog);
  const factsPanel = useUi((ui) => ui.factsPanel);
  const setFactsPanel = useUi((ui) => ui.setFactsPanel);
  // The board opens on the facts in "Review the facts", and for facilitators before the session, where they fill them in.
  const factsByPhase = session.phase === 'review-the-facts' || (isFacilitator && session.phase === 'prepare');
  const factsOpen = factsPanel && factsPanel.phaseSeq === session.phaseSeq ? factsPanel.open : factsByPhase;
  const openSessionDialog = useUi((ui) => ui.openSessionDialog);
  const panels = useUi((ui) => ui.panels);
  const setPanel = useUi((ui) => ui.setPanel);
  const panelOpen = (name: 'actions' | 'wrapUp', byPhase: boolean) => (panels[name]?.phaseSeq === session.phaseSeq ? (panels[name]?.open ?? byPhase) : byPhase);
  const actionsOpen = panelOpen('actions', session.phase === 'actions' || session.phase === 'wrap-up');
  const wrapUpOpen = panelOpen('wrapUp', session.phase === 'wrap-up' || session.ended);
  const { analysis, cardTools, actions, links, actionsEditable, createAction } = useBoardAnalysis(doc, board.id, identity.token, session, actor, people);
  // Agreeing hides the opener at once, even before (or without) the server's answer.
  const [agreedInRound, setAgreedInRound] = useState<number | null>(null);
  const showOpener =
    !session.ended && !hasAgreed(session, identity.participantId) && agreedInRound !== session.openerRound && sessionDialog !== 'settings';
  // Undo must never send what the server would refuse: say why instead.
  const undo = useUndo(doc, { role: actor.role, refuse: (roots, madeAs) => undoRefusal(doc, session, actor, roots, madeAs) });
  const showToast = useUi((ui) => ui.showToast);
  const onDelete = useDeleteWithUndo(doc, actor, undo, 'Card deleted.');
  const removeUndoably = useUndoableDeletion(undo);
  const deleteActionUndoably = useCallback((action: ActionSnapshot) => removeUndoably(() => deleteAction(doc, actor, action.id), `${action.ref} deleted.`), [removeUndoably, doc, actor]);
  const { draftView, draftDoc, draftColumns, drafting, onDeleteDraft, myDraftCount, draftTotal, othersDrafts } = useDrafts(drafts, session, people, actor);
  const writeDoc = drafting ? draftDoc : doc;
  const voting = useVoting(draftDoc, doc, layout, session);
  const sortByVotes = useUi((ui) => ui.sortByVotes);
  const sorted = sortByVotes && voting.shown;
  const shownLayout = useMemo(() => (sorted ? sortLayoutByVotes(layout, voting.tally) : layout), [sorted, layout, voting.tally]);
  const { regroup, lateCount, ...cardList } = useCardList({ doc, actor, layout, session, participants, onDelete, provider, sortedByVotes: sorted });
  // A facilitator's spotlight (Discuss only) shows for everyone, beside your own highlights (R52).
  const setSpotlight = useUi((ui) => ui.setSpotlight);
  useEffect(() => setSpotlight(session.spotlight), [session.spotlight, setSpotlight]);
  // Highlights belong to this board: another board opens without them.
  const clearHighlight = useUi((ui) => ui.clearHighlight);
  useEffect(() => clearHighlight, [board.id, clearHighlight]);

  useEffect(() => {
    const soon = setTimeout(() => void loadWrapUp().catch(() => undefined), 1500);
    return () => clearTimeout(soon);
  }, []);

  // Announce this participant; y-protocols ignores a peer's initial empty state (clock 0),
  // and the server rewrites `user` from the token in any case.
  useEffect(() => {
    provider.awareness.setLocalStateField('user', { id: identity.participantId, name: identity.name, color: identity.color });
  }, [provider, identity.participantId, identity.name, identity.color]);

  useEffect(() => {
    if (readOnly || showOpener) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.metaKey || event.ctrlKey || event.altKey || isDialogOpen() || target?.closest('input, textarea, [contenteditable]')) return;
      const column = COLUMNS[Number(event.key) - 1];
      if (!column) return;
      event.preventDefault();
      addCardAndEdit(writeDoc, actor, column.id);
      undo.step();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [writeDoc, actor, undo, readOnly, showOpener]);

  if (state.kind === 'not-found') return <NotFound what="board" deleted={state.reason.startsWith('R30')} />;
  if (state.kind === 'unauthorized') return <Rejoin reason={state.reason} onRejoin={onRejoin} />;
  return (
    <div className="board">
      <header className="board-header">
        <div>
          <p className="brand small">Hindsight</p>
          <h1 title={board.title}>{board.title}</h1>
        </div>
        <Participants
          participants={people}
          online={online}
          meId={identity.participantId}
          session={session}
          isFacilitator={isFacilitator}
          run={(command) => void run(command)}
          onColor={(color) => {
            api.updateMe(board.id, identity.token, { color }).then(
              () => saveIdentity(board.id, { ...identity, color }),
              (failure: unknown) => showToast({ message: `Your color could not be changed: ${(failure as Error).message}` }),
            );
          }}
        />
        <button
          type="button"
          className="secondary"
          aria-expanded={factsOpen}
          aria-controls={FACTS_PANEL_ID}
          onClick={() => {
            setFactsPanel(!factsOpen, session.phaseSeq);
            // Opening by hand takes you there, rather than a dozen tabs away.
            if (!factsOpen) requestAnimationFrame(() => document.getElementById('facts-title')?.focus());
          }}
        >
          Facts
        </button>
        <button type="button" className="secondary" aria-expanded={actionsOpen} aria-controls={ACTIONS_PANEL_ID} onClick={() => setPanel('actions', !actionsOpen, session.phaseSeq)}>
          Actions{actions.length > 0 ? ` (${actions.length})` : ''}
        </button>
        <button type="button" className="secondary" aria-expanded={wrapUpOpen} aria-controls={WRAP_UP_ID} onClick={() => setPanel('wrapUp', !wrapUpOpen, session.phaseSeq)}>
          Wrap-up
        </button>
        <UndoButtons undo={undo} />
        <ShareMenu boardId={board.id} token={identity.token} isFacilitator={isFacilitator} />
        {isFacilitator && <SessionMenu boardId={board.id} title={board.title} token={identity.token} session={session} run={run} doc={doc} />}
        <StatusLine state={state} waiting={waiting} storageTrouble={storageTrouble || draftsTrouble} />
      </header>
      <PhaseBar
        session={session}
        people={people}
        meId={identity.participantId}
        isFacilitator={isFacilitator}
        lateCount={lateCount}
        run={(command) => void run(command)}
      />
      <VotingContext.Provider value={voting}>
      <AnalysisContext.Provider value={analysis}>
      <CardToolsContext.Provider value={cardTools}>
      <VotingBar session={session} people={people} isFacilitator={isFacilitator} privateRoom={draftDoc} run={(command) => void run(command)} />
      <HighlightNotice people={people} isFacilitator={isFacilitator} run={(command) => void run(command)} />
      {(drafting || myDraftCount > 0) && !readOnly && (
        <DraftsBar meId={identity.participantId} mine={myDraftCount} total={draftTotal} isFacilitator={isFacilitator} run={(command) => void run(command)} />
      )}
      {session.ended && (
        <div role="status" className="banner">
          The session has ended: the board is read-only.
          {isFacilitator && (
            <button type="button" onClick={() => void run({ type: 'reopenSession' })}>
              Reopen the session
            </button>
          )}
        </div>
      )}
      {refusal && <RefusalBanner refusal={refusal} onDismiss={() => connection.dismissRefusal()} />}
      {draftView.refusal && <RefusalBanner refusal={draftView.refusal} onDismiss={() => drafts.dismissRefusal()} />}
      <div className="board-body">
      {factsOpen && (
        <FactsPanel
          doc={doc}
          actor={actor}
          session={session}
          readOnly={readOnly}
          undo={undo}
          run={(command) => void run(command)}
          onClose={() => setFactsPanel(false, session.phaseSeq)}
        />
      )}
      <BoardDnd doc={doc} actor={actor} layout={layout} grouping={regroup} readOnly={readOnly} awareness={provider.awareness} onCommand={undo.step}>
      {/* While voting is open and nobody's votes are named, a cursor on a card's + (and the total moving a moment later) would name the voter. */}
      <RemoteCursors awareness={provider.awareness} doc={doc} hidden={voting.open && !(voting.shown && session.showVoters)} />
      {wrapUpOpen && (
        <Suspense fallback={<p className="hint wrap-up-loading">Loading the wrap-up…</p>}>
          <WrapUpView doc={doc} onClose={() => setPanel('wrapUp', false, session.phaseSeq)} onEnd={isFacilitator && !session.ended ? () => openSessionDialog('end') : null} />
        </Suspense>
      )}
      {actionsOpen && (
        <ActionsPanel
          doc={doc}
          actor={actor}
          actions={actions}
          layout={layout}
          links={links}
          people={people}
          editable={actionsEditable}
          onCreate={() => createAction(null, '')}
          onCommand={undo.step}
          onDelete={deleteActionUndoably}
          ended={session.ended}
          onClose={() => setPanel('actions', false, session.phaseSeq)}
        />
      )}
      <ThemesArea layout={shownLayout} isFacilitator={isFacilitator} groupPhase={session.phase === 'group'} regroup={regroup} onCommand={undo.step} {...cardList} />
      <div className="columns">
        {COLUMNS.map((column, i) => (
          <ColumnView
            key={column.id}
            column={column}
            shortcut={i + 1}
            cards={shownLayout.columns[column.id]}
            {...cardList}
            onAdded={undo.step}
            drafts={draftColumns[column.id]}
            draftDoc={draftDoc}
            onDeleteDraft={onDeleteDraft}
            writeDoc={writeDoc}
            othersDrafts={othersDrafts(column.id)}
          />
        ))}
      </div>
      </BoardDnd>
      </div>
      </CardToolsContext.Provider>
      </AnalysisContext.Provider>
      </VotingContext.Provider>
      {showOpener && (
        <Opener
          session={session}
          people={people}
          isFacilitator={isFacilitator}
          onAgree={() => {
            setAgreedInRound(session.openerRound);
            void run({ type: 'agree' });
          }}
          onReword={isFacilitator && session.phase === 'prepare' ? () => openSessionDialog('settings') : undefined}
        />
      )}
    </div>
  );
}
