/**
 * Presence (awareness) fields the app sets: never stored, relayed by the server in batches.
 * A cursor points at a board element (a card, a theme, a column or the board itself) plus a
 * fraction of its width and height, not at raw pixels, so it lands on the same thing on
 * every screen whatever its size or scroll position.
 */
export const PRESENCE_FIELD = {
  /** `{ id }` of the card or theme in your hand (step 7). */
  dragging: 'dragging',
  /** The id of the board card whose text you are editing; never a draft. */
  editing: 'editing',
  cursor: 'cursor',
  /** When the cursor last moved (the sender's clock): with two tabs, a viewer shows the one used last. */
  cursorAt: 'cursorAt',
} as const;

/** A client sends its cursor at most this often; the server batches presence every 50 ms too. */
export const CURSOR_SEND_INTERVAL_MS = 50;

export type AnchorKind = 'card' | 'theme' | 'column' | 'board';

export interface CursorAnchor {
  readonly kind: AnchorKind;
  /** The card, theme or column id; '' for the board. */
  readonly id: string;
  /** Where in the element, as fractions of its width and height (0 to 1). */
  readonly x: number;
  readonly y: number;
}

/** Innermost anchor first; a viewer uses the first one it shows (a card in a collapsed theme falls back to the theme). */
export type CursorPosition = readonly CursorAnchor[];

/** On the wire an anchor is a short tuple, fractions to three decimals: with 50 people, every byte is sent 20 times a second to each. */
export type WireAnchor = readonly [AnchorKind, string, number, number];

export function cursorToWire(cursor: CursorPosition): WireAnchor[] {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return cursor.map((anchor) => [anchor.kind, anchor.id, round(anchor.x), round(anchor.y)]);
}

const KINDS: readonly string[] = ['card', 'theme', 'column', 'board'];

function fraction(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : null;
}

/** Reads another client's cursor defensively: awareness states are whatever that client sent. */
export function readCursor(value: unknown): CursorPosition | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > 4) return null;
  const anchors: CursorAnchor[] = [];
  for (const entry of value as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 4) return null;
    const [kind, id, x, y] = entry as unknown[];
    const fx = fraction(x);
    const fy = fraction(y);
    if (typeof kind !== 'string' || !KINDS.includes(kind) || typeof id !== 'string' || id.length > 64 || fx === null || fy === null) return null;
    anchors.push({ kind: kind as AnchorKind, id, x: fx, y: fy });
  }
  return anchors;
}
