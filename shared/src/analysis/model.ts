import * as Y from 'yjs';
import { isValidOrderKey } from '../order';
import { ROOT } from '../layout';

/** Fields of one answer in a theme's five whys (R55). */
export const WHY_FIELD = {
  id: 'id',
  theme: 'theme',
  order: 'order',
  text: 'text',
  authorId: 'authorId',
  createdAt: 'createdAt',
} as const;

export const WHY_FIELDS: readonly string[] = Object.values(WHY_FIELD);
export const IMMUTABLE_WHY_FIELDS: readonly string[] = [WHY_FIELD.id, WHY_FIELD.theme, WHY_FIELD.text, WHY_FIELD.authorId, WHY_FIELD.createdAt];
export const MAX_WHY_LENGTH = 1000;
export const MAX_THEME_NOTES_LENGTH = 5000;
/** Seed 002 asks "why" five times; a chain may go a little deeper, never without bound. */
export const MAX_WHYS_PER_THEME = 10;

/** Fields of a link (R56): written once, never changed; unlinking deletes it. */
export const LINK_FIELD = {
  id: 'id',
  from: 'from',
  to: 'to',
  authorId: 'authorId',
  createdAt: 'createdAt',
} as const;

export const LINK_FIELDS: readonly string[] = Object.values(LINK_FIELD);

export interface WhySnapshot {
  readonly id: string;
  readonly theme: string;
  readonly order: string;
  readonly text: string;
  readonly authorId: string;
  readonly createdAt: number;
}

/**
 * What a link joins. A card or a theme points at the timeline event it explains; an action
 * points at the card or theme it addresses.
 */
export type LinkEnd = `card:${string}` | `theme:${string}` | `event:${string}` | `action:${string}`;

export interface LinkSnapshot {
  readonly id: string;
  readonly from: LinkEnd;
  readonly to: LinkEnd;
  readonly authorId: string;
  readonly createdAt: number;
}

const END = /^(card|theme|event|action):(.{1,200})$/s;

export function linkEndKind(end: unknown): 'card' | 'theme' | 'event' | 'action' | null {
  if (typeof end !== 'string') return null;
  const match = END.exec(end);
  return match ? (match[1] as 'card' | 'theme' | 'event' | 'action') : null;
}

export function linkEndId(end: LinkEnd): string {
  return end.slice(end.indexOf(':') + 1);
}

/** The pairs a link may join (R56): card or theme → timeline event, action → card or theme. */
export function isLinkPair(from: unknown, to: unknown): boolean {
  const source = linkEndKind(from);
  const target = linkEndKind(to);
  if (source === 'card' || source === 'theme') return target === 'event';
  if (source === 'action') return target === 'card' || target === 'theme';
  return false;
}

/** Theme id → the facilitator's discussion notes (R54). */
export function notesMap(doc: Y.Doc): Y.Map<Y.Text> {
  return doc.getMap(ROOT.notes);
}

/** Every theme's notes as plain text: '' for notes started and still empty, none for notes never started. */
export function selectNotes(doc: Y.Doc): ReadonlyMap<string, string> {
  const notes = new Map<string, string>();
  notesMap(doc).forEach((text, themeId) => {
    if (text instanceof Y.Text) notes.set(themeId, text.toJSON());
  });
  return notes;
}

export function whysMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(ROOT.whys);
}

export function linksMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(ROOT.links);
}

export function readWhy(id: string, map: unknown): WhySnapshot | null {
  if (!(map instanceof Y.Map)) return null;
  const theme: unknown = map.get(WHY_FIELD.theme);
  const order: unknown = map.get(WHY_FIELD.order);
  const text: unknown = map.get(WHY_FIELD.text);
  const authorId: unknown = map.get(WHY_FIELD.authorId);
  const createdAt: unknown = map.get(WHY_FIELD.createdAt);
  if (typeof theme !== 'string' || !isValidOrderKey(order) || !(text instanceof Y.Text) || typeof authorId !== 'string' || typeof createdAt !== 'number') {
    return null;
  }
  return Object.freeze({ id, theme, order, text: text.toJSON(), authorId, createdAt });
}

export function readLink(id: string, map: unknown): LinkSnapshot | null {
  if (!(map instanceof Y.Map)) return null;
  const from: unknown = map.get(LINK_FIELD.from);
  const to: unknown = map.get(LINK_FIELD.to);
  const authorId: unknown = map.get(LINK_FIELD.authorId);
  const createdAt: unknown = map.get(LINK_FIELD.createdAt);
  if (!isLinkPair(from, to) || typeof authorId !== 'string' || typeof createdAt !== 'number') return null;
  return Object.freeze({ id, from: from as LinkEnd, to: to as LinkEnd, authorId, createdAt });
}
