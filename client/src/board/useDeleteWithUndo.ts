import { deleteCard, type Actor, type CardSnapshot } from '@hindsight/shared';
import { useCallback } from 'react';
import type * as Y from 'yjs';
import { useUi } from '../uiStore';

/** Deletes a card as its own undo step and offers Undo in a toast. */
export function useDeleteWithUndo(doc: Y.Doc, actor: Actor, undo: { step: () => void; undo: () => void }, message: string) {
  const showToast = useUi((ui) => ui.showToast);
  return useCallback(
    (card: CardSnapshot) => {
      undo.step();
      if (!deleteCard(doc, actor, card.id).ok) return;
      undo.step();
      showToast({ message, action: { label: 'Undo', run: undo.undo } });
    },
    [doc, actor, undo, showToast, message],
  );
}
