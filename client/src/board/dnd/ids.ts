/**
 * Drag and drop ids. Every place a drop can mean something is a droppable of its own, so
 * dnd-kit's `over` names the target exactly and a change of target is one onDragOver (and
 * one screen-reader announcement). The ids carry their kind as a prefix.
 */
import type { ColumnId } from '@hindsight/shared';

export type ContainerId = `column:${ColumnId}` | `in-theme:${string}`;

export const cardDndId = (cardId: string) => `card:${cardId}`;
export const groupDndId = (cardId: string) => `group:${cardId}`;
export const columnDndId = (column: ColumnId): ContainerId => `column:${column}`;
export const themeCardsDndId = (themeId: string): ContainerId => `in-theme:${themeId}`;
export const themeDndId = (themeId: string) => `theme:${themeId}`;
export const mergeDndId = (themeId: string) => `merge:${themeId}`;
export const THEMES_END = 'themes-end';

/** What a dragged item is. */
export type DragItem = { readonly kind: 'card'; readonly id: string } | { readonly kind: 'theme'; readonly id: string };

/** Data every droppable carries, so geometry needs nothing but dnd-kit's measurements. */
export type DropData =
  | { readonly kind: 'card'; readonly cardId: string; readonly container: ContainerId; readonly index: number }
  | { readonly kind: 'group'; readonly cardId: string; readonly container: ContainerId }
  | { readonly kind: 'container'; readonly container: ContainerId }
  | { readonly kind: 'theme'; readonly themeId: string; readonly index: number }
  | { readonly kind: 'merge'; readonly themeId: string }
  | { readonly kind: 'themes-end' };

/** Where a drop would put the dragged item. */
export type DropTarget =
  | { readonly kind: 'before-card'; readonly cardId: string; readonly container: ContainerId }
  | { readonly kind: 'group'; readonly cardId: string }
  | { readonly kind: 'container-end'; readonly container: ContainerId }
  | { readonly kind: 'before-theme'; readonly themeId: string }
  | { readonly kind: 'merge'; readonly themeId: string }
  | { readonly kind: 'themes-end' };

export function targetOf(over: string | null): DropTarget | null {
  if (over === null) return null;
  const cut = over.indexOf(':');
  const kind = cut < 0 ? over : over.slice(0, cut);
  const rest = over.slice(cut + 1);
  switch (kind) {
    case 'card':
      return null; // needs the container: read from the droppable's data instead
    case 'group':
      return { kind: 'group', cardId: rest };
    case 'column':
    case 'in-theme':
      return { kind: 'container-end', container: over as ContainerId };
    case 'theme':
      return { kind: 'before-theme', themeId: rest };
    case 'merge':
      return { kind: 'merge', themeId: rest };
    case THEMES_END:
      return { kind: 'themes-end' };
    default:
      return null;
  }
}

/** The target a droppable stands for, from its id and data. */
export function targetOfDroppable(id: string, data: DropData | undefined): DropTarget | null {
  if (data?.kind === 'card') return { kind: 'before-card', cardId: data.cardId, container: data.container };
  return targetOf(id);
}

export function parseContainer(container: ContainerId): { kind: 'column'; column: ColumnId } | { kind: 'theme'; themeId: string } {
  return container.startsWith('column:')
    ? { kind: 'column', column: container.slice('column:'.length) as ColumnId }
    : { kind: 'theme', themeId: container.slice('in-theme:'.length) };
}
