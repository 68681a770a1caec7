import { deleteCard, type Actor, type CardSnapshot, type CommandResult } from '@hindsight/shared';
import { useCallback } from 'react';
import type * as Y from 'yjs';
import type { UndoControls } from '../sync/useUndo';
import { useUi } from '../uiStore';

/** Runs a deletion as its own undo step and offers Undo in a toast; answers whether it deleted. */
export function useUndoableDeletion(undo: UndoControls): (remove: () => CommandResult, message: string) => boolean {
  const showToast = useUi((ui) => ui.showToast);
  return useCallback(
    (remove, message) => {
      undo.step();
      const result = remove();
      if (!result.ok) {
        showToast({ message: result.error.message });
        return false;
      }
      undo.step();
      // The toast undoes this deletion only: after a newer change, Undo would revert that instead.
      const deletion = undo.top();
      const run = () => (undo.top() === deletion ? undo.undo() : showToast({ message: 'Newer changes came after; undo those first with Ctrl+Z.' }));
      showToast({ message, action: { label: 'Undo', run } });
      return true;
    },
    [undo, showToast],
  );
}

/** Deletes a card as its own undo step and offers Undo in a toast. */
export function useDeleteWithUndo(doc: Y.Doc, actor: Actor, undo: UndoControls, message: string) {
  const remove = useUndoableDeletion(undo);
  return useCallback((card: CardSnapshot) => void remove(() => deleteCard(doc, actor, card.id), message), [doc, actor, remove, message]);
}
