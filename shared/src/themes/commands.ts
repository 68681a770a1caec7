import * as Y from 'yjs';
import { boardNow } from '../clock';
import { done, fail, replaceText, run, type CommandResult } from '../commandKit';
import { defaultEntropy, findCard, type Entropy } from '../commands';
import { CARD_FIELD, MAX_THEME_TITLE_LENGTH, THEME_FIELD, themesMap, type Actor, type CardSnapshot } from '../layout';
import { orderKeyAt, orderKeyBetween } from '../order';
import { readTheme, selectLayout, type BoardLayout, type ThemeView } from './selectors';

/** The default title of a new theme: "Theme 3" when two are on the board, skipping numbers in use. */
export function defaultThemeTitle(layout: BoardLayout): string {
  const taken = new Set([...layout.themes, ...layout.emptyThemes].map((theme) => theme.title));
  let n = layout.themes.length + 1;
  while (taken.has(`Theme ${n}`)) n++;
  return `Theme ${n}`;
}

function liveTheme(doc: Y.Doc, themeId: string): { map: Y.Map<unknown>; title: Y.Text } | null {
  const map = themesMap(doc).get(themeId);
  if (!(map instanceof Y.Map) || !readTheme(themeId, map)) return null;
  return { map, title: map.get(THEME_FIELD.title) as Y.Text };
}

const themeGone = (): CommandResult<never> => fail('not-found', 'This theme no longer exists.', 'R45');
const cardGone = (): CommandResult<never> => fail('not-found', 'This card no longer exists.', 'R16');

function visibleTheme(layout: BoardLayout, themeId: string): ThemeView | undefined {
  return layout.themes.find((theme) => theme.id === themeId);
}

/** Puts cards into a theme: only the fields that differ are written. */
function placeInTheme(map: Y.Map<unknown>, card: CardSnapshot, themeId: string, themeOrder: string): void {
  if (card.theme !== themeId) map.set(CARD_FIELD.theme, themeId);
  if (card.themeOrder !== themeOrder) map.set(CARD_FIELD.themeOrder, themeOrder);
}

/**
 * Drops a card onto another card (R44): into that card's theme, just after it, or, when
 * the other card is in none, into a new theme holding both, titled "Theme N". One
 * transaction either way, so one undo takes it back.
 */
export function groupCards(
  doc: Y.Doc,
  actor: Actor,
  cardId: string,
  ontoCardId: string,
  entropy: Entropy = defaultEntropy,
): CommandResult<{ themeId: string; created: boolean }> {
  if (cardId === ontoCardId) return fail('invalid', 'A card cannot be grouped with itself.');
  const card = findCard(doc, cardId);
  const onto = findCard(doc, ontoCardId);
  if (!card || !onto) return cardGone();
  const layout = selectLayout(doc);
  const existing = layout.themeOfCard.get(ontoCardId);
  if (existing !== undefined) {
    const theme = visibleTheme(layout, existing) as ThemeView;
    const index = theme.cards.filter((other) => other.id !== cardId).findIndex((other) => other.id === ontoCardId) + 1;
    const moved = moveCardToTheme(doc, actor, cardId, existing, index, entropy);
    return moved.ok ? { ok: true, value: { themeId: existing, created: false } } : moved;
  }
  const themeId = entropy.newId();
  const theme = new Y.Map<unknown>();
  theme.set(THEME_FIELD.id, themeId);
  theme.set(THEME_FIELD.title, new Y.Text(defaultThemeTitle(layout)));
  theme.set(THEME_FIELD.order, orderKeyBetween(layout.themes.at(-1)?.order ?? null, null, entropy.random));
  theme.set(THEME_FIELD.authorId, actor.participantId);
  theme.set(THEME_FIELD.createdAt, boardNow());
  theme.set(THEME_FIELD.collapsed, false);
  const first = orderKeyBetween(null, null, entropy.random);
  const second = orderKeyBetween(first, null, entropy.random);
  run(doc, 'groupCards', () => {
    themesMap(doc).set(themeId, theme);
    placeInTheme(onto.map, onto.snapshot, themeId, first);
    placeInTheme(card.map, card.snapshot, themeId, second);
  });
  return { ok: true, value: { themeId, created: true } };
}

/** Moves a card into a live theme, at an index of its display order (the card itself left out). */
export function moveCardToTheme(
  doc: Y.Doc,
  _actor: Actor,
  cardId: string,
  themeId: string,
  index: number,
  entropy: Entropy = defaultEntropy,
): CommandResult {
  const card = findCard(doc, cardId);
  if (!card) return cardGone();
  if (!liveTheme(doc, themeId)) return themeGone();
  const current = visibleTheme(selectLayout(doc), themeId)?.cards ?? [];
  const siblings = current.filter((other) => other.id !== cardId);
  const at = Math.max(0, Math.min(Math.floor(index), siblings.length));
  if (card.snapshot.theme === themeId && current.findIndex((other) => other.id === cardId) === at) return done;
  const key = orderKeyAt(
    siblings.map((other) => other.themeOrder),
    at,
    entropy.random,
  );
  run(doc, 'moveCardToTheme', () => placeInTheme(card.map, card.snapshot, themeId, key));
  return done;
}

/** Moves a whole theme to an index among the visible themes (the theme itself left out). */
export function moveTheme(doc: Y.Doc, _actor: Actor, themeId: string, index: number, entropy: Entropy = defaultEntropy): CommandResult {
  const theme = liveTheme(doc, themeId);
  if (!theme) return themeGone();
  const themes = selectLayout(doc).themes;
  const others = themes.filter((other) => other.id !== themeId);
  const at = Math.max(0, Math.min(Math.floor(index), others.length));
  if (themes.findIndex((other) => other.id === themeId) === at) return done;
  const key = orderKeyAt(
    others.map((other) => other.order),
    at,
    entropy.random,
  );
  run(doc, 'moveTheme', () => theme.map.set(THEME_FIELD.order, key));
  return done;
}

/**
 * Merges one theme into another: the source's cards go to the end of the target, in their
 * order, and the source, now empty, is hidden (R45). The target keeps its title.
 */
export function mergeThemes(doc: Y.Doc, _actor: Actor, sourceId: string, targetId: string, entropy: Entropy = defaultEntropy): CommandResult {
  if (sourceId === targetId) return fail('invalid', 'A theme cannot be merged into itself.');
  if (!liveTheme(doc, sourceId) || !liveTheme(doc, targetId)) return themeGone();
  const layout = selectLayout(doc);
  const moving = visibleTheme(layout, sourceId)?.cards ?? [];
  // An empty key (a field not there, R43) bounds nothing.
  let last = visibleTheme(layout, targetId)?.cards.at(-1)?.themeOrder || null;
  const keys = moving.map(() => (last = orderKeyBetween(last, null, entropy.random)));
  run(doc, 'mergeThemes', () => {
    moving.forEach((snapshot, i) => {
      const card = findCard(doc, snapshot.id);
      if (card) placeInTheme(card.map, card.snapshot, targetId, keys[i] as string);
    });
  });
  return done;
}

/** Dissolves a theme: its cards go back to their columns, where they were before (R45). */
export function dissolveTheme(doc: Y.Doc, _actor: Actor, themeId: string): CommandResult {
  if (!liveTheme(doc, themeId)) return themeGone();
  const cards = visibleTheme(selectLayout(doc), themeId)?.cards ?? [];
  run(doc, 'dissolveTheme', () => {
    for (const snapshot of cards) findCard(doc, snapshot.id)?.map.set(CARD_FIELD.theme, '');
  });
  return done;
}

/** Retitles a theme by the smallest edit, so two people typing in one title both keep their letters. */
export function setThemeTitle(doc: Y.Doc, _actor: Actor, themeId: string, title: string): CommandResult {
  const theme = liveTheme(doc, themeId);
  if (!theme) return themeGone();
  if (title.length > MAX_THEME_TITLE_LENGTH) {
    return fail('invalid', `A theme title holds at most ${MAX_THEME_TITLE_LENGTH} characters (this one would have ${title.length}).`);
  }
  replaceText(theme.title, title, 'setThemeTitle');
  return done;
}

export function setThemeCollapsed(doc: Y.Doc, _actor: Actor, themeId: string, collapsed: boolean): CommandResult {
  const theme = liveTheme(doc, themeId);
  if (!theme) return themeGone();
  if (theme.map.get(THEME_FIELD.collapsed) === collapsed) return done;
  run(doc, 'setThemeCollapsed', () => theme.map.set(THEME_FIELD.collapsed, collapsed));
  return done;
}

/**
 * Deletes themes that hold no card (R42): facilitators only. A card dropped into one at
 * the same moment shows in its column rather than being lost (R45).
 */
export function deleteEmptyThemes(doc: Y.Doc, actor: Actor, themeIds: readonly string[]): CommandResult {
  if (actor.role !== 'facilitator') {
    return fail('forbidden', 'Only a facilitator can delete themes.', 'R42');
  }
  const layout = selectLayout(doc);
  const empty = new Set(layout.emptyThemes.map((theme) => theme.id));
  const doomed = themeIds.filter((id) => empty.has(id));
  if (doomed.length < themeIds.length) return fail('invalid', 'Only themes without cards can be deleted.', 'R42');
  if (doomed.length === 0) return done;
  run(doc, 'deleteThemes', () => {
    for (const id of doomed) themesMap(doc).delete(id);
  });
  return done;
}
