import * as Y from 'yjs';
import { factsMap, timelineMap } from './facts/fields';
import { cardsMap } from './layout';
import { LocalOrigin } from './origin';

/**
 * The undo manager every client uses, over the cards, the facts and the timeline. It tracks the local user's commands only (matched
 * by the LocalOrigin class), so remote updates and initial loads never enter the stack.
 *
 * ignoreRemoteMapChanges: by default Yjs never overwrites a remote map change on undo. If
 * my move won over someone's concurrent move, undoing it deletes my value and declines to
 * bring back the old one, which leaves the card with no column at all (R9 refuses that).
 * With the option, undoing a move always puts the card back where it was before the move,
 * whichever concurrent move had won in between.
 */
export function createUndoManager(doc: Y.Doc): Y.UndoManager {
  return new Y.UndoManager([cardsMap(doc), factsMap(doc), timelineMap(doc)], {
    trackedOrigins: new Set([LocalOrigin]),
    ignoreRemoteMapChanges: true,
  });
}
