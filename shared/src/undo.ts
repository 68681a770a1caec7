import * as Y from 'yjs';
import { factsMap, timelineMap } from './facts/fields';
import { CARD_FIELD, cardsMap, ROOT, themesMap, type Role } from './layout';
import { LocalOrigin } from './origin';
import { actionsMap } from './actions/model';
import { linksMap, notesMap, whysMap } from './analysis/model';

/**
 * The undo manager every client uses, over everything clients write on the board. It tracks the local user's commands only (matched
 * by the LocalOrigin class), so remote updates and initial loads never enter the stack.
 *
 * ignoreRemoteMapChanges: by default Yjs never overwrites a remote map change on undo. If
 * my move won over someone's concurrent move, undoing it deletes my value and declines to
 * bring back the old one, which leaves the card with no column at all (R9 refuses that).
 * With the option, undoing a move always puts the card back where it was before the move,
 * whichever concurrent move had won in between.
 */
export function createUndoManager(doc: Y.Doc): Y.UndoManager {
  const manager = new Y.UndoManager([cardsMap(doc), themesMap(doc), factsMap(doc), timelineMap(doc), whysMap(doc), notesMap(doc), linksMap(doc), actionsMap(doc)], {
    trackedOrigins: new Set([LocalOrigin]),
    ignoreRemoteMapChanges: true,
  });
  // Each step remembers which roots it changed, so a client can tell whether it may still undo it.
  manager.on('stack-item-added', (event) => {
    const roots = (event.stackItem.meta.get(UNDO_ROOTS) as Set<string> | undefined) ?? new Set<string>();
    for (const [type, events] of event.changedParentTypes) {
      roots.add(rootNameOf(doc, type as Y.AbstractType<unknown>));
      // Putting a card into a theme or moving it within one is regrouping too, though it writes only the card (R44).
      const regroups = events.some((change) => change instanceof Y.YMapEvent && (change.keysChanged.has(CARD_FIELD.theme) || change.keysChanged.has(CARD_FIELD.themeOrder)));
      if (regroups) roots.add(ROOT.themes);
    }
    event.stackItem.meta.set(UNDO_ROOTS, roots);
  });
  return manager;
}

/** Key of the set of root names a stack item changed. */
export const UNDO_ROOTS = 'roots';

function rootNameOf(doc: Y.Doc, type: Y.AbstractType<unknown>): string {
  let root = type;
  while (root._item) root = root._item.parent as Y.AbstractType<unknown>;
  for (const [name, shared] of doc.share) if (shared === root) return name;
  return '';
}

/**
 * Key of the role the local user held when a stack item was made, which the client records:
 * undoing a facilitator's change to someone else's card or theme needs the role still (R8, R42).
 */
export const UNDO_ROLE = 'role';

/** The role the next undo (or redo) step was made with, when the manager records roles. */
export function nextUndoRole(manager: Y.UndoManager, redo = false): Role | undefined {
  const stack = redo ? manager.redoStack : manager.undoStack;
  return stack[stack.length - 1]?.meta.get(UNDO_ROLE) as Role | undefined;
}

/** The root names the next undo (or redo) would change. */
export function nextUndoRoots(manager: Y.UndoManager, redo = false): ReadonlySet<string> {
  const stack = redo ? manager.redoStack : manager.undoStack;
  return (stack[stack.length - 1]?.meta.get(UNDO_ROOTS) as Set<string> | undefined) ?? new Set();
}
