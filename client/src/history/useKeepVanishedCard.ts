import { addCard, cardsMap, selectCard, selectLastRestore, selectParticipant, type Actor, type ColumnId } from '@hindsight/shared';
import { useEffect } from 'react';
import type * as Y from 'yjs';
import { serverNow } from '../session/clockOffset';
import { useUi } from '../uiStore';
import { versionTime } from './versionLabels';

/**
 * Keeps what you are writing when a change from elsewhere removes the card under your cursor
 * (a facilitator restoring a version, R68, or deleting it): the text becomes a new card of
 * yours in the same column, still open for typing, so neither the text nor the next keys are
 * lost (they would otherwise reach the board's shortcuts).
 */
export function useKeepVanishedCard(doc: Y.Doc, actor: Actor): void {
  const showToast = useUi((state) => state.showToast);
  useEffect(() => {
    const cards = cardsMap(doc);
    let writing: { id: string; text: string; column: ColumnId } | null = null;
    const remember = () => {
      const id = useUi.getState().editingCardId;
      const card = id ? selectCard(doc, id) : undefined;
      if (card) writing = card.authorId === actor.participantId ? { id: card.id, text: card.text, column: card.column } : null;
      else if (!id) writing = null;
    };
    const onChange = (_events: unknown, transaction: Y.Transaction) => {
      const vanished = writing;
      if (!transaction.local && vanished && useUi.getState().editingCardId === vanished.id && !cards.has(vanished.id) && vanished.text.trim() !== '') {
        writing = null;
        // After this transaction: a new one of our own, which undo can take back like any card.
        queueMicrotask(() => {
          const added = addCard(doc, actor, { column: vanished.column, text: vanished.text });
          if (!added.ok) return;
          useUi.getState().startEditing(added.value.cardId);
          // A restore just now says who and when, in place of its own notice (one toast at a time).
          const restore = selectLastRestore(doc);
          const why =
            restore && serverNow() - restore.at < 10_000
              ? `${selectParticipant(doc, restore.by)?.name ?? 'A facilitator'} restored the board to how it was at ${versionTime(restore.versionTakenAt)}`
              : 'The card you were writing was removed';
          showToast({ message: `${why}; what you were writing is kept as a new card.` });
        });
        return;
      }
      remember();
    };
    cards.observeDeep(onChange);
    // Only when editing starts or stops: the store also changes on every frame of a drag.
    let editing = useUi.getState().editingCardId;
    const unsubscribe = useUi.subscribe((state) => {
      if (state.editingCardId === editing) return;
      editing = state.editingCardId;
      remember();
    });
    remember();
    return () => {
      cards.unobserveDeep(onChange);
      unsubscribe();
    };
  }, [doc, actor, showToast]);
}
