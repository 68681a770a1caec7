import { byVotes, cardItem, COLUMN_IDS, themeItem, type BoardLayout, type ColumnId, type CardSnapshot, type ItemKey, type ItemTotal } from '@hindsight/shared';

/**
 * The layout with themes and each column's cards most-voted first; equal totals keep the
 * board's order. Only a view: nothing is written, and dragging is off while it shows.
 */
export function sortLayoutByVotes(layout: BoardLayout, tally: ReadonlyMap<ItemKey, ItemTotal>): BoardLayout {
  const dots = (item: ItemKey) => tally.get(item)?.dots ?? 0;
  const columns = {} as Record<ColumnId, readonly CardSnapshot[]>;
  for (const id of COLUMN_IDS) columns[id] = byVotes(layout.columns[id], (card) => dots(cardItem(card.id)));
  return { ...layout, columns, themes: byVotes(layout.themes, (theme) => dots(themeItem(theme.id))) };
}
