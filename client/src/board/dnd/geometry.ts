/**
 * Where a drop lands, from geometry alone: the pointer (or, for the keyboard, the centre of
 * the dragged item) against the measured rects of the droppables. The middle half of a card
 * groups, its top and bottom quarters mean "before" and "after"; the middle half of a theme
 * merges, its sides mean "before" and "after". Items do not shift while dragging (a line
 * shows the gap), so measured rects stay true for the whole drag.
 */
import { type ClientRect, type CollisionDetection, type DroppableContainer, type KeyboardCoordinateGetter, type UniqueIdentifier } from '@dnd-kit/core';
import { groupDndId, mergeDndId, targetOfDroppable, THEMES_END, type ContainerId, type DragItem, type DropData, type DropTarget } from './ids';

export interface Point {
  readonly x: number;
  readonly y: number;
}

interface Placed {
  readonly id: string;
  readonly rect: ClientRect;
}

/** The droppables of one drag, sorted: cards per container, containers, themes. */
interface Scene {
  readonly cards: Map<ContainerId, (Placed & { cardId: string; index: number })[]>;
  readonly containers: Map<ContainerId, ClientRect>;
  readonly themes: (Placed & { themeId: string; index: number })[];
  themesEnd: ClientRect | null;
}

export interface DragPolicy {
  /** Whether dropping on a card groups (R44: Group phase, or a facilitator). */
  readonly grouping: boolean;
}

const contains = (rect: ClientRect, p: Point) => p.x >= rect.left && p.x <= rect.right && p.y >= rect.top && p.y <= rect.bottom;
const centerOf = (rect: ClientRect): Point => ({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });

/** Without regrouping rights (R44) only the columns are places to drop: no theme, no card to group with. */
function inTheme(data: DropData): boolean {
  return (data.kind === 'card' || data.kind === 'container') && data.container.startsWith('in-theme:');
}

/** The scene of the last call: rects are measured once per drag, so moves reuse it. */
let lastScene: { key: [Map<UniqueIdentifier, ClientRect>, number, UniqueIdentifier, DragPolicy]; scene: Scene } | null = null;

function sceneOf(droppables: DroppableContainer[], rects: Map<UniqueIdentifier, ClientRect>, activeId: UniqueIdentifier, policy: DragPolicy): Scene {
  const key = lastScene?.key;
  if (key && key[0] === rects && key[1] === droppables.length && key[2] === activeId && key[3] === policy) return (lastScene as { scene: Scene }).scene;
  const scene = buildScene(droppables, rects, activeId, policy);
  lastScene = { key: [rects, droppables.length, activeId, policy], scene };
  return scene;
}

function buildScene(droppables: Iterable<DroppableContainer>, rects: Map<UniqueIdentifier, ClientRect>, activeId: UniqueIdentifier, policy: DragPolicy): Scene {
  const scene: Scene = { cards: new Map(), containers: new Map(), themes: [], themesEnd: null };
  for (const droppable of droppables) {
    const rect = rects.get(droppable.id);
    const data = droppable.data.current as DropData | undefined;
    if (!rect || !data || droppable.disabled || droppable.id === activeId || droppable.id === SURFACE_ID) continue;
    if (!policy.grouping && inTheme(data)) continue;
    const id = String(droppable.id);
    if (data.kind === 'card') {
      const list = scene.cards.get(data.container) ?? [];
      list.push({ id, rect, cardId: data.cardId, index: data.index });
      scene.cards.set(data.container, list);
    } else if (data.kind === 'container') scene.containers.set(data.container, rect);
    else if (data.kind === 'theme') scene.themes.push({ id, rect, themeId: data.themeId, index: data.index });
    else if (data.kind === 'themes-end') scene.themesEnd = rect;
  }
  for (const list of scene.cards.values()) list.sort((a, b) => a.index - b.index);
  scene.themes.sort((a, b) => a.index - b.index);
  return scene;
}

/** The droppable a card dropped at `p` lands on, or null for nowhere. */
export function cardTargetAt(scene: Scene, p: Point, policy: DragPolicy): string | null {
  for (const [container, cards] of scene.cards) {
    const at = cards.findIndex((card) => contains(card.rect, p));
    const card = cards[at];
    if (!card) continue;
    const share = (p.y - card.rect.top) / Math.max(1, card.rect.height);
    if (policy.grouping && share >= 0.25 && share <= 0.75) return groupDndId(card.cardId);
    if (share < 0.5) return card.id;
    return cards[at + 1]?.id ?? container;
  }
  for (const [container, rect] of scene.containers) {
    if (!contains(rect, p)) continue;
    const next = (scene.cards.get(container) ?? []).find((card) => centerOf(card.rect).y > p.y);
    return next?.id ?? container;
  }
  return null;
}

/** The droppable a theme dropped at `p` lands on, or null for nowhere. */
export function themeTargetAt(scene: Scene, p: Point): string | null {
  const at = scene.themes.findIndex((theme) => contains(theme.rect, p));
  const theme = scene.themes[at];
  if (theme) {
    const share = (p.x - theme.rect.left) / Math.max(1, theme.rect.width);
    if (share < 0.25) return theme.id;
    if (share > 0.75) return scene.themes[at + 1]?.id ?? THEMES_END;
    return mergeDndId(theme.themeId);
  }
  return scene.themesEnd && contains(scene.themesEnd, p) ? THEMES_END : null;
}

const kindOf = (data: unknown) => (data as DragItem | undefined)?.kind ?? 'card';

/** The one droppable dnd-kit is ever "over": the board itself. */
export const SURFACE_ID = 'board-surface';

/** What the collision detection found, carried in the surface collision's data. */
export interface Aim {
  readonly overId: string | null;
  readonly target: DropTarget | null;
}

/**
 * dnd-kit re-renders every draggable and droppable when the droppable it is over changes;
 * with hundreds of cards that costs a frame. So it is always over the board surface, and
 * the real target travels in the collision's data to onDragMove, which keeps it in UI
 * state where only the two or three components it concerns re-render.
 */
export function boardCollisions(policy: DragPolicy): CollisionDetection {
  return ({ active, collisionRect, droppableContainers, droppableRects, pointerCoordinates }) => {
    const p = pointerCoordinates ?? centerOf(collisionRect);
    const scene = sceneOf(droppableContainers, droppableRects, active.id, policy);
    const overId = kindOf(active.data.current) === 'theme' ? themeTargetAt(scene, p) : cardTargetAt(scene, p, policy);
    const data = overId === null ? undefined : (droppableContainers.find((droppable) => droppable.id === overId)?.data.current as DropData | undefined);
    const aim: Aim = { overId, target: overId === null ? null : targetOfDroppable(overId, data) };
    return [{ id: SURFACE_ID, data: aim }];
  };
}

/** Stops the keyboard visits, per container, in reading order. */
interface SlotGroup {
  readonly rect: ClientRect;
  readonly slots: readonly Point[];
}

function cardSlots(scene: Scene, policy: DragPolicy): SlotGroup[] {
  return [...scene.containers].map(([container, rect]) => {
    const cards = scene.cards.get(container) ?? [];
    const slots: Point[] = [];
    for (const card of cards) {
      const x = card.rect.left + card.rect.width / 2;
      slots.push({ x, y: card.rect.top + card.rect.height * 0.1 });
      if (policy.grouping) slots.push(centerOf(card.rect));
    }
    const last = cards.at(-1);
    slots.push(last ? { x: last.rect.left + last.rect.width / 2, y: Math.min(rect.bottom - 1, last.rect.bottom + 4) } : centerOf(rect));
    return { rect, slots };
  });
}

function themeSlots(scene: Scene): SlotGroup[] {
  const slots: Point[] = [];
  for (const theme of scene.themes) {
    slots.push({ x: theme.rect.left + theme.rect.width * 0.1, y: theme.rect.top + theme.rect.height / 2 });
    slots.push(centerOf(theme.rect));
  }
  if (scene.themesEnd) slots.push(centerOf(scene.themesEnd));
  const first = scene.themes[0]?.rect ?? scene.themesEnd;
  return first ? [{ rect: first, slots }] : [];
}

const DOWN = 'ArrowDown';
const UP = 'ArrowUp';
const LEFT = 'ArrowLeft';
const RIGHT = 'ArrowRight';

const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** The next stop from `p` in a direction: along the container, then to the nearest container that way. */
export function nextSlot(groups: readonly SlotGroup[], p: Point, direction: string): Point | null {
  let current: { group: SlotGroup; index: number } | null = null;
  let best = Infinity;
  for (const group of groups) {
    group.slots.forEach((slot, index) => {
      const d = distance(slot, p);
      if (d < best) [best, current] = [d, { group, index }];
    });
  }
  if (!current) return null;
  const { group, index } = current as { group: SlotGroup; index: number };
  const here = centerOf(group.rect);
  const forward = direction === DOWN || (groups.length === 1 && direction === RIGHT);
  const backward = direction === UP || (groups.length === 1 && direction === LEFT);
  if (forward && index + 1 < group.slots.length) return group.slots[index + 1] ?? null;
  if (backward && index > 0) return group.slots[index - 1] ?? null;
  const candidates = groups.filter((other) => {
    if (other === group) return false;
    const there = centerOf(other.rect);
    if (direction === DOWN) return other.rect.top >= group.rect.bottom - 1;
    if (direction === UP) return other.rect.bottom <= group.rect.top + 1;
    if (direction === RIGHT) return there.x > here.x && other.rect.bottom > group.rect.top && other.rect.top < group.rect.bottom;
    return there.x < here.x && other.rect.bottom > group.rect.top && other.rect.top < group.rect.bottom;
  });
  const target = candidates.sort((a, b) => distance(centerOf(a.rect), here) - distance(centerOf(b.rect), here))[0];
  if (!target) return null;
  if (direction === DOWN) return target.slots[0] ?? null;
  if (direction === UP) return target.slots.at(-1) ?? null;
  return [...target.slots].sort((a, b) => Math.abs(a.y - p.y) - Math.abs(b.y - p.y))[0] ?? null;
}

const DIRECTIONS: readonly string[] = [DOWN, UP, LEFT, RIGHT];

/** Arrow keys step through the same targets the pointer can reach: gaps, cards to group with, themes. */
export function boardKeyboardCoordinates(policy: () => DragPolicy): KeyboardCoordinateGetter {
  return (event, { context, currentCoordinates }) => {
    if (!DIRECTIONS.includes(event.code)) return undefined;
    event.preventDefault();
    const { active, collisionRect, droppableRects, droppableContainers } = context;
    if (!active || !collisionRect) return undefined;
    const rules = policy();
    const scene = sceneOf(droppableContainers.getEnabled(), droppableRects, active.id, rules);
    const groups = kindOf(active.data.current) === 'theme' ? themeSlots(scene) : cardSlots(scene, rules);
    const p = centerOf(collisionRect);
    const next = nextSlot(groups, p, event.code);
    if (!next) return undefined;
    return { x: currentCoordinates.x + next.x - p.x, y: currentCoordinates.y + next.y - p.y };
  };
}
