import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, dissolveTheme, groupCards, mergeThemes, moveCard, selectLayout, checkEncodedUpdate, type Actor } from '../src/index';
import { ALICE, BOB, attempt, receive, replicaOf, serverBoard, wholeCard, wholeTheme, writeRawCard } from './helpers';

function card(doc: Y.Doc, actor: Actor, text: string): string {
  const added = addCard(doc, actor, { column: 'went-well', text });
  if (!added.ok) throw new Error(added.error.message);
  return added.value.cardId;
}

/** A server board holding Alice's theme of two cards. */
function boardWithTheme() {
  const server = serverBoard();
  const alice = replicaOf(server);
  const [a, b] = ['a', 'b'].map((text) => card(alice, ALICE, text)) as [string, string];
  const grouped = groupCards(alice, ALICE, a, b);
  const themeId = grouped.ok ? grouped.value.themeId : '';
  expect(receive(server, Y.encodeStateAsUpdate(alice), ALICE)).toMatchObject({ ok: true });
  return { server, a, b, themeId };
}

describe('rule gate on themes', () => {
  it('[R42] a theme is written again under its id only by whoever may restore it, with its author and creation time', () => {
    // Undo does this when two people restore one deletion: the second meets the first live.
    const { server, themeId } = boardWithTheme();
    const createdAt = server.getMap<Y.Map<unknown>>('themes').get(themeId)?.get('createdAt');
    const asBob = attempt(server, (doc) => writeRawCard(doc, themeId, { ...wholeTheme(themeId, ALICE.participantId), createdAt }, 'themes'));
    expect(receive(server, asBob, BOB)).toMatchObject({ ok: false, rule: 'R42' });
    const otherTime = attempt(server, (doc) => writeRawCard(doc, themeId, { ...wholeTheme(themeId, ALICE.participantId), createdAt: 5 }, 'themes'));
    expect(receive(server, otherTime, ALICE)).toMatchObject({ ok: false, rule: 'R41' });
  });

  it('[R41] a theme keeps every field: removing collapsed is refused', () => {
    const { server, themeId } = boardWithTheme();
    const removal = attempt(server, (doc) => doc.getMap<Y.Map<unknown>>('themes').get(themeId)?.delete('collapsed'));
    expect(receive(server, removal, BOB)).toMatchObject({ ok: false, rule: 'R41' });
  });

  it('[R43] a card may not name a theme made and deleted in the same update', () => {
    const server = serverBoard();
    const ghost = attempt(server, (doc) => {
      writeRawCard(doc, 'ghost', wholeTheme('ghost', BOB.participantId), 'themes');
      doc.getMap('themes').delete('ghost');
      writeRawCard(doc, 'c1', { ...wholeCard('c1', BOB.participantId), theme: 'ghost' });
    });
    expect(receive(server, ghost, BOB)).toMatchObject({ ok: false, rule: 'R43' });
  });

  it('[R43] a card whose place in its theme went missing still merges and moves without throwing', () => {
    const { server, a, b, themeId } = boardWithTheme();
    const strip = attempt(server, (doc) => {
      for (const id of [a, b]) doc.getMap<Y.Map<unknown>>('cards').get(id)?.delete('themeOrder');
    });
    expect(receive(server, strip, BOB)).toMatchObject({ ok: true });
    const doc = replicaOf(server);
    const c = card(doc, BOB, 'c');
    const d = card(doc, BOB, 'd');
    const other = groupCards(doc, BOB, c, d);
    expect(other.ok && mergeThemes(doc, BOB, other.value.themeId, themeId)).toMatchObject({ ok: true });
    expect(selectLayout(doc).themes[0]?.cards).toHaveLength(4);
  });

  it('[R44] moving your own card that points at a deleted theme is not regrouping: a no-op writes nothing, a move is not marked', () => {
    const { server, a, b, themeId } = boardWithTheme();
    const bobs = replicaOf(server);
    const mine = card(bobs, BOB, 'mine');
    expect(receive(server, Y.encodeStateAsUpdate(bobs, Y.encodeStateVector(server)), BOB)).toMatchObject({ ok: true });
    // Bob drops his card into Alice's theme while she dissolves and deletes it.
    const drop = attempt(server, (doc) => groupCards(doc, BOB, mine, a));
    const alice = replicaOf(server);
    dissolveTheme(alice, ALICE, themeId);
    alice.getMap('themes').delete(themeId);
    expect(receive(server, Y.encodeStateAsUpdate(alice, Y.encodeStateVector(server)), ALICE)).toMatchObject({ ok: true });
    expect(receive(server, drop, BOB)).toMatchObject({ ok: true });
    expect(selectLayout(server).columns['went-well'].map((shown) => shown.id)).toContain(mine);
    const again = replicaOf(server);
    const at = selectLayout(again).columns['went-well'].findIndex((shown) => shown.id === mine);
    expect(attempt(server, (doc) => moveCard(doc, BOB, mine, { column: 'went-well', index: at })).length).toBeLessThan(3);
    const move = attempt(server, (doc) => moveCard(doc, BOB, mine, { column: 'lessons-learned', index: 0 }));
    expect(checkEncodedUpdate(server, move, BOB)).toEqual({ ok: true });
    expect(b).toBeDefined();
  });
});
