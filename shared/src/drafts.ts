import * as Y from 'yjs';
import { COLUMN_IDS, isColumnId, type ColumnId } from './columns';
import { CARD_FIELD, cardsMap, MAX_CARD_TEXT_LENGTH, type CardSnapshot } from './layout';
import { ServerOrigin } from './origin';
import { readCard } from './selectors';

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

/** How many drafts a private room holds per column: all the board may know of it. Reads columns only, never text. */
export function countDrafts(drafts: Y.Doc): DraftCounts {
  const counts = Object.fromEntries(COLUMN_IDS.map((id) => [id, 0])) as Record<ColumnId, number>;
  cardsMap(drafts).forEach((card) => {
    const column = card instanceof Y.Map ? card.get(CARD_FIELD.column) : undefined;
    if (isColumnId(column)) counts[column]++;
  });
  return counts;
}

/** Whether two snapshots of one card say the same. */
export function sameDraft(a: CardSnapshot | null | undefined, b: CardSnapshot): boolean {
  return !!a && a.text === b.text && a.column === b.column && a.order === b.order;
}

/**
 * Moves drafts into the board in one server transaction: the same ids, columns, order keys,
 * texts and creation times, with `authorId` stamped from the private room's owner whatever
 * the draft says. A draft whose card the board already holds (an edit that landed while a
 * reveal was under way, or a reveal cut off after the board committed) brings that card up
 * to date instead, so a card is never shown twice and no edit is lost. Answers the ids of
 * the cards it created.
 */
export function revealDrafts(board: Y.Doc, drafts: readonly { readonly owner: string; readonly cards: readonly CardSnapshot[] }[]): string[] {
  const created: string[] = [];
  board.transact(() => {
    const cards = cardsMap(board);
    for (const { owner, cards: drafted } of drafts) {
      for (const draft of drafted) {
        const text = draft.text.slice(0, MAX_CARD_TEXT_LENGTH);
        const existing = cards.get(draft.id);
        if (existing instanceof Y.Map) {
          const current = readCard(draft.id, existing);
          if (!current || current.authorId !== owner || sameDraft(current, { ...draft, text })) continue;
          const ytext = existing.get(CARD_FIELD.text) as Y.Text;
          if (current.text !== text) {
            ytext.delete(0, ytext.length);
            ytext.insert(0, text);
          }
          if (current.column !== draft.column) existing.set(CARD_FIELD.column, draft.column);
          if (current.order !== draft.order) existing.set(CARD_FIELD.order, draft.order);
          continue;
        }
        if (cards._map.has(draft.id)) continue;
        const card = new Y.Map<unknown>();
        card.set(CARD_FIELD.id, draft.id);
        card.set(CARD_FIELD.column, draft.column);
        card.set(CARD_FIELD.text, new Y.Text(text));
        card.set(CARD_FIELD.authorId, owner);
        card.set(CARD_FIELD.createdAt, Math.max(0, draft.createdAt));
        card.set(CARD_FIELD.order, draft.order);
        cards.set(draft.id, card);
        created.push(draft.id);
      }
    }
  }, new ServerOrigin('revealDrafts'));
  return created;
}

/** Empties a private room once its drafts are on the board. */
export function clearDrafts(drafts: Y.Doc, ids: readonly string[]): void {
  drafts.transact(() => {
    for (const id of ids) cardsMap(drafts).delete(id);
  }, new ServerOrigin('revealDrafts'));
}
