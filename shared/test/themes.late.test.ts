import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, checkEncodedUpdate, groupCards, selectLayout, type Actor } from '../src/index';
import { ALICE, BOB, attempt, receive, replicaOf, serverBoard, wholeCard, writeRawCard } from './helpers';

function card(doc: Y.Doc, actor: Actor, text: string): string {
  const added = addCard(doc, actor, { column: 'went-well', text });
  if (!added.ok) throw new Error(added.error.message);
  return added.value.cardId;
}

/** Server with Alice's theme of two cards, plus a column card each for Alice and Bob. */
function board() {
  const server = serverBoard();
  const alice = replicaOf(server);
  const [a, b, alices] = ['a', 'b', 'alices'].map((text) => card(alice, ALICE, text)) as [string, string, string];
  const grouped = groupCards(alice, ALICE, a, b);
  const themeId = grouped.ok ? grouped.value.themeId : '';
  expect(receive(server, Y.encodeStateAsUpdate(alice), ALICE)).toMatchObject({ ok: true });
  const bob = replicaOf(server);
  const bobs = card(bob, BOB, 'bobs');
  expect(receive(server, Y.encodeStateAsUpdate(bob, Y.encodeStateVector(server)), BOB)).toMatchObject({ ok: true });
  return { server, a, b, alices, bobs, themeId };
}

const cards = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('cards');

describe('[R44] late marks for every way into a theme', () => {
  it('[R44] writing only `theme` puts your own column card into a live theme, and is reported', () => {
    const { server, bobs, themeId } = board();
    const update = attempt(server, (doc) => cards(doc).get(bobs)?.set('theme', themeId));
    const verdict = checkEncodedUpdate(server, update, BOB);
    Y.applyUpdate(server, update);
    expect(selectLayout(server).themeOfCard.get(bobs)).toBe(themeId); // it did regroup
    expect(verdict).toMatchObject({ ok: true, grouping: { cards: [bobs] } });
  });

  it("[R44] writing only `theme` puts someone else's card into a live theme, and is reported", () => {
    const { server, alices, themeId } = board();
    const update = attempt(server, (doc) => cards(doc).get(alices)?.set('theme', themeId));
    expect(checkEncodedUpdate(server, update, BOB)).toMatchObject({ ok: true, grouping: { cards: [alices] } });
  });

  it('[R44] a card created straight into a live theme is reported', () => {
    const { server, themeId } = board();
    const update = attempt(server, (doc) => writeRawCard(doc, 'c-new', { ...wholeCard('c-new', BOB.participantId), theme: themeId, themeOrder: 'a0' }));
    const verdict = checkEncodedUpdate(server, update, BOB);
    expect(verdict.ok).toBe(true);
    expect(verdict).toMatchObject({ grouping: { cards: ['c-new'] } });
  });

  it('[R44] writing your own live card again under its id, into a theme, is reported', () => {
    const { server, bobs, themeId } = board();
    const createdAt = cards(server).get(bobs)?.get('createdAt');
    const update = attempt(server, (doc) =>
      writeRawCard(doc, bobs, { ...wholeCard(bobs, BOB.participantId), createdAt, theme: themeId, themeOrder: 'a0' }),
    );
    const verdict = checkEncodedUpdate(server, update, BOB);
    expect(verdict.ok).toBe(true);
    Y.applyUpdate(server, update);
    expect(selectLayout(server).themeOfCard.get(bobs)).toBe(themeId);
    expect(verdict).toMatchObject({ grouping: { cards: [bobs] } });
  });

});

describe('gate purity', () => {
  it('[R12] judging never creates a root on the judged document', () => {
    const doc = new Y.Doc({ gc: false });
    doc.getMap('cards');
    const src = new Y.Doc();
    writeRawCard(src, 'c1', wholeCard('c1', ALICE.participantId));
    checkEncodedUpdate(doc, Y.encodeStateAsUpdate(src), ALICE);
    expect([...doc.share.keys()]).toEqual(['cards']);
  });
});

describe('gate purity in a private room', () => {
  it('[R37] judging a draft adds no root to the drafts document', () => {
    const drafts = new Y.Doc({ gc: false });
    const src = new Y.Doc();
    writeRawCard(src, 'd1', wholeCard('d1', ALICE.participantId));
    const verdict = checkEncodedUpdate(drafts, Y.encodeStateAsUpdate(src), ALICE, { privateRoom: true, boardEnded: false });
    expect(verdict.ok).toBe(true);
    expect([...drafts.share.keys()]).toEqual([]);
  });
});
