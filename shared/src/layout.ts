import * as Y from 'yjs';
import type { ColumnId } from './columns';

/**
 * Root types of a board document. Later steps add roots (session, themes, actions,
 * facts) beside these; a document that lacks one simply has not used it yet, so adding
 * a root needs no migration.
 */
export const ROOT = {
  board: 'board',
  participants: 'participants',
  cards: 'cards',
  session: 'session',
  facts: 'facts',
  timeline: 'timeline',
} as const;

/** Fields of a card's Y.Map. */
export const CARD_FIELD = {
  id: 'id',
  column: 'column',
  text: 'text',
  authorId: 'authorId',
  createdAt: 'createdAt',
  order: 'order',
} as const;

export type CardField = (typeof CARD_FIELD)[keyof typeof CARD_FIELD];

export const CARD_FIELDS: readonly CardField[] = Object.values(CARD_FIELD);

export function isCardField(value: string): value is CardField {
  return (CARD_FIELDS as readonly string[]).includes(value);
}

/** Fields written once, when the card is created. */
export const IMMUTABLE_CARD_FIELDS: readonly CardField[] = [CARD_FIELD.id, CARD_FIELD.authorId, CARD_FIELD.createdAt];

export const MAX_CARD_TEXT_LENGTH = 2000;

export type Role = 'facilitator' | 'participant';

/** Who runs a command, or who wrote an update the server received. */
export interface Actor {
  readonly participantId: string;
  readonly role: Role;
}

export interface CardSnapshot {
  readonly id: string;
  readonly column: ColumnId;
  readonly text: string;
  readonly authorId: string;
  readonly createdAt: number;
  readonly order: string;
}

export interface ParticipantSnapshot {
  readonly id: string;
  readonly name: string;
  readonly color: string;
  /** From the session map's facilitators (R25). */
  readonly role: Role;
  readonly joinedAt: number;
  /** A facilitator removed them (R27): their token no longer works, their cards stay. */
  readonly removed: boolean;
}

export interface BoardMeta {
  readonly title: string;
  readonly createdAt: number;
}

export type CardMap = Y.Map<unknown>;

export function boardMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT.board);
}

export function participantsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(ROOT.participants);
}

export function cardsMap(doc: Y.Doc): Y.Map<CardMap> {
  return doc.getMap(ROOT.cards);
}
