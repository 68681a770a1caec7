import { deleteCard, type Actor, type CardSnapshot } from '@hindsight/shared';
import { useCallback } from 'react';
import type * as Y from 'yjs';
import type { UndoControls } from '../sync/useUndo';
import { useUi } from '../uiStore';

/** Deletes a card as its own undo step and offers Undo in a toast. */
export function useDeleteWithUndo(doc: Y.Doc, actor: Actor, undo: UndoControls, message: string) {
  const showToast = useUi((ui) => ui.showToast);
  return useCallback(
    (card: CardSnapshot) => {
      undo.step();
      if (!deleteCard(doc, actor, card.id).ok) return;
      undo.step();
      // The toast undoes this deletion only: after a newer change, Undo would revert that instead.
      const deletion = undo.top();
      const run = () => (undo.top() === deletion ? undo.undo() : showToast({ message: 'Newer changes came after; undo those first with Ctrl+Z.' }));
      showToast({ message, action: { label: 'Undo', run } });
    },
    [doc, actor, undo, showToast, message],
  );
}
