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
  themes: 'themes',
  /** Vote totals per item (step 8), written by the server only (R47). */
  tally: 'tally',
  /** A private room's votes, vote id → item (R46); never a root of the board. */
  votes: 'votes',
  /** A private room's late marks on votes, vote id → phase, written by the server only (R47, R49). */
  voteMarks: 'voteMarks',
  /** Five whys under themes (step 9, R55). */
  whys: 'whys',
  /** The facilitator's discussion notes, theme id → Y.Text: started by the server, written by facilitators (R54). */
  notes: 'notes',
  /** Links from cards and themes to timeline events, and from actions to what they address (R56). */
  links: 'links',
  /** Action items, made by the server's createAction command (R57, R58). */
  actions: 'actions',
} as const;

/** Fields of a card's Y.Map. */
export const CARD_FIELD = {
  id: 'id',
  column: 'column',
  text: 'text',
  authorId: 'authorId',
  createdAt: 'createdAt',
  order: 'order',
  /** The theme the card is grouped in (step 7); absent or '' for none. */
  theme: 'theme',
  /** Position among the theme's cards, a fractional index key like `order`. */
  themeOrder: 'themeOrder',
} as const;

export type CardField = (typeof CARD_FIELD)[keyof typeof CARD_FIELD];

export const CARD_FIELDS: readonly CardField[] = Object.values(CARD_FIELD);

export function isCardField(value: string): value is CardField {
  return (CARD_FIELDS as readonly string[]).includes(value);
}

/** Fields written once, when the card is created. */
export const IMMUTABLE_CARD_FIELDS: readonly CardField[] = [CARD_FIELD.id, CARD_FIELD.authorId, CARD_FIELD.createdAt];

/** Fields a card may lack: a card made before themes existed, or never grouped, has no theme. */
export const OPTIONAL_CARD_FIELDS: readonly CardField[] = [CARD_FIELD.theme, CARD_FIELD.themeOrder];

/** Fields of a theme's Y.Map (step 7). */
export const THEME_FIELD = {
  id: 'id',
  title: 'title',
  order: 'order',
  authorId: 'authorId',
  createdAt: 'createdAt',
  collapsed: 'collapsed',
  /** Root cause, contributing factor, went well or follow-up (R53); absent or '' for none. */
  tag: 'tag',
} as const;

export type ThemeField = (typeof THEME_FIELD)[keyof typeof THEME_FIELD];

export const THEME_FIELDS: readonly ThemeField[] = Object.values(THEME_FIELD);

export const IMMUTABLE_THEME_FIELDS: readonly ThemeField[] = [THEME_FIELD.id, THEME_FIELD.authorId, THEME_FIELD.createdAt, THEME_FIELD.title];

/** The analysis field (step 9): older themes lack it. */
export const OPTIONAL_THEME_FIELDS: readonly ThemeField[] = [THEME_FIELD.tag];

/** How the team classed a theme in its analysis (seed 002: primary cause, contributing factors). */
export const THEME_TAGS = [
  { id: 'root-cause', label: 'Root cause' },
  { id: 'contributing', label: 'Contributing factor' },
  { id: 'went-well', label: 'Went well' },
  { id: 'follow-up', label: 'Follow-up' },
] as const;

export type ThemeTag = (typeof THEME_TAGS)[number]['id'];

export function isThemeTag(value: unknown): value is ThemeTag {
  return THEME_TAGS.some((tag) => tag.id === value);
}

export const MAX_THEME_TITLE_LENGTH = 200;

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
  /** The theme id the card names, '' for none; whether it shows there depends on the theme being live (R45). */
  readonly theme: string;
  readonly themeOrder: string;
}

export interface ThemeSnapshot {
  readonly id: string;
  readonly title: string;
  readonly order: string;
  readonly authorId: string;
  readonly createdAt: number;
  readonly collapsed: boolean;
  readonly tag: ThemeTag | null;
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

export type ThemeMap = Y.Map<unknown>;

export function themesMap(doc: Y.Doc): Y.Map<ThemeMap> {
  return doc.getMap(ROOT.themes);
}
