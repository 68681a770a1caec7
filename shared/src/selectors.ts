import * as Y from 'yjs';
import { COLUMN_IDS, isColumnId, type ColumnId } from './columns';
import {
  boardMap,
  CARD_FIELD,
  cardsMap,
  participantsMap,
  type BoardMeta,
  type CardMap,
  type CardSnapshot,
  type ParticipantSnapshot,
} from './layout';
import { compareByOrder, isValidOrderKey } from './order';
import { isFacilitator, isRemoved } from './session/state';

/** A card's plain snapshot, or null when the map is not a whole card (the gate keeps those out). */
export function readCard(id: string, card: CardMap): CardSnapshot | null {
  const column = card.get(CARD_FIELD.column);
  const text = card.get(CARD_FIELD.text);
  const authorId = card.get(CARD_FIELD.authorId);
  const createdAt = card.get(CARD_FIELD.createdAt);
  const order = card.get(CARD_FIELD.order);
  // A theme field is optional and never makes a card unreadable: a card must never vanish.
  const theme = card.get(CARD_FIELD.theme);
  const themeOrder = card.get(CARD_FIELD.themeOrder);
  if (
    !isColumnId(column) ||
    !(text instanceof Y.Text) ||
    typeof authorId !== 'string' ||
    typeof createdAt !== 'number' ||
    !isValidOrderKey(order)
  ) {
    return null;
  }
  return Object.freeze({
    id,
    column,
    text: text.toJSON(),
    authorId,
    createdAt,
    order,
    theme: typeof theme === 'string' ? theme : '',
    themeOrder: isValidOrderKey(themeOrder) ? themeOrder : '',
  });
}

export function selectCard(doc: Y.Doc, id: string): CardSnapshot | undefined {
  const card = cardsMap(doc).get(id);
  return card instanceof Y.Map ? (readCard(id, card) ?? undefined) : undefined;
}

/** Every card, grouped by column in column order, each column in display order (R13). */
export function selectColumns(doc: Y.Doc): Readonly<Record<ColumnId, readonly CardSnapshot[]>> {
  const columns = Object.fromEntries(COLUMN_IDS.map((id) => [id, [] as CardSnapshot[]])) as Record<
    ColumnId,
    CardSnapshot[]
  >;
  cardsMap(doc).forEach((card, id) => {
    if (!(card instanceof Y.Map)) return;
    const snapshot = readCard(id, card);
    if (snapshot) columns[snapshot.column].push(snapshot);
  });
  for (const id of COLUMN_IDS) Object.freeze(columns[id].sort(compareByOrder));
  return Object.freeze(columns);
}

/** Every card in board display order: column by column, then by (order key, id). */
export function selectCards(doc: Y.Doc): readonly CardSnapshot[] {
  const columns = selectColumns(doc);
  return Object.freeze(COLUMN_IDS.flatMap((id) => columns[id]));
}

export function selectBoardMeta(doc: Y.Doc): BoardMeta {
  const board = boardMap(doc);
  const title = board.get('title');
  const createdAt = board.get('createdAt');
  return Object.freeze({
    title: typeof title === 'string' ? title : '',
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
  });
}

function readParticipant(doc: Y.Doc, id: string, record: unknown): ParticipantSnapshot | null {
  if (!(record instanceof Y.Map)) return null;
  const name: unknown = record.get('name');
  const color: unknown = record.get('color');
  const joinedAt: unknown = record.get('joinedAt');
  if (typeof name !== 'string' || typeof color !== 'string' || typeof joinedAt !== 'number') return null;
  const role = isFacilitator(doc, id) ? 'facilitator' : 'participant';
  return Object.freeze({ id, name, color, role, joinedAt, removed: isRemoved(doc, id) });
}

/** One participant, removed or not; undefined for an id the board never had. */
export function selectParticipant(doc: Y.Doc, id: string): ParticipantSnapshot | undefined {
  return readParticipant(doc, id, participantsMap(doc).get(id)) ?? undefined;
}

/** Everyone who ever joined, in the order they joined; removed participants are flagged, since their cards stay. */
export function selectParticipants(doc: Y.Doc): readonly ParticipantSnapshot[] {
  const participants: ParticipantSnapshot[] = [];
  participantsMap(doc).forEach((record, id) => {
    const participant = readParticipant(doc, id, record);
    if (participant) participants.push(participant);
  });
  participants.sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return Object.freeze(participants);
}
