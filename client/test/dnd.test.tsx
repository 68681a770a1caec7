import type { ClientRect, DroppableContainer } from '@dnd-kit/core';
import { addCard, groupCards, initBoard, selectLayout, type Actor } from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyDrop, describeTarget } from '../src/board/dnd/drop';
import { boardCollisions, nextSlot, type Aim } from '../src/board/dnd/geometry';
import type { DropData } from '../src/board/dnd/ids';

const ana: Actor = { participantId: 'p-ana', role: 'participant' };

function rect(left: number, top: number, width: number, height: number): ClientRect {
  return { left, top, width, height, right: left + width, bottom: top + height };
}

/** Two columns side by side; the first holds cards a and b, the second card c; one theme above. */
function scene() {
  const droppables: [string, DropData, ClientRect][] = [
    ['column:went-well', { kind: 'container', container: 'column:went-well' }, rect(0, 200, 200, 600)],
    ['column:lessons-learned', { kind: 'container', container: 'column:lessons-learned' }, rect(220, 200, 200, 600)],
    ['card:a', { kind: 'card', cardId: 'a', container: 'column:went-well', index: 0 }, rect(10, 240, 180, 100)],
    ['group:a', { kind: 'group', cardId: 'a', container: 'column:went-well' }, rect(10, 240, 180, 100)],
    ['card:b', { kind: 'card', cardId: 'b', container: 'column:went-well', index: 1 }, rect(10, 350, 180, 100)],
    ['group:b', { kind: 'group', cardId: 'b', container: 'column:went-well' }, rect(10, 350, 180, 100)],
    ['card:c', { kind: 'card', cardId: 'c', container: 'column:lessons-learned', index: 0 }, rect(230, 240, 180, 100)],
    ['group:c', { kind: 'group', cardId: 'c', container: 'column:lessons-learned' }, rect(230, 240, 180, 100)],
    ['theme:t', { kind: 'theme', themeId: 't', index: 0 }, rect(0, 0, 200, 150)],
    ['merge:t', { kind: 'merge', themeId: 't' }, rect(0, 0, 200, 150)],
    ['in-theme:t', { kind: 'container', container: 'in-theme:t' }, rect(0, 0, 200, 150)],
    ['theme:u', { kind: 'theme', themeId: 'u', index: 1 }, rect(220, 0, 200, 150)],
    ['merge:u', { kind: 'merge', themeId: 'u' }, rect(220, 0, 200, 150)],
    ['in-theme:u', { kind: 'container', container: 'in-theme:u' }, rect(220, 0, 200, 150)],
    ['themes-end', { kind: 'themes-end' }, rect(440, 0, 200, 150)],
  ];
  const droppableContainers = droppables.map(([id, data]) => ({ id, data: { current: data }, disabled: false }) as unknown as DroppableContainer);
  const droppableRects = new Map(droppables.map(([id, , box]) => [id, box]));
  return { droppableContainers, droppableRects };
}

function aim(kind: 'card' | 'theme', activeId: string, x: number, y: number, grouping = true): Aim {
  const { droppableContainers, droppableRects } = scene();
  const data = kind === 'card' ? { kind: 'card', cardId: activeId.slice(5) } : { kind: 'theme', themeId: activeId.slice(6) };
  const [collision] = boardCollisions({ grouping })({
    active: { id: activeId, data: { current: data }, rect: { current: { initial: null, translated: null } } },
    collisionRect: rect(x - 5, y - 5, 10, 10),
    droppableRects,
    droppableContainers,
    pointerCoordinates: { x, y },
  });
  return collision?.data as Aim;
}

describe('where a drop lands', () => {
  it('[R44] over a card: its top quarter means before, its middle groups, its bottom quarter means after', () => {
    expect(aim('card', 'card:c', 100, 250)).toEqual({ overId: 'card:a', target: { kind: 'before-card', cardId: 'a', container: 'column:went-well' } });
    expect(aim('card', 'card:c', 100, 290)).toEqual({ overId: 'group:a', target: { kind: 'group', cardId: 'a' } });
    expect(aim('card', 'card:c', 100, 335).overId).toBe('card:b');
    expect(aim('card', 'card:c', 100, 445)).toEqual({ overId: 'column:went-well', target: { kind: 'container-end', container: 'column:went-well' } });
  });

  it('[R44] without the right to regroup, a card has no middle to group on and themes take no drop', () => {
    expect(aim('card', 'card:c', 100, 280, false).overId).toBe('card:a');
    expect(aim('card', 'card:c', 100, 310, false).overId).toBe('card:b');
    expect(aim('card', 'card:c', 100, 60, false)).toEqual({ overId: null, target: null });
  });

  it('over your own card, or the empty part of a column, the card lands where the gap is', () => {
    // Over a itself while dragging a: the gap a leaves, before b.
    expect(aim('card', 'card:a', 100, 290).overId).toBe('card:b');
    expect(aim('card', 'card:c', 320, 700).overId).toBe('column:lessons-learned');
    expect(aim('card', 'card:c', 100, 60).overId).toBe('in-theme:t');
  });

  it('over a theme: its middle merges, its sides mean before and after; a theme never lands on itself', () => {
    expect(aim('theme', 'theme:t', 320, 75)).toEqual({ overId: 'merge:u', target: { kind: 'merge', themeId: 'u' } });
    expect(aim('theme', 'theme:t', 225, 75).overId).toBe('theme:u');
    expect(aim('theme', 'theme:t', 415, 75).overId).toBe('themes-end');
    expect(aim('theme', 'theme:t', 100, 75)).toEqual({ overId: null, target: null });
  });

  it('arrow keys step through the gaps and cards of a column, then to the next column', () => {
    const column = { rect: rect(0, 200, 200, 600), slots: [{ x: 100, y: 250 }, { x: 100, y: 290 }, { x: 100, y: 460 }] };
    const next = { rect: rect(220, 200, 200, 600), slots: [{ x: 320, y: 250 }, { x: 320, y: 470 }] };
    expect(nextSlot([column, next], { x: 100, y: 250 }, 'ArrowDown')).toEqual({ x: 100, y: 290 });
    expect(nextSlot([column, next], { x: 100, y: 290 }, 'ArrowUp')).toEqual({ x: 100, y: 250 });
    expect(nextSlot([column, next], { x: 100, y: 460 }, 'ArrowRight')).toEqual({ x: 320, y: 470 });
    expect(nextSlot([column, next], { x: 320, y: 250 }, 'ArrowLeft')).toEqual({ x: 100, y: 250 });
    expect(nextSlot([column, next], { x: 100, y: 460 }, 'ArrowDown')).toBeNull();
  });
});

describe('what a drop does', () => {
  function board() {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Outage', createdAt: 1 });
    const ids = ['one', 'two', 'three'].map((text) => {
      const added = addCard(doc, ana, { column: 'went-well', text });
      return added.ok ? added.value.cardId : '';
    });
    return { doc, ids: ids as [string, string, string] };
  }
  const texts = (doc: Y.Doc) => {
    const layout = selectLayout(doc);
    return [...layout.columns['went-well'].map((card) => card.text), ...layout.themes.map((theme) => `${theme.title}: ${theme.cards.map((card) => card.text).join(', ')}`)];
  };

  it('one drop is one command: a reorder, a grouping that names the theme it made, a move into a theme', () => {
    const { doc, ids } = board();
    const updates: unknown[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    expect(applyDrop(doc, ana, { kind: 'card', id: ids[2] }, { kind: 'before-card', cardId: ids[0], container: 'column:went-well' }).result.ok).toBe(true);
    expect(texts(doc)).toEqual(['three', 'one', 'two']);
    const grouped = applyDrop(doc, ana, { kind: 'card', id: ids[1] }, { kind: 'group', cardId: ids[0] });
    expect(grouped.createdTheme).toBe(selectLayout(doc).themes[0]?.id);
    expect(texts(doc)).toEqual(['three', 'Theme 1: one, two']);
    applyDrop(doc, ana, { kind: 'card', id: ids[2] }, { kind: 'container-end', container: `in-theme:${grouped.createdTheme ?? ''}` });
    expect(texts(doc)).toEqual(['Theme 1: one, two, three']);
    expect(updates).toHaveLength(3);
  });

  it('dropping a card where it already is writes nothing', () => {
    const { doc, ids } = board();
    let writes = 0;
    doc.on('update', () => writes++);
    applyDrop(doc, ana, { kind: 'card', id: ids[0] }, { kind: 'before-card', cardId: ids[1], container: 'column:went-well' });
    applyDrop(doc, ana, { kind: 'card', id: ids[2] }, { kind: 'container-end', container: 'column:went-well' });
    expect(writes).toBe(0);
  });

  it('a card deleted while you dragged it answers with a message, and nothing is written', () => {
    const { doc, ids } = board();
    doc.getMap('cards').delete(ids[0]);
    const outcome = applyDrop(doc, ana, { kind: 'card', id: ids[0] }, { kind: 'group', cardId: ids[1] });
    expect(outcome.result).toMatchObject({ ok: false, error: { message: 'This card no longer exists.' } });
    expect(selectLayout(doc).themes).toEqual([]);
  });

  it('describes targets in words for screen readers', () => {
    const { doc, ids } = board();
    groupCards(doc, ana, ids[1], ids[0]);
    const layout = selectLayout(doc);
    expect(describeTarget(layout, { kind: 'group', cardId: ids[2] })).toBe('Onto “three”: drop to group both into a new theme.');
    expect(describeTarget(layout, { kind: 'group', cardId: ids[0] })).toBe('Onto “one”: drop to add to theme “Theme 1”.');
    expect(describeTarget(layout, { kind: 'container-end', container: 'column:went-well' })).toBe('At the end of What went well.');
  });
});
