export type { CommandError, CommandResult } from './commandKit';
import { uuidv4 } from 'lib0/random';
import * as Y from 'yjs';
import { boardNow } from './clock';
import { isColumnId, type ColumnId } from './columns';
import { CARD_FIELD, cardsMap, MAX_CARD_TEXT_LENGTH, type Actor, type CardMap, type CardSnapshot } from './layout';
import { done, fail, replaceText, run, type CommandResult } from './commandKit';
import { orderKeyAt } from './order';
import { mayChangeCardContent } from './policy';
import { readCard, selectColumns } from './selectors';
import { selectLayout } from './themes/selectors';

/** Where a card goes: a column and an index in that column's display order. */
export interface Placement {
  readonly column: ColumnId;
  readonly index: number;
}

export interface AddCardInput {
  readonly column: ColumnId;
  /** Display index in the column; the end of the column when left out. */
  readonly index?: number;
  readonly text?: string;
  readonly id?: string;
  readonly createdAt?: number;
}

export interface TextEdit {
  readonly index: number;
  readonly deleteCount: number;
  readonly insert: string;
}

/** Randomness the model draws from; tests pass a seeded one. */
export interface Entropy {
  readonly random: () => number;
  readonly newId: () => string;
}

export const defaultEntropy: Entropy = { random: Math.random, newId: uuidv4 };

export interface LiveCard {
  readonly map: CardMap;
  readonly text: Y.Text;
  readonly snapshot: CardSnapshot;
}

export function findCard(doc: Y.Doc, cardId: string): LiveCard | null {
  const map = cardsMap(doc).get(cardId);
  if (!(map instanceof Y.Map)) return null;
  const snapshot = readCard(cardId, map);
  const text = map.get(CARD_FIELD.text);
  return snapshot && text instanceof Y.Text ? { map, text, snapshot } : null;
}

function textTooLong(length: number): CommandResult<never> {
  return fail('invalid', `A card holds at most ${MAX_CARD_TEXT_LENGTH} characters (this one would have ${length}).`);
}

export function addCard(
  doc: Y.Doc,
  actor: Actor,
  input: AddCardInput,
  entropy: Entropy = defaultEntropy,
): CommandResult<{ cardId: string }> {
  if (!isColumnId(input.column)) return fail('invalid', `Unknown column "${String(input.column)}".`, 'R4');
  const text = input.text ?? '';
  if (text.length > MAX_CARD_TEXT_LENGTH) return textTooLong(text.length);
  const cardId = input.id ?? entropy.newId();
  // _map also holds deleted keys, which the gate will not let anyone reuse either (R6).
  if (cardsMap(doc)._map.has(cardId)) return fail('invalid', `Card id ${cardId} is already taken.`, 'R6');
  const keys = selectColumns(doc)[input.column].map((card) => card.order);
  const order = orderKeyAt(keys, input.index ?? keys.length, entropy.random);
  const card: CardMap = new Y.Map<unknown>();
  card.set(CARD_FIELD.id, cardId);
  card.set(CARD_FIELD.column, input.column);
  card.set(CARD_FIELD.text, new Y.Text(text));
  card.set(CARD_FIELD.authorId, actor.participantId);
  card.set(CARD_FIELD.createdAt, input.createdAt ?? boardNow());
  card.set(CARD_FIELD.order, order);
  run(doc, 'addCard', () => cardsMap(doc).set(cardId, card));
  return { ok: true, value: { cardId } };
}

function editableCard(doc: Y.Doc, actor: Actor, cardId: string): LiveCard | CommandResult<never> {
  const card = findCard(doc, cardId);
  if (!card) return fail('not-found', 'This card no longer exists.', 'R16');
  if (!mayChangeCardContent(actor, card.snapshot.authorId)) {
    return fail('forbidden', "Only the card's author or a facilitator can change its text.", 'R7');
  }
  return card;
}

export function editCardText(doc: Y.Doc, actor: Actor, cardId: string, edit: TextEdit): CommandResult {
  const card = editableCard(doc, actor, cardId);
  if ('ok' in card) return card;
  const length = card.text.length;
  const index = Math.max(0, Math.min(Math.floor(edit.index), length));
  const deleteCount = Math.max(0, Math.min(Math.floor(edit.deleteCount), length - index));
  const nextLength = length - deleteCount + edit.insert.length;
  if (nextLength > MAX_CARD_TEXT_LENGTH && edit.insert.length > 0) return textTooLong(nextLength);
  if (deleteCount === 0 && edit.insert.length === 0) return done;
  run(doc, 'editCardText', () => {
    if (deleteCount > 0) card.text.delete(index, deleteCount);
    if (edit.insert.length > 0) card.text.insert(index, edit.insert);
  });
  return done;
}

/** Replaces the whole text by its smallest edit, so concurrent edits elsewhere in the text survive. */
export function setCardText(doc: Y.Doc, actor: Actor, cardId: string, next: string): CommandResult {
  const card = editableCard(doc, actor, cardId);
  if ('ok' in card) return card;
  if (next.length > MAX_CARD_TEXT_LENGTH) return textTooLong(next.length);
  replaceText(card.text, next, 'setCardText');
  return done;
}

/**
 * Moves a card to an index of a column's display order, out of any theme it was in (R9,
 * R44). A move to where the card already is writes nothing.
 */
export function moveCard(
  doc: Y.Doc,
  _actor: Actor,
  cardId: string,
  to: Placement,
  entropy: Entropy = defaultEntropy,
): CommandResult {
  if (!isColumnId(to.column)) return fail('invalid', `Unknown column "${String(to.column)}".`, 'R9');
  const card = findCard(doc, cardId);
  if (!card) return fail('not-found', 'This card no longer exists.', 'R16');
  // Grouped cards are not shown in the column, so the index counts the column's own cards.
  const layout = selectLayout(doc);
  const column = layout.columns[to.column];
  const siblings = column.filter((other) => other.id !== cardId);
  const index = Math.max(0, Math.min(Math.floor(to.index), siblings.length));
  // Only a live theme holds the card; a pointer at a deleted one is cleared by a real move alone.
  const grouped = layout.themeOfCard.has(cardId);
  if (!grouped && card.snapshot.column === to.column && column.findIndex((other) => other.id === cardId) === index) return done;
  const order = orderKeyAt(
    siblings.map((other) => other.order),
    index,
    entropy.random,
  );
  run(doc, 'moveCard', () => {
    if (card.snapshot.column !== to.column) card.map.set(CARD_FIELD.column, to.column);
    card.map.set(CARD_FIELD.order, order);
    if (card.snapshot.theme !== '') card.map.set(CARD_FIELD.theme, '');
  });
  return done;
}

export function deleteCard(doc: Y.Doc, actor: Actor, cardId: string): CommandResult {
  const card = findCard(doc, cardId);
  if (!card) return fail('not-found', 'This card no longer exists.', 'R16');
  if (!mayChangeCardContent(actor, card.snapshot.authorId)) {
    return fail('forbidden', "Only the card's author or a facilitator can delete it.", 'R8');
  }
  run(doc, 'deleteCard', () => cardsMap(doc).delete(cardId));
  return done;
}
