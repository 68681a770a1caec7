import { describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import {
  addEvents,
  addWhy,
  createUndoManager,
  deleteWhy,
  groupCards,
  link,
  selectLayout,
  runSessionCommand,
  selectLinks,
  selectNotes,
  selectWhys,
  setThemeNotes,
  setThemeTag,
  setWhyText,
  unlink,
  setBoardClock,
  type Actor,
} from '../src/index';
import { ALICE, attempt, BOB, FACILITATOR, receive, replicaOf, serverBoard, testCard, updateOf, writeRawCard } from './helpers';

/** A server board with Alice's theme of two cards and one timeline event, and each person's synced replica. */
function boardWithTheme() {
  const server = serverBoard();
  const alice = replicaOf(server);
  const [a, b] = ['Alert fired late', 'Pager went to the wrong team'].map((text) => testCard(alice, ALICE, text)) as [string, string];
  const grouped = groupCards(alice, ALICE, a, b);
  const themeId = grouped.ok ? grouped.value.themeId : '';
  expect(receive(server, Y.encodeStateAsUpdate(alice), ALICE)).toMatchObject({ ok: true });
  const facilitator = replicaOf(server);
  const added = addEvents(facilitator, FACILITATOR, [{ at: 1_700_000_060_000, zone: 'UTC', text: 'Alert fired' }]);
  if (!added.ok) throw new Error(added.error.message);
  expect(receive(server, Y.encodeStateAsUpdate(facilitator), FACILITATOR)).toMatchObject({ ok: true });
  const eventId = server.getMap('timeline').keys().next().value as string;
  return { server, a, b, themeId, eventId };
}

/** Runs a command on a fresh replica of the server and sends its update as `actor`. */
function sendAs(server: Y.Doc, actor: Actor, command: (doc: Y.Doc) => unknown) {
  const doc = replicaOf(server);
  return receive(server, updateOf(doc, () => command(doc)), actor);
}

describe('analysis on themes', () => {
  it('[R53] anyone tags a theme in any phase, and a tag is not regrouping', () => {
    const { server, themeId } = boardWithTheme();
    const verdict = sendAs(server, BOB, (doc) => setThemeTag(doc, BOB, themeId, 'root-cause'));
    expect(verdict).toEqual({ ok: true });
    expect(selectLayout(server).themes[0]?.tag).toBe('root-cause');
    expect(sendAs(server, ALICE, (doc) => setThemeTag(doc, ALICE, themeId, null))).toEqual({ ok: true });
    expect(selectLayout(server).themes[0]?.tag).toBeNull();
  });

  it('[R53] a tag outside the list is refused', () => {
    const { server, themeId } = boardWithTheme();
    const raw = attempt(server, (doc) => doc.getMap<Y.Map<unknown>>('themes').get(themeId)?.set('tag', 'blame'));
    expect(receive(server, raw, BOB)).toMatchObject({ ok: false, rule: 'R53' });
  });

  it('[R54] only a facilitator writes the discussion notes, in the text the server started', () => {
    const { server, themeId } = boardWithTheme();
    expect(runSessionCommand(server, ALICE.participantId, { type: 'startNotes', themeId }, 1)).toMatchObject({ ok: false, status: 403, rule: 'R54' });
    expect(setThemeNotes(replicaOf(server), FACILITATOR, themeId, 'too early')).toMatchObject({ ok: false, error: { rule: 'R54' } });
    expect(runSessionCommand(server, FACILITATOR.participantId, { type: 'startNotes', themeId }, 1)).toMatchObject({ ok: true });
    expect(setThemeNotes(replicaOf(server), ALICE, themeId, 'mine')).toMatchObject({ ok: false, error: { rule: 'R54' } });
    const raw = attempt(server, (doc) => doc.getMap<Y.Text>('notes').get(themeId)?.insert(0, 'sneaky'));
    expect(receive(server, raw, ALICE)).toMatchObject({ ok: false, rule: 'R54' });
    expect(sendAs(server, FACILITATOR, (doc) => setThemeNotes(doc, FACILITATOR, themeId, 'Paging rota lives in a wiki page'))).toEqual({ ok: true });
    expect(selectNotes(server).get(themeId)).toBe('Paging rota lives in a wiki page');
  });

  it('[R54] notes are started by the server only, once per theme, and never removed by a client', () => {
    const { server, themeId } = boardWithTheme();
    const made = attempt(server, (doc) => doc.getMap('notes').set(themeId, new Y.Text('decided already')));
    expect(receive(server, made, FACILITATOR)).toMatchObject({ ok: false, rule: 'R54' });
    runSessionCommand(server, FACILITATOR.participantId, { type: 'startNotes', themeId }, 1);
    const first = server.getMap('notes').get(themeId);
    runSessionCommand(server, FACILITATOR.participantId, { type: 'startNotes', themeId }, 2);
    expect(server.getMap('notes').get(themeId)).toBe(first);
    const removed = attempt(server, (doc) => doc.getMap('notes').delete(themeId));
    expect(receive(server, removed, FACILITATOR)).toMatchObject({ ok: false, rule: 'R54' });
    // Plain text only, even from a facilitator: no formatting, no embeds.
    const notes = (doc: Y.Doc) => doc.getMap<Y.Text>('notes').get(themeId) as Y.Text;
    for (const [what, change] of [
      ['formatting', (doc: Y.Doc) => notes(doc).insert(0, 'bold', { bold: true })],
      ['an embed', (doc: Y.Doc) => notes(doc).insertEmbed(0, { image: 'x' })],
      ['a nested map', (doc: Y.Doc) => notes(doc).insertEmbed(0, new Y.Map())],
    ] as const) {
      expect(receive(server, attempt(server, change), FACILITATOR), what).toMatchObject({ ok: false, rule: 'R54' });
    }
    expect(runSessionCommand(server, FACILITATOR.participantId, { type: 'startNotes', themeId: 'nowhere' }, 3)).toMatchObject({ ok: false, status: 404 });
  });

  it('[R55] anyone adds and edits whys; the chain keeps its order', () => {
    const { server, themeId } = boardWithTheme();
    const alice = replicaOf(server);
    const first = addWhy(alice, ALICE, themeId, 'The alert fired late');
    const second = addWhy(alice, ALICE, themeId, 'Its threshold was tuned for old traffic');
    expect(first.ok && second.ok).toBe(true);
    expect(receive(server, Y.encodeStateAsUpdate(alice), ALICE)).toMatchObject({ ok: true });
    const firstId = first.ok ? first.value.whyId : '';
    expect(sendAs(server, BOB, (doc) => setWhyText(doc, BOB, firstId, 'The alert fired 9 minutes late'))).toEqual({ ok: true });
    expect(selectWhys(server).get(themeId)?.map((why) => why.text)).toEqual(['The alert fired 9 minutes late', 'Its threshold was tuned for old traffic']);
  });

  it("[R55] only a why's author or a facilitator deletes it", () => {
    const { server, themeId } = boardWithTheme();
    const alice = replicaOf(server);
    const added = addWhy(alice, ALICE, themeId, 'Because');
    receive(server, Y.encodeStateAsUpdate(alice), ALICE);
    const whyId = added.ok ? added.value.whyId : '';
    expect(deleteWhy(replicaOf(server), BOB, whyId)).toMatchObject({ ok: false, error: { rule: 'R55' } });
    const raw = attempt(server, (doc) => doc.getMap('whys').delete(whyId));
    expect(receive(server, raw, BOB)).toMatchObject({ ok: false, rule: 'R55' });
    expect(sendAs(server, FACILITATOR, (doc) => deleteWhy(doc, FACILITATOR, whyId))).toEqual({ ok: true });
    expect(selectWhys(server).get(themeId)).toBeUndefined();
  });

  it('[R55] a why names a theme the board holds, and never moves to another', () => {
    const { server, themeId } = boardWithTheme();
    const why = (theme: string) => ({ id: 'w1', theme, order: 'a0', text: new Y.Text('x'), authorId: BOB.participantId, createdAt: 1 });
    expect(receive(server, attempt(server, (doc) => writeRawCard(doc, 'w1', why('nowhere'), 'whys')), BOB)).toMatchObject({ ok: false, rule: 'R55' });
    expect(receive(server, attempt(server, (doc) => writeRawCard(doc, 'w1', why(themeId), 'whys')), BOB)).toEqual({ ok: true });
    const moved = attempt(server, (doc) => doc.getMap<Y.Map<unknown>>('whys').get('w1')?.set('theme', 'other'));
    expect(receive(server, moved, BOB)).toMatchObject({ ok: false, rule: 'R55' });
  });

  it('[R56] cards and themes link to timeline events; the timeline knows which point at each', () => {
    const { server, a, themeId, eventId } = boardWithTheme();
    // Links list in the order made: a clock that ticks between them, as two clicks would.
    let now = Date.now();
    setBoardClock(() => (now += 1000));
    onTestFinished(() => setBoardClock(() => Date.now()));
    expect(sendAs(server, BOB, (doc) => link(doc, BOB, `card:${a}`, `event:${eventId}`))).toEqual({ ok: true });
    expect(sendAs(server, ALICE, (doc) => link(doc, ALICE, `theme:${themeId}`, `event:${eventId}`))).toEqual({ ok: true });
    expect(selectLinks(server).sourcesOf.get(`event:${eventId}`)).toEqual([`card:${a}`, `theme:${themeId}`]);
    expect(selectLinks(server).targetsOf.get(`card:${a}`)).toEqual([`event:${eventId}`]);
  });

  it('[R56] two people linking one pair at once show one link, and unlinking removes both', () => {
    const { server, a, eventId } = boardWithTheme();
    const bob = replicaOf(server);
    const alice = replicaOf(server);
    link(bob, BOB, `card:${a}`, `event:${eventId}`);
    link(alice, ALICE, `card:${a}`, `event:${eventId}`);
    receive(server, Y.encodeStateAsUpdate(bob), BOB);
    receive(server, Y.encodeStateAsUpdate(alice), ALICE);
    expect(selectLinks(server).sourcesOf.get(`event:${eventId}`)).toEqual([`card:${a}`]);
    expect(unlink(replicaOf(server), BOB, `card:${a}`, `event:${eventId}`)).toMatchObject({ ok: false, error: { rule: 'R56' } });
    expect(sendAs(server, FACILITATOR, (doc) => unlink(doc, FACILITATOR, `card:${a}`, `event:${eventId}`))).toEqual({ ok: true });
    expect(selectLinks(server).sourcesOf.size).toBe(0);
  });

  it('[R56] a link joins only the pairs it may, and never changes', () => {
    const { server, a, b, eventId } = boardWithTheme();
    const raw = (from: string, to: string) => ({ id: 'l1', from, to, authorId: BOB.participantId, createdAt: 1 });
    expect(receive(server, attempt(server, (doc) => writeRawCard(doc, 'l1', raw(`card:${a}`, `card:${b}`), 'links')), BOB)).toMatchObject({ ok: false, rule: 'R56' });
    expect(receive(server, attempt(server, (doc) => writeRawCard(doc, 'l1', raw(`card:${a}`, `event:${eventId}`), 'links')), BOB)).toEqual({ ok: true });
    const retarget = attempt(server, (doc) => doc.getMap<Y.Map<unknown>>('links').get('l1')?.set('to', 'event:other'));
    expect(receive(server, retarget, BOB)).toMatchObject({ ok: false, rule: 'R56' });
  });

  it('undo takes back a tag and a why, and only the local user’s', () => {
    const { server, themeId } = boardWithTheme();
    const alice = replicaOf(server);
    const undo = createUndoManager(alice);
    setThemeTag(alice, ALICE, themeId, 'contributing');
    undo.stopCapturing();
    addWhy(alice, ALICE, themeId, 'Because');
    const bob = replicaOf(server);
    addWhy(bob, BOB, themeId, 'Bob’s why');
    Y.applyUpdate(alice, Y.encodeStateAsUpdate(bob));
    undo.undo();
    expect(selectWhys(alice).get(themeId)?.map((why) => why.text)).toEqual(['Bob’s why']);
    undo.undo();
    expect(selectLayout(alice).themes[0]?.tag).toBeNull();
  });
});
