/**
 * What a drop does: one model command, chosen from what was dragged and where it landed.
 * Read against the document as it is at the drop, so a card moved meanwhile by someone
 * else is still found; an item deleted meanwhile answers with a clear message.
 */
import {
  COLUMNS,
  findShownCard,
  groupCards,
  mergeThemes,
  moveCard,
  moveCardToTheme,
  moveTheme,
  selectLayout,
  type Actor,
  type BoardLayout,
  type CommandResult,
} from '@hindsight/shared';
import type * as Y from 'yjs';
import { parseContainer, type ContainerId, type DragItem, type DropTarget } from './ids';

export interface DropOutcome {
  readonly result: CommandResult<unknown>;
  /** A theme the drop created, whose title takes focus. */
  readonly createdTheme?: string;
}

function cardsIn(layout: BoardLayout, container: ContainerId) {
  const place = parseContainer(container);
  return place.kind === 'column' ? layout.columns[place.column] : (layout.themes.find((theme) => theme.id === place.themeId)?.cards ?? []);
}

function moveTo(doc: Y.Doc, actor: Actor, cardId: string, container: ContainerId, index: number): CommandResult<unknown> {
  const place = parseContainer(container);
  return place.kind === 'column'
    ? moveCard(doc, actor, cardId, { column: place.column, index })
    : moveCardToTheme(doc, actor, cardId, place.themeId, index);
}

export function applyDrop(doc: Y.Doc, actor: Actor, item: DragItem, target: DropTarget): DropOutcome {
  const layout = selectLayout(doc);
  if (item.kind === 'card') {
    switch (target.kind) {
      case 'group': {
        const grouped = groupCards(doc, actor, item.id, target.cardId);
        return grouped.ok && grouped.value.created ? { result: grouped, createdTheme: grouped.value.themeId } : { result: grouped };
      }
      case 'before-card': {
        const siblings = cardsIn(layout, target.container).filter((card) => card.id !== item.id);
        const at = siblings.findIndex((card) => card.id === target.cardId);
        return { result: moveTo(doc, actor, item.id, target.container, at < 0 ? siblings.length : at) };
      }
      case 'container-end':
        return { result: moveTo(doc, actor, item.id, target.container, Number.MAX_SAFE_INTEGER) };
      default:
        return { result: { ok: true, value: undefined } };
    }
  }
  const others = layout.themes.filter((theme) => theme.id !== item.id);
  switch (target.kind) {
    case 'merge':
      return { result: mergeThemes(doc, actor, item.id, target.themeId) };
    case 'before-theme': {
      const at = others.findIndex((theme) => theme.id === target.themeId);
      return { result: moveTheme(doc, actor, item.id, at < 0 ? others.length : at) };
    }
    case 'themes-end':
      return { result: moveTheme(doc, actor, item.id, others.length) };
    default:
      return { result: { ok: true, value: undefined } };
  }
}

const quote = (text: string) => {
  const trimmed = text.trim();
  return `“${trimmed.length > 50 ? `${trimmed.slice(0, 49)}…` : trimmed || 'empty card'}”`;
};

const textOf = (layout: BoardLayout, cardId: string) => quote(findShownCard(layout, cardId)?.text ?? '');
const themeTitle = (layout: BoardLayout, themeId: string) => quote(layout.themes.find((theme) => theme.id === themeId)?.title ?? '');

function containerName(layout: BoardLayout, container: ContainerId): string {
  const place = parseContainer(container);
  if (place.kind === 'column') return COLUMNS.find((column) => column.id === place.column)?.label ?? 'the column';
  return `theme ${themeTitle(layout, place.themeId)}`;
}

/** Words for a screen reader: what is dragged. */
export function describeItem(layout: BoardLayout, item: DragItem): string {
  return item.kind === 'theme' ? `theme ${themeTitle(layout, item.id)}` : `card ${textOf(layout, item.id)}`;
}

/** Words for a screen reader: what dropping here would do. */
export function describeTarget(layout: BoardLayout, target: DropTarget | null): string {
  if (!target) return 'Not over a place to drop.';
  switch (target.kind) {
    case 'before-card':
      return `Before ${textOf(layout, target.cardId)} in ${containerName(layout, target.container)}.`;
    case 'group': {
      const theme = layout.themeOfCard.get(target.cardId);
      return theme ? `Onto ${textOf(layout, target.cardId)}: drop to add to theme ${themeTitle(layout, theme)}.` : `Onto ${textOf(layout, target.cardId)}: drop to group both into a new theme.`;
    }
    case 'container-end':
      return `At the end of ${containerName(layout, target.container)}.`;
    case 'before-theme':
      return `Before theme ${themeTitle(layout, target.themeId)}.`;
    case 'merge':
      return `Onto theme ${themeTitle(layout, target.themeId)}: drop to merge into it.`;
    case 'themes-end':
      return 'After the last theme.';
  }
}

/** Words for a screen reader: what the drop did. */
export function describeDrop(layout: BoardLayout, target: DropTarget): string {
  switch (target.kind) {
    case 'before-card':
      return `Moved before ${textOf(layout, target.cardId)} in ${containerName(layout, target.container)}.`;
    case 'group': {
      const theme = layout.themeOfCard.get(target.cardId);
      return theme ? `Added to theme ${themeTitle(layout, theme)}, after ${textOf(layout, target.cardId)}.` : `Grouped with ${textOf(layout, target.cardId)} in a new theme. Type its title.`;
    }
    case 'container-end':
      return `Moved to the end of ${containerName(layout, target.container)}.`;
    case 'before-theme':
      return `Moved before theme ${themeTitle(layout, target.themeId)}.`;
    case 'merge':
      return `Merged into theme ${themeTitle(layout, target.themeId)}.`;
    case 'themes-end':
      return 'Moved after the last theme.';
  }
}
