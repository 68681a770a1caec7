import { mayWorkOnActions, phaseIndex, type Actor, type ParticipantSnapshot, type SessionSnapshot } from '@hindsight/shared';
import { useCallback, useMemo } from 'react';
import type * as Y from 'yjs';
import { api } from '../../api';
import { useActions, useFacts, useLinks, useNotes, useTimeline, useWhys } from '../../sync/useBoard';
import { useUi } from '../../uiStore';
import type { Analysis, CardTools } from './AnalysisContext';
import { useTypeAhead } from '../typeAhead';

/** The board's analysis and actions, and the one way to make an action (a server command, R57). */
export function useBoardAnalysis(doc: Y.Doc, boardId: string, token: string, session: SessionSnapshot, actor: Actor, people: readonly ParticipantSnapshot[]) {
  const whys = useWhys(doc);
  const notes = useNotes(doc);
  const links = useLinks(doc);
  const actions = useActions(doc);
  const events = useTimeline(doc);
  const zone = useFacts(doc).timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const setPanel = useUi((ui) => ui.setPanel);
  const focusAction = useUi((ui) => ui.focusAction);
  const showToast = useUi((ui) => ui.showToast);
  const actionsEditable = mayWorkOnActions(actor, session);
  const createAction = useCallback(
    (from: `card:${string}` | `theme:${string}` | null, title: string) => {
      useTypeAhead.getState().start();
      api.command(boardId, token, { type: 'createAction', title: title.slice(0, 300), ...(from ? { from } : {}) }).then(
        (answer) => {
          setPanel('actions', true, session.phaseSeq);
          if (answer.created) focusAction(answer.created.id);
          else useTypeAhead.getState().cancel();
        },
        (failure: unknown) => {
          useTypeAhead.getState().cancel();
          showToast({ message: (failure as Error).message });
        },
      );
    },
    [boardId, token, session.phaseSeq, setPanel, focusAction, showToast],
  );
  const isFacilitator = actor.role === 'facilitator';
  const startNotes = useCallback(
    (themeId: string) => {
      useTypeAhead.getState().start();
      api.command(boardId, token, { type: 'startNotes', themeId }).catch((failure: unknown) => {
        useTypeAhead.getState().cancel();
        showToast({ message: (failure as Error).message });
      });
    },
    [boardId, token, showToast],
  );
  const analysis: Analysis = useMemo(() => ({ whys, notes, startNotes, links, events, zone, isFacilitator }), [whys, notes, startNotes, links, events, zone, isFacilitator]);
  // Offered from Discuss on: before that there is nothing to act on yet.
  const offered = actionsEditable && phaseIndex(session.phase) >= phaseIndex('discuss');
  const names = useMemo(() => people.map((person) => person.name), [people]);
  const cardTools: CardTools = useMemo(() => ({ createAction: offered ? createAction : null, names }), [offered, createAction, names]);
  return { analysis, cardTools, actions, links, actionsEditable, createAction };
}
