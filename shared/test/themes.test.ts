import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  checkEncodedUpdate,
  createUndoManager,
  deleteEmptyThemes,
  dissolveTheme,
  editCardText,
  groupCards,
  LocalOrigin,
  mergeThemes,
  moveCard,
  moveCardToTheme,
  moveTheme,
  nextUndoRoots,
  selectCard,
  selectLayout,
  setThemeCollapsed,
  setThemeTitle,
  type Actor,
} from '../src/index';
import { ALICE, attempt, BOB, FACILITATOR, receive, replicaOf, serverBoard, updateOf } from './helpers';

function card(doc: Y.Doc, actor: Actor, text: string, column: 'went-well' | 'lessons-learned' = 'went-well'): string {
  const added = addCard(doc, actor, { column, text });
  if (!added.ok) throw new Error(added.error.message);
  return added.value.cardId;
}

function group(doc: Y.Doc, actor: Actor, cardId: string, onto: string): string {
  const grouped = groupCards(doc, actor, cardId, onto);
  if (!grouped.ok) throw new Error(grouped.error.message);
  return grouped.value.themeId;
}

const texts = (doc: Y.Doc) => {
  const layout = selectLayout(doc);
  return {
    wentWell: layout.columns['went-well'].map((c) => c.text),
    lessons: layout.columns['lessons-learned'].map((c) => c.text),
    themes: layout.themes.map((theme) => `${theme.title}: ${theme.cards.map((c) => c.text).join(', ')}`),
  };
};

/** Two replicas of one board, each with its own copy, synced by hand. */
function pair(): [Y.Doc, Y.Doc, () => void] {
  const a = replicaOf(serverBoard());
  const b = replicaOf(a);
  const sync = () => {
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  };
  return [a, b, sync];
}

describe('themes', () => {
  it('[R44] an undo step that put a card into an existing theme counts as touching the themes, so the app can decline it outside Group', () => {
    const doc = replicaOf(serverBoard());
    const [a, b, c] = ['deploy', 'alert', 'rollback'].map((text) => card(doc, ALICE, text));
    groupCards(doc, ALICE, a as string, b as string);
    const theme = selectLayout(doc).themes[0]?.id ?? '';
    const undo = createUndoManager(doc);
    moveCardToTheme(doc, ALICE, c as string, theme, 0);
    expect([...nextUndoRoots(undo)].sort()).toEqual(['cards', 'themes']);
    editCardText(doc, ALICE, c as string, { index: 0, deleteCount: 0, insert: 'x' });
    undo.stopCapturing();
    editCardText(doc, ALICE, c as string, { index: 0, deleteCount: 0, insert: 'y' });
    expect([...nextUndoRoots(undo)]).toEqual(['cards']);
  });

  it('[R44] dropping a card onto another makes a theme holding both, titled "Theme N"; dropping onto a grouped card joins its theme after it', () => {
    const doc = replicaOf(serverBoard());
    const [a, b, c, d] = ['deploy', 'alert', 'rollback', 'pager'].map((text, i) => card(doc, ALICE, text, i % 2 ? 'lessons-learned' : 'went-well'));
    const created = groupCards(doc, ALICE, a as string, b as string);
    expect(created).toMatchObject({ ok: true, value: { created: true } });
    expect(texts(doc).themes).toEqual(['Theme 1: alert, deploy']);
    expect(groupCards(doc, BOB, c as string, b as string)).toMatchObject({ ok: true, value: { created: false } });
    expect(texts(doc).themes).toEqual(['Theme 1: alert, rollback, deploy']);
    group(doc, BOB, d as string, a as string);
    expect(texts(doc).themes).toEqual(['Theme 1: alert, rollback, deploy, pager']);
    // A theme collects cards from any column; each keeps its own column.
    expect(selectCard(doc, b as string)?.column).toBe('lessons-learned');
    expect(texts(doc).wentWell).toEqual([]);
  });

  it('[R45] a second theme gets the next free number, and titles are edited by the smallest change', () => {
    const doc = replicaOf(serverBoard());
    const ids = ['a', 'b', 'c', 'd'].map((text) => card(doc, ALICE, text));
    const first = group(doc, ALICE, ids[0] as string, ids[1] as string);
    group(doc, ALICE, ids[2] as string, ids[3] as string);
    expect(selectLayout(doc).themes.map((theme) => theme.title)).toEqual(['Theme 1', 'Theme 2']);
    expect(setThemeTitle(doc, BOB, first, 'Alerting')).toMatchObject({ ok: true });
    expect(setThemeTitle(doc, BOB, first, 'x'.repeat(201))).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(selectLayout(doc).themes[0]?.title).toBe('Alerting');
  });

  it('[R45] dissolving sends the cards back to their columns, where they were', () => {
    const doc = replicaOf(serverBoard());
    const [a, b, c] = ['one', 'two', 'three'].map((text) => card(doc, ALICE, text));
    const theme = group(doc, ALICE, a as string, c as string);
    expect(texts(doc).wentWell).toEqual(['two']);
    expect(dissolveTheme(doc, BOB, theme)).toMatchObject({ ok: true });
    expect(texts(doc)).toMatchObject({ wentWell: ['one', 'two', 'three'], themes: [] });
    // The theme is hidden, not deleted: a facilitator may delete it.
    expect(selectLayout(doc).emptyThemes.map((empty) => empty.id)).toEqual([theme]);
    expect(b).toBeDefined();
  });

  it('[R45] merging puts the source cards at the end of the target, which keeps its title; the source is hidden', () => {
    const doc = replicaOf(serverBoard());
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((text) => card(doc, ALICE, text));
    const first = group(doc, ALICE, b as string, a as string);
    const second = group(doc, ALICE, d as string, c as string);
    setThemeTitle(doc, ALICE, second, 'Second');
    expect(mergeThemes(doc, BOB, first, second)).toMatchObject({ ok: true });
    expect(texts(doc).themes).toEqual(['Second: c, d, a, b']);
    expect(selectLayout(doc).emptyThemes.map((empty) => empty.id)).toEqual([first]);
  });

  it('[R45] moving a card out of a theme into a column, into another theme, and reordering themes', () => {
    const doc = replicaOf(serverBoard());
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((text) => card(doc, ALICE, text));
    const first = group(doc, ALICE, b as string, a as string);
    const second = group(doc, ALICE, d as string, c as string);
    expect(moveCardToTheme(doc, BOB, a as string, second, 0)).toMatchObject({ ok: true });
    expect(texts(doc).themes).toEqual(['Theme 1: b', 'Theme 2: a, c, d']);
    expect(moveCard(doc, BOB, c as string, { column: 'lessons-learned', index: 0 })).toMatchObject({ ok: true });
    expect(texts(doc)).toMatchObject({ lessons: ['c'], themes: ['Theme 1: b', 'Theme 2: a, d'] });
    expect(moveTheme(doc, BOB, second, 0)).toMatchObject({ ok: true });
    expect(texts(doc).themes).toEqual(['Theme 2: a, d', 'Theme 1: b']);
    expect(setThemeCollapsed(doc, BOB, first, true)).toMatchObject({ ok: true });
    expect(selectLayout(doc).themes[1]?.collapsed).toBe(true);
  });

  it('[R42] only a facilitator deletes themes, and only empty ones', () => {
    const doc = replicaOf(serverBoard());
    const [a, b] = ['a', 'b'].map((text) => card(doc, ALICE, text));
    const theme = group(doc, ALICE, a as string, b as string);
    expect(deleteEmptyThemes(doc, FACILITATOR, [theme])).toMatchObject({ ok: false, error: { rule: 'R42' } });
    dissolveTheme(doc, ALICE, theme);
    expect(deleteEmptyThemes(doc, ALICE, [theme])).toMatchObject({ ok: false, error: { rule: 'R42' } });
    expect(deleteEmptyThemes(doc, FACILITATOR, [theme])).toMatchObject({ ok: true });
    expect(selectLayout(doc).emptyThemes).toEqual([]);
  });

  it('[R45] a card dropped into a theme while a facilitator deletes it shows in its column, never lost', () => {
    const [facilitator, participant, sync] = pair();
    const [a, b, c] = ['a', 'b', 'c'].map((text) => card(facilitator, FACILITATOR, text));
    const theme = group(facilitator, FACILITATOR, a as string, b as string);
    dissolveTheme(facilitator, FACILITATOR, theme);
    sync();
    // The participant still sees the theme's place as it was: move a card into it by id.
    moveCardToTheme(participant, ALICE, c as string, theme, 0);
    deleteEmptyThemes(facilitator, FACILITATOR, [theme]);
    sync();
    for (const doc of [facilitator, participant]) expect(texts(doc)).toMatchObject({ wentWell: ['a', 'b', 'c'], themes: [] });
  });

  it('[R14] editing a card while another replica moves it into a theme keeps both changes', () => {
    const [alice, bob, sync] = pair();
    const [a, b, c] = ['slow', 'alert', 'pager'].map((text) => card(alice, ALICE, text));
    group(alice, ALICE, b as string, c as string);
    sync();
    editCardText(alice, ALICE, a as string, { index: 4, deleteCount: 0, insert: ' deploys' });
    group(bob, BOB, a as string, b as string);
    sync();
    for (const doc of [alice, bob]) expect(texts(doc).themes).toEqual(['Theme 1: pager, alert, slow deploys']);
  });

  it('[R45] two people dropping one card into different themes at once: it ends in exactly one, the same on both', () => {
    const [alice, bob, sync] = pair();
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((text) => card(alice, ALICE, text));
    const first = group(alice, ALICE, a as string, b as string);
    const second = group(alice, ALICE, c as string, d as string);
    sync();
    moveCardToTheme(alice, ALICE, e as string, first, 0);
    moveCardToTheme(bob, BOB, e as string, second, 0);
    sync();
    expect(texts(alice)).toEqual(texts(bob));
    const shown = selectLayout(alice).themes.flatMap((theme) => theme.cards.map((shownCard) => shownCard.id));
    expect(shown.filter((id) => id === e)).toHaveLength(1);
  });

  it('[R15] one undo takes back one grouping, theme and all, and the gate accepts both the grouping and its undo', () => {
    const server = serverBoard();
    const doc = replicaOf(server);
    const [a, b] = ['a', 'b'].map((text) => card(doc, ALICE, text));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
    const undo = createUndoManager(doc);
    const grouping = updateOf(doc, () => group(doc, ALICE, a as string, b as string));
    undo.stopCapturing();
    expect(checkEncodedUpdate(server, grouping, ALICE)).toMatchObject({ ok: true, grouping: { cards: expect.arrayContaining([a, b]) as unknown } });
    Y.applyUpdate(server, grouping);
    const undone = updateOf(doc, () => undo.undo());
    expect(texts(doc)).toMatchObject({ wentWell: ['a', 'b'], themes: [] });
    expect(receive(server, undone, ALICE)).toMatchObject({ ok: true });
    const redone = updateOf(doc, () => undo.redo());
    expect(receive(server, redone, ALICE)).toMatchObject({ ok: true });
    expect(texts(server).themes).toEqual(['Theme 1: b, a']);
  });

  it('[R15] undo tracks only local theme commands: a remote grouping is never undone here', () => {
    const [alice, bob, sync] = pair();
    const [a, b] = ['a', 'b'].map((text) => card(alice, ALICE, text));
    sync();
    const undo = createUndoManager(alice);
    group(bob, BOB, a as string, b as string);
    sync();
    expect(undo.undoStack).toHaveLength(0);
    const origins: unknown[] = [];
    bob.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    setThemeTitle(bob, BOB, selectLayout(bob).themes[0]?.id as string, 'Paging');
    expect(origins).toEqual([new LocalOrigin('setThemeTitle')]);
  });

  it('[R44] the gate reports regrouping and moves of others’ cards, not moves of your own cards between columns', () => {
    const server = serverBoard();
    const setup = replicaOf(server);
    const mine = card(setup, BOB, 'mine');
    const theirs = card(setup, ALICE, 'theirs');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(setup));
    const ownMove = attempt(server, (doc) => moveCard(doc, BOB, mine, { column: 'lessons-learned', index: 0 }));
    expect(checkEncodedUpdate(server, ownMove, BOB)).toEqual({ ok: true });
    const othersMove = attempt(server, (doc) => moveCard(doc, BOB, theirs, { column: 'lessons-learned', index: 0 }));
    expect(checkEncodedUpdate(server, othersMove, BOB)).toMatchObject({ ok: true, grouping: { cards: [theirs], themes: [] } });
    const grouping = attempt(server, (doc) => group(doc, BOB, mine, theirs));
    const verdict = checkEncodedUpdate(server, grouping, BOB);
    expect(verdict).toMatchObject({ ok: true, grouping: { cards: expect.arrayContaining([mine, theirs]) as unknown } });
    expect(verdict.ok && verdict.grouping?.themes).toHaveLength(1);
    Y.applyUpdate(server, grouping);
    // Collapsing a theme is for reading: anyone, any phase, never late.
    const themeId = selectLayout(server).themes[0]?.id as string;
    const collapse = attempt(server, (doc) => setThemeCollapsed(doc, BOB, themeId, true));
    expect(checkEncodedUpdate(server, collapse, BOB)).toEqual({ ok: true });
    const rename = attempt(server, (doc) => setThemeTitle(doc, BOB, themeId, 'Paging'));
    expect(checkEncodedUpdate(server, rename, BOB)).toMatchObject({ ok: true, grouping: { cards: [], themes: [themeId] } });
  });
});
