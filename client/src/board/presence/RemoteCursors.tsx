import { PRESENCE_FIELD, readCursor, type CursorPosition } from '@hindsight/shared';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { usePresenceBroadcast } from './usePresenceBroadcast';
import type { Awareness } from './useRemoteMarks';

interface ShownCursor {
  readonly client: number;
  readonly name: string;
  readonly color: string;
  readonly x: number;
  readonly y: number;
}

const SELECTORS: Readonly<Record<string, string>> = { card: 'data-card-id', theme: 'data-theme-id', column: 'data-column' };

/** Where a cursor lands on this screen, in the board's content coordinates: the first of its anchors that is shown here. */
function place(board: HTMLElement, cursor: CursorPosition): { x: number; y: number } | null {
  const origin = board.getBoundingClientRect();
  for (const anchor of cursor) {
    if (anchor.kind === 'board') return { x: anchor.x * board.scrollWidth, y: anchor.y * board.scrollHeight };
    const attribute = SELECTORS[anchor.kind];
    const element = attribute ? board.querySelector(`[${attribute}="${CSS.escape(anchor.id)}"]`) : null;
    if (!element) continue;
    const rect = element.getBoundingClientRect();
    return {
      x: rect.left - origin.left + board.scrollLeft + anchor.x * rect.width,
      y: rect.top - origin.top + board.scrollTop + anchor.y * rect.height,
    };
  }
  return null;
}

/** One cursor per person: with two tabs open, the one that moved last. */
function readCursors(awareness: Awareness, board: HTMLElement): ShownCursor[] {
  const latest = new Map<string, { cursor: CursorPosition; client: number; at: number; name: string; color: string }>();
  for (const [client, state] of awareness.getStates()) {
    if (client === awareness.clientID) continue;
    const cursor = readCursor((state as Record<string, unknown>)[PRESENCE_FIELD.cursor]);
    const user = (state as { user?: { id?: unknown; name?: unknown; color?: unknown } }).user;
    if (!cursor || typeof user?.name !== 'string') continue;
    const person = typeof user.id === 'string' ? user.id : String(client);
    const moved = (state as Record<string, unknown>)[PRESENCE_FIELD.cursorAt];
    const at = typeof moved === 'number' ? moved : 0;
    if ((latest.get(person)?.at ?? -1) >= at) continue;
    latest.set(person, { cursor, client, at, name: user.name, color: typeof user.color === 'string' ? user.color : '#868e96' });
  }
  const shown: ShownCursor[] = [];
  for (const { cursor, client, name, color } of latest.values()) {
    const at = place(board, cursor);
    if (at) shown.push({ client, name, color, ...at });
  }
  return shown;
}

/**
 * Everyone else's pointer on the board, with their name, and yours sent to them (not while
 * `hidden`). Rendered
 * inside the scrolling board, so a cursor scrolls with what it points at; the short
 * transition smooths the 20 updates a second into movement.
 */
export function RemoteCursors({ awareness, doc, hidden }: { awareness: Awareness; doc: Y.Doc; hidden: boolean }) {
  const layer = useRef<HTMLDivElement>(null);
  const [cursors, setCursors] = useState<readonly ShownCursor[]>([]);
  usePresenceBroadcast(awareness, doc, layer, hidden);
  useEffect(() => {
    const update = () => {
      const board = layer.current?.parentElement;
      if (!board) return;
      const next = readCursors(awareness, board);
      setCursors((previous) => (JSON.stringify(previous) === JSON.stringify(next) ? previous : next));
    };
    update();
    awareness.on('change', update);
    // Cards move, themes open and the window resizes between cursor moves: place them again now and then.
    const replace = setInterval(update, 500);
    return () => {
      awareness.off('change', update);
      clearInterval(replace);
    };
  }, [awareness]);
  return (
    <div ref={layer} className="cursor-layer" aria-hidden="true">
      {cursors.map((cursor) => (
        <div key={cursor.client} className="remote-cursor" style={{ transform: `translate(${cursor.x}px, ${cursor.y}px)`, ['--cursor-color' as string]: cursor.color }}>
          <svg width="14" height="18" viewBox="0 0 14 18" className="cursor-arrow">
            <path d="M1 1 L1 15 L5 11 L8 17 L10 16 L7 10 L13 10 Z" />
          </svg>
          <span className="cursor-name">{cursor.name}</span>
        </div>
      ))}
    </div>
  );
}
