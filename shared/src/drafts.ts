import * as Y from 'yjs';
import { COLUMN_IDS, type ColumnId } from './columns';
import { CARD_FIELD, cardsMap, type CardSnapshot } from './layout';
import { ServerOrigin } from './origin';
import { selectCards } from './selectors';

/**
 * Private writing (step 6): each participant drafts cards in a private room of their own on
 * the server, `<boardId>~<participantId>`, a document holding only `cards`. Nobody else's
 * browser ever receives it; the board shows others only how many drafts each person has.
 */
export const DRAFT_ROOM_SEPARATOR = '~';

export function draftRoomName(boardId: string, participantId: string): string {
  return `${boardId}${DRAFT_ROOM_SEPARATOR}${participantId}`;
}

/** The board and, for a private room, its owner. */
export function parseRoomName(name: string): { boardId: string; owner: string | null } {
  const at = name.indexOf(DRAFT_ROOM_SEPARATOR);
  return at < 0 ? { boardId: name, owner: null } : { boardId: name.slice(0, at), owner: name.slice(at + 1) };
}

export type DraftCounts = Readonly<Record<ColumnId, number>>;

/** How many drafts a private room holds per column: all the board may know of it. */
export function countDrafts(drafts: Y.Doc): DraftCounts {
  const counts = Object.fromEntries(COLUMN_IDS.map((id) => [id, 0])) as Record<ColumnId, number>;
  for (const card of selectCards(drafts)) counts[card.column]++;
  return counts;
}

/**
 * Moves drafts into the board in one server transaction: the same ids, columns, order keys,
 * texts and creation times, with `authorId` stamped from the private room's owner whatever
 * the draft says. A draft whose id the board already holds (a reveal that was interrupted
 * after the board committed) is skipped, so a card is never revealed twice.
 */
export function revealDrafts(board: Y.Doc, drafts: readonly { readonly owner: string; readonly cards: readonly CardSnapshot[] }[]): number {
  let revealed = 0;
  board.transact(() => {
    const cards = cardsMap(board);
    for (const { owner, cards: drafted } of drafts) {
      for (const draft of drafted) {
        if (cards._map.has(draft.id)) continue;
        const card = new Y.Map<unknown>();
        card.set(CARD_FIELD.id, draft.id);
        card.set(CARD_FIELD.column, draft.column);
        card.set(CARD_FIELD.text, new Y.Text(draft.text));
        card.set(CARD_FIELD.authorId, owner);
        card.set(CARD_FIELD.createdAt, draft.createdAt);
        card.set(CARD_FIELD.order, draft.order);
        cards.set(draft.id, card);
        revealed++;
      }
    }
  }, new ServerOrigin('revealDrafts'));
  return revealed;
}

/** Empties a private room once its drafts are on the board. */
export function clearDrafts(drafts: Y.Doc, ids: readonly string[]): void {
  drafts.transact(() => {
    for (const id of ids) cardsMap(drafts).delete(id);
  }, new ServerOrigin('revealDrafts'));
}
