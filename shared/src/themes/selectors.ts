import * as Y from 'yjs';
import { COLUMN_IDS, type ColumnId } from '../columns';
import { cardsMap, isThemeTag, THEME_FIELD, themesMap, type CardSnapshot, type ThemeMap, type ThemeSnapshot } from '../layout';
import { compareByOrder, isValidOrderKey } from '../order';
import { readCard } from '../selectors';

/** A theme's plain snapshot, or null when the map is not a whole theme (the gate keeps those out). */
export function readTheme(id: string, theme: ThemeMap): ThemeSnapshot | null {
  const title = theme.get(THEME_FIELD.title);
  const order = theme.get(THEME_FIELD.order);
  const authorId = theme.get(THEME_FIELD.authorId);
  const createdAt = theme.get(THEME_FIELD.createdAt);
  const collapsed = theme.get(THEME_FIELD.collapsed);
  if (!(title instanceof Y.Text) || !isValidOrderKey(order) || typeof authorId !== 'string' || typeof createdAt !== 'number') return null;
  const tag = theme.get(THEME_FIELD.tag);
  return Object.freeze({
    id,
    title: title.toJSON(),
    order,
    authorId,
    createdAt,
    collapsed: collapsed === true,
    tag: isThemeTag(tag) ? tag : null,
  });
}

/** A visible theme and the cards shown in it, in display order. */
export interface ThemeView extends ThemeSnapshot {
  readonly cards: readonly CardSnapshot[];
}

/**
 * Where every card shows (R45): in its theme when that theme is live, otherwise in its
 * column. Each card is in exactly one place, whatever concurrent moves, groupings and
 * deletions did. Themes with no card are hidden, never deleted.
 */
export interface BoardLayout {
  /** Cards in no live theme, per column, in display order (R13). */
  readonly columns: Readonly<Record<ColumnId, readonly CardSnapshot[]>>;
  /** Themes holding at least one card, in display order. */
  readonly themes: readonly ThemeView[];
  /** Live themes with no card: hidden, listed so a facilitator can delete them. */
  readonly emptyThemes: readonly ThemeSnapshot[];
  /** Which visible theme each grouped card shows in. */
  readonly themeOfCard: ReadonlyMap<string, string>;
}

function byThemeOrder(a: CardSnapshot, b: CardSnapshot): number {
  return compareByOrder({ order: a.themeOrder, id: a.id }, { order: b.themeOrder, id: b.id });
}

function sameCard(a: CardSnapshot, b: CardSnapshot): boolean {
  return (
    a.text === b.text &&
    a.column === b.column &&
    a.order === b.order &&
    a.theme === b.theme &&
    a.themeOrder === b.themeOrder &&
    a.authorId === b.authorId &&
    a.createdAt === b.createdAt
  );
}

function sameList<T>(a: readonly T[] | undefined, b: readonly T[]): a is readonly T[] {
  return a !== undefined && a.length === b.length && a.every((item, i) => item === b[i]);
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

function sameTheme(a: ThemeView, b: ThemeSnapshot, cards: readonly CardSnapshot[]): boolean {
  return a.title === b.title && a.order === b.order && a.collapsed === b.collapsed && a.tag === b.tag && a.cards === cards;
}

/**
 * A layout selector that reuses the previous answer's objects wherever nothing changed: a
 * card, a column's list or a theme keeps its identity, so a remote move re-renders only
 * the columns and themes it touched.
 */
export function createLayoutSelector(): (doc: Y.Doc) => BoardLayout {
  let previousCards = new Map<string, CardSnapshot>();
  let previous: BoardLayout | null = null;
  let previousThemes = new Map<string, ThemeView>();
  return (doc) => {
    const themes = new Map<string, ThemeSnapshot>();
    themesMap(doc).forEach((map, id) => {
      if (!(map instanceof Y.Map)) return;
      const theme = readTheme(id, map);
      if (theme) themes.set(id, theme);
    });
    const cards = new Map<string, CardSnapshot>();
    const columns = Object.fromEntries(COLUMN_IDS.map((id) => [id, [] as CardSnapshot[]])) as Record<ColumnId, CardSnapshot[]>;
    const grouped = new Map<string, CardSnapshot[]>();
    const themeOfCard = new Map<string, string>();
    cardsMap(doc).forEach((map, id) => {
      if (!(map instanceof Y.Map)) return;
      const fresh = readCard(id, map);
      if (!fresh) return;
      const old = previousCards.get(id);
      const card = old && sameCard(old, fresh) ? old : fresh;
      cards.set(id, card);
      if (card.theme !== '' && themes.has(card.theme)) {
        themeOfCard.set(id, card.theme);
        const list = grouped.get(card.theme);
        if (list) list.push(card);
        else grouped.set(card.theme, [card]);
      } else {
        columns[card.column].push(card);
      }
    });
    const sharedColumns = {} as Record<ColumnId, readonly CardSnapshot[]>;
    for (const id of COLUMN_IDS) {
      const list = columns[id].sort(compareByOrder);
      const old = previous?.columns[id];
      sharedColumns[id] = sameList(old, list) ? old : Object.freeze(list);
    }
    const visible: ThemeView[] = [];
    const emptyThemes: ThemeSnapshot[] = [];
    const nextThemes = new Map<string, ThemeView>();
    for (const theme of themes.values()) {
      const list = grouped.get(theme.id);
      if (!list) {
        emptyThemes.push(theme);
        continue;
      }
      list.sort(byThemeOrder);
      const old = previousThemes.get(theme.id);
      const themeCards = sameList(old?.cards, list) ? (old).cards : Object.freeze(list);
      const view = old && sameTheme(old, theme, themeCards) ? old : Object.freeze({ ...theme, cards: themeCards });
      nextThemes.set(theme.id, view);
      visible.push(view);
    }
    visible.sort(compareByOrder);
    emptyThemes.sort(compareByOrder);
    const layout: BoardLayout = Object.freeze({
      columns: previous && COLUMN_IDS.every((id) => previous?.columns[id] === sharedColumns[id]) ? previous.columns : Object.freeze(sharedColumns),
      themes: sameList(previous?.themes, visible) ? (previous).themes : Object.freeze(visible),
      emptyThemes: Object.freeze(emptyThemes),
      themeOfCard: previous && sameEntries(previous.themeOfCard, themeOfCard) ? previous.themeOfCard : themeOfCard,
    });
    previousCards = cards;
    previousThemes = nextThemes;
    previous = layout;
    return layout;
  };
}

/** Every card the layout shows, columns first, then themes. */
export function shownCards(layout: BoardLayout): readonly CardSnapshot[] {
  return [...Object.values(layout.columns).flat(), ...layout.themes.flatMap((theme) => theme.cards)];
}

/** A card the layout shows, wherever it is. */
export function findShownCard(layout: BoardLayout, cardId: string): CardSnapshot | undefined {
  return shownCards(layout).find((card) => card.id === cardId);
}

/** The layout without reuse, for one-off reads (commands, tests, exports). */
export function selectLayout(doc: Y.Doc): BoardLayout {
  return createLayoutSelector()(doc);
}

/** The live theme the card shows in, or null when it shows in its column. */
export function themeOfCard(doc: Y.Doc, card: CardSnapshot): ThemeSnapshot | null {
  if (card.theme === '') return null;
  const map = themesMap(doc).get(card.theme);
  return map instanceof Y.Map ? readTheme(card.theme, map) : null;
}
