import { COLUMNS, deleteCard, type Actor, type CardSnapshot } from '@hindsight/shared';
import { useCallback, useEffect, useMemo } from 'react';
import { api, type BoardInfo } from '../api';
import { saveIdentity, type Identity } from '../identity';
import { NotFound } from '../pages/NotFound';
import type { BoardConnection } from '../sync/boardConnection';
import { useBoardConnection, useColumns, useConnectionView, useOnline, useParticipants } from '../sync/useBoard';
import { addCardAndEdit, ColumnView } from './ColumnView';
import { Participants } from './Participants';
import { ShareMenu } from './ShareMenu';
import { StatusLine } from './StatusLine';
import { Toast } from './Toast';
import { useUi } from '../uiStore';
import { useUndo } from '../sync/useUndo';

interface BoardViewProps {
  readonly board: BoardInfo;
  readonly identity: Identity;
  readonly onRejoin: () => void;
}

export function BoardView({ board, identity, onRejoin }: BoardViewProps) {
  const connection = useBoardConnection(board.id, identity.token);
  return <LiveBoard board={board} identity={identity} onRejoin={onRejoin} connection={connection} />;
}

function LiveBoard({ board, identity, onRejoin, connection }: BoardViewProps & { connection: BoardConnection }) {
  const { doc, provider, state, refusal, waiting } = useConnectionView(connection);
  const columns = useColumns(doc);
  const participants = useParticipants(doc);
  const others = useOnline(provider);
  // Your own presence follows your connection, not what the others last heard.
  const online = useMemo(() => {
    const ids = new Set(others);
    if (state.kind === 'connected') ids.add(identity.participantId);
    else ids.delete(identity.participantId);
    return ids;
  }, [others, state.kind, identity.participantId]);
  const role = participants.find((participant) => participant.id === identity.participantId)?.role ?? 'participant';
  const actor: Actor = useMemo(() => ({ participantId: identity.participantId, role }), [identity.participantId, role]);
  const undo = useUndo(doc);
  const showToast = useUi((ui) => ui.showToast);
  const onDelete = useCallback(
    (card: CardSnapshot) => {
      undo.step();
      if (!deleteCard(doc, actor, card.id).ok) return;
      undo.step();
      showToast({ message: 'Card deleted.', action: { label: 'Undo', run: undo.undo } });
    },
    [doc, actor, undo, showToast],
  );

  // Announce this participant; y-protocols ignores a peer's initial empty state (clock 0),
  // and the server rewrites `user` from the token in any case.
  useEffect(() => {
    provider.awareness.setLocalStateField('user', { id: identity.participantId, name: identity.name, color: identity.color });
  }, [provider, identity.participantId, identity.name, identity.color]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.metaKey || event.ctrlKey || event.altKey || target?.closest('input, textarea, [contenteditable]')) return;
      const column = COLUMNS[Number(event.key) - 1];
      if (!column) return;
      event.preventDefault();
      addCardAndEdit(doc, actor, column.id);
      undo.step();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doc, actor, undo]);

  if (state.kind === 'not-found') return <NotFound what="board" />;
  if (state.kind === 'unauthorized') {
    return (
      <main className="centered">
        <h1>Please join again</h1>
        <p className="muted">This browser's pass for the board is no longer valid.</p>
        <button type="button" className="primary" onClick={onRejoin}>
          Join again
        </button>
      </main>
    );
  }
  return (
    <div className="board">
      <header className="board-header">
        <div>
          <p className="brand small">Hindsight</p>
          <h1 title={board.title}>{board.title}</h1>
        </div>
        <Participants
          participants={participants}
          online={online}
          meId={identity.participantId}
          onColor={(color) => {
            api.updateMe(board.id, identity.token, { color }).then(
              () => saveIdentity(board.id, { ...identity, color }),
              (failure: unknown) => showToast({ message: `Your color could not be changed: ${(failure as Error).message}` }),
            );
          }}
        />
        <ShareMenu boardId={board.id} isFacilitator={role === 'facilitator'} />
        <StatusLine state={state} waiting={waiting} />
      </header>
      {refusal && (
        <div role="alert" className="banner">
          The server refused a change from this browser ({refusal.rule}), so the board now shows the server's copy.
          <button type="button" onClick={() => connection.dismissRefusal()}>
            Dismiss
          </button>
        </div>
      )}
      <div className="columns">
        {COLUMNS.map((column, i) => (
          <ColumnView
            key={column.id}
            column={column}
            shortcut={i + 1}
            cards={columns[column.id]}
            doc={doc}
            actor={actor}
            participants={participants}
            onDelete={onDelete}
            onAdded={undo.step}
          />
        ))}
      </div>
      <Toast />
    </div>
  );
}
