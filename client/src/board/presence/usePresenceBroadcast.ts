import { cardsMap, CURSOR_SEND_INTERVAL_MS, cursorToWire, PRESENCE_FIELD, type CursorAnchor, type CursorPosition } from '@hindsight/shared';
import { useEffect, type RefObject } from 'react';
import type * as Y from 'yjs';
import { useUi } from '../../uiStore';
import type { Awareness } from './useRemoteMarks';

/** Board elements a cursor can point at, innermost first: a card, a theme, a column. */
const ANCHORS: readonly { readonly kind: CursorAnchor['kind']; readonly attribute: string }[] = [
  { kind: 'card', attribute: 'data-card-id' },
  { kind: 'theme', attribute: 'data-theme-id' },
  { kind: 'column', attribute: 'data-column' },
];

function anchorOf(kind: CursorAnchor['kind'], id: string, element: Element, x: number, y: number): CursorAnchor {
  const rect = element.getBoundingClientRect();
  const fraction = (value: number, start: number, size: number) => (size > 0 ? Math.min(1, Math.max(0, (value - start) / size)) : 0);
  return { kind, id, x: fraction(x, rect.left, rect.width), y: fraction(y, rect.top, rect.height) };
}

/** Where the pointer is, relative to the board elements under it, innermost first, ending with the board itself. */
export function cursorAt(board: HTMLElement, target: Element | null, x: number, y: number): CursorPosition {
  const anchors: CursorAnchor[] = [];
  for (const { kind, attribute } of ANCHORS) {
    const element = target?.closest(`[${attribute}]`);
    const id = element?.getAttribute(attribute);
    // Your drafts are in your columns too, but never named: only board cards are anchors.
    if (!element || !id || !board.contains(element)) continue;
    // A card's column always shows with it; its theme may be collapsed on another screen.
    if (kind === 'column' && anchors.length > 0) continue;
    anchors.push(anchorOf(kind, id, element, x, y));
  }
  // The board scrolls: its anchor is a fraction of everything it holds, not of the part in view.
  const rect = board.getBoundingClientRect();
  const within = (value: number, size: number) => (size > 0 ? Math.min(1, Math.max(0, value / size)) : 0);
  anchors.push({ kind: 'board', id: '', x: within(x - rect.left + board.scrollLeft, board.scrollWidth), y: within(y - rect.top + board.scrollTop, board.scrollHeight) });
  return anchors;
}

/**
 * Tells the others where your pointer is on the board (at most every 50 ms, the last
 * position always sent) and which board card you are editing. A draft is never named, and
 * no cursor is sent while `hidden` (secret voting).
 * `layer` is an element inside the board; the board is its parent.
 */
export function usePresenceBroadcast(awareness: Awareness, doc: Y.Doc, layer: RefObject<HTMLElement | null>, hidden: boolean): void {
  const editingCardId = useUi((state) => state.editingCardId);
  useEffect(() => {
    const onBoard = editingCardId !== null && cardsMap(doc).has(editingCardId) && !hidden;
    awareness.setLocalStateField(PRESENCE_FIELD.editing, onBoard ? editingCardId : null);
  }, [awareness, doc, editingCardId, hidden]);
  useEffect(() => () => awareness.setLocalStateField(PRESENCE_FIELD.editing, null), [awareness]);

  useEffect(() => {
    const element = layer.current?.parentElement;
    // While votes are secret, a cursor over a card's + would say who votes for what (R50).
    if (!element || hidden) return;
    let pending: CursorPosition | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastSent = 0;
    const send = () => {
      timer = null;
      lastSent = performance.now();
      // With the time it moved, so a viewer shows a person's most recently used tab, not one the awareness heartbeat refreshed.
      awareness.setLocalState({ ...awareness.getLocalState(), [PRESENCE_FIELD.cursor]: pending && cursorToWire(pending), [PRESENCE_FIELD.cursorAt]: Date.now() });
    };
    const onMove = (event: PointerEvent) => {
      if (event.pointerType === 'touch') return;
      pending = cursorAt(element, event.target as Element | null, event.clientX, event.clientY);
      const wait = CURSOR_SEND_INTERVAL_MS - (performance.now() - lastSent);
      if (wait <= 0) send();
      else timer ??= setTimeout(send, wait);
    };
    const onLeave = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
      send();
    };
    element.addEventListener('pointermove', onMove);
    element.addEventListener('pointerleave', onLeave);
    return () => {
      element.removeEventListener('pointermove', onMove);
      element.removeEventListener('pointerleave', onLeave);
      onLeave();
    };
  }, [awareness, layer, hidden]);
}
