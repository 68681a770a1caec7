import { COLUMNS, isDrafting, type Actor, type ColumnId, type ParticipantSnapshot, type SessionSnapshot } from '@hindsight/shared';
import type { BoardConnection } from '../sync/boardConnection';
import { useColumns, useConnectionView } from '../sync/useBoard';
import { useUndo } from '../sync/useUndo';
import { useDeleteWithUndo } from './useDeleteWithUndo';

/**
 * Your private room as the board shows it (step 6): your drafts, whether you are drafting,
 * and what you may know of everyone else's drafts: how many there are per column.
 */
export function useDrafts(drafts: BoardConnection, session: SessionSnapshot, people: readonly ParticipantSnapshot[], actor: Actor) {
  const draftView = useConnectionView(drafts);
  const draftDoc = draftView.doc;
  const draftColumns = useColumns(draftDoc);
  // Ctrl+Z stays with the board; a deleted draft comes back from its toast.
  const draftUndo = useUndo(draftDoc, { keyboard: false, refuse: () => (session.ended ? 'The session has ended: the board is read-only.' : null) });
  const onDeleteDraft = useDeleteWithUndo(draftDoc, actor, draftUndo, 'Draft deleted.');
  const me = actor.participantId;
  const myDraftCount = COLUMNS.reduce((sum, column) => sum + draftColumns[column.id].length, 0);
  const draftTotal = [...session.draftCounts.values()].reduce((sum, counts) => sum + COLUMNS.reduce((n, column) => n + counts[column.id], 0), 0);
  const othersDrafts = (column: ColumnId) =>
    people.flatMap((participant) => {
      const count = participant.id === me ? 0 : (session.draftCounts.get(participant.id)?.[column] ?? 0);
      return count > 0 ? [{ participant, count }] : [];
    });
  return { draftView, draftDoc, draftColumns, drafting: isDrafting(session, me), onDeleteDraft, myDraftCount, draftTotal, othersDrafts };
}
