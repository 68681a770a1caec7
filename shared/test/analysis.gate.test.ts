import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEvents, addWhy, createUndoManager, deleteEmptyThemes, dissolveTheme, groupCards, link, runSessionCommand, selectActions, selectLinks, selectNotes, selectWhys, setThemeNotes } from '../src/index';
import { ALICE, attempt, BOB, FACILITATOR, receive, replicaOf, serverBoard, testCard, updateOf, wholeAction, writeRawCard } from './helpers';

/** Hostile rewrites found by review; each must be refused, and the honest undo and redo around them pass. */

function boardWithTheme() {
  const server = serverBoard();
  const alice = replicaOf(server);
  const grouped = groupCards(alice, ALICE, testCard(alice, ALICE, 'A'), testCard(alice, ALICE, 'B'));
  expect(receive(server, Y.encodeStateAsUpdate(alice), ALICE)).toMatchObject({ ok: true });
  return { server, themeId: grouped.ok ? grouped.value.themeId : '' };
}


/** What y-websocket sends on reconnect: everything the server lacks, as one update. */
const reconnect = (server: Y.Doc, doc: Y.Doc) => Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server));

describe('[R15] honest offline work with whys passes the gate', () => {
  function offline(server: Y.Doc) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    return { doc, undo: createUndoManager(doc) };
  }

  it('[R55] a grouping with a why, undone offline, reaches the server whole', () => {
    for (const separateSteps of [true, false]) {
      const server = serverBoard();
      const { doc, undo } = offline(server);
      const [a, b] = ['A', 'B'].map((text) => testCard(doc, ALICE, text)) as [string, string];
      undo.stopCapturing();
      const grouped = groupCards(doc, ALICE, a, b);
      if (separateSteps) undo.stopCapturing();
      addWhy(doc, ALICE, grouped.ok ? grouped.value.themeId : '', 'because');
      undo.undo();
      if (separateSteps) undo.undo();
      expect(receive(server, reconnect(server, doc), ALICE), separateSteps ? 'two steps' : 'one step').toMatchObject({ ok: true });
    }
  });

  it('[R55] a why on a theme dissolved and deleted offline stays, naming the deleted theme', () => {
    const server = serverBoard();
    const { doc } = offline(server);
    const [a, b] = ['A', 'B'].map((text) => testCard(doc, FACILITATOR, text)) as [string, string];
    const grouped = groupCards(doc, FACILITATOR, a, b);
    const themeId = grouped.ok ? grouped.value.themeId : '';
    addWhy(doc, FACILITATOR, themeId, 'because');
    dissolveTheme(doc, FACILITATOR, themeId);
    deleteEmptyThemes(doc, FACILITATOR, [themeId]);
    expect(receive(server, reconnect(server, doc), FACILITATOR)).toMatchObject({ ok: true });
    expect(selectWhys(server).get(themeId)?.map((why) => why.text)).toEqual(['because']);
  });

  it('[R43] a card still may not name a theme made and deleted in one update', () => {
    const server = serverBoard();
    const ghost = attempt(server, (doc) => {
      writeRawCard(doc, 'ghost', { id: 'ghost', title: new Y.Text('T'), order: 'a0', authorId: BOB.participantId, createdAt: 1, collapsed: false }, 'themes');
      doc.getMap('themes').delete('ghost');
      writeRawCard(doc, 'c1', { id: 'c1', column: 'went-well', text: new Y.Text('x'), authorId: BOB.participantId, createdAt: 1, order: 'a0', theme: 'ghost' });
    });
    expect(receive(server, ghost, BOB)).toMatchObject({ ok: false, rule: 'R43' });
  });
});

describe('rule gate on analysis and actions, against rewrites', () => {
  it('[R57] an action cannot be smuggled in behind a version made and deleted in the same update', () => {
    const server = serverBoard();
    runSessionCommand(server, FACILITATOR.participantId, { type: 'setPhase', phase: 'actions' }, 1);
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    const update = updateOf(doc, () =>
      doc.transact(() => {
        const actions = doc.getMap<Y.Map<unknown>>('actions');
        const ghost = new Y.Map<unknown>();
        actions.set('forged', ghost);
        ghost.set('ref', 'AI-001');
        const real = new Y.Map<unknown>();
        actions.set('forged', real);
        for (const [key, value] of Object.entries(wholeAction('forged', 'AI-001', ALICE.participantId))) real.set(key, value);
      }),
    );
    expect(receive(server, update, ALICE)).toMatchObject({ ok: false, rule: 'R57' });
    expect(selectActions(server)).toEqual([]);
  });

  it("[R54] a theme's author writing the theme again, or undoing and redoing its grouping, leaves the facilitator's notes alone", () => {
    const server = serverBoard();
    const alice = replicaOf(server);
    const undo = createUndoManager(alice);
    const [a, b] = ['A', 'B'].map((text) => testCard(alice, ALICE, text)) as [string, string];
    undo.stopCapturing();
    const grouped = groupCards(alice, ALICE, a, b);
    const themeId = grouped.ok ? grouped.value.themeId : '';
    receive(server, Y.encodeStateAsUpdate(alice), ALICE);
    runSessionCommand(server, FACILITATOR.participantId, { type: 'startNotes', themeId }, 1);
    const facilitator = replicaOf(server);
    setThemeNotes(facilitator, FACILITATOR, themeId, 'Decided: alert on saturation');
    receive(server, Y.encodeStateAsUpdate(facilitator), FACILITATOR);
    Y.applyUpdate(alice, Y.encodeStateAsUpdate(server));
    expect(receive(server, updateOf(alice, () => undo.undo()), ALICE)).toMatchObject({ ok: true });
    expect(receive(server, updateOf(alice, () => undo.redo()), ALICE)).toMatchObject({ ok: true });
    const old = server.getMap<Y.Map<unknown>>('themes').get(themeId) as Y.Map<unknown>;
    const rewrite = attempt(server, (doc) =>
      writeRawCard(doc, themeId, { id: themeId, title: new Y.Text('T'), order: old.get('order'), authorId: ALICE.participantId, createdAt: old.get('createdAt'), collapsed: false }, 'themes'),
    );
    // Writing the theme again is a restore its author may make (R42); the notes, in their own root, stay.
    expect(receive(server, rewrite, ALICE)).toMatchObject({ ok: true });
    expect(selectNotes(server).get(themeId)).toBe('Decided: alert on saturation');
  });

  it('[R55] a why written again under its id keeps its theme', () => {
    const { server, themeId } = boardWithTheme();
    const alice = replicaOf(server);
    const other = groupCards(alice, ALICE, testCard(alice, ALICE, 'C'), testCard(alice, ALICE, 'D'));
    const added = addWhy(alice, ALICE, themeId, 'because');
    receive(server, Y.encodeStateAsUpdate(alice), ALICE);
    const whyId = added.ok ? added.value.whyId : '';
    const createdAt = server.getMap<Y.Map<unknown>>('whys').get(whyId)?.get('createdAt');
    const moved = attempt(server, (doc) =>
      writeRawCard(doc, whyId, { id: whyId, theme: other.ok ? other.value.themeId : '', order: 'a0', text: new Y.Text('moved'), authorId: ALICE.participantId, createdAt }, 'whys'),
    );
    expect(receive(server, moved, ALICE)).toMatchObject({ ok: false, rule: 'R55' });
    expect(selectWhys(server).get(themeId)?.map((why) => why.text)).toEqual(['because']);
  });

  it('[R56] a link written again under its id keeps its ends', () => {
    const { server, themeId } = boardWithTheme();
    const facilitator = replicaOf(server);
    addEvents(facilitator, FACILITATOR, [{ at: 1_700_000_060_000, zone: 'UTC', text: 'Alert' }]);
    receive(server, Y.encodeStateAsUpdate(facilitator), FACILITATOR);
    const eventId = server.getMap('timeline').keys().next().value as string;
    const bob = replicaOf(server);
    link(bob, BOB, `theme:${themeId}`, `event:${eventId}`);
    receive(server, Y.encodeStateAsUpdate(bob), BOB);
    const linkId = server.getMap('links').keys().next().value as string;
    const createdAt = server.getMap<Y.Map<unknown>>('links').get(linkId)?.get('createdAt');
    const card0 = server.getMap('cards').keys().next().value as string;
    const retargeted = attempt(server, (doc) => writeRawCard(doc, linkId, { id: linkId, from: `card:${card0}`, to: `event:${eventId}`, authorId: BOB.participantId, createdAt }, 'links'));
    expect(receive(server, retargeted, BOB)).toMatchObject({ ok: false, rule: 'R56' });
    expect(selectLinks(server).sourcesOf.get(`event:${eventId}`)).toEqual([`theme:${themeId}`]);
  });

  it('[R58] an action keeps every field: removing its owner or status is refused', () => {
    const server = serverBoard();
    runSessionCommand(server, FACILITATOR.participantId, { type: 'setPhase', phase: 'actions' }, 1);
    const made = runSessionCommand(server, ALICE.participantId, { type: 'createAction', title: 'x' }, 2);
    const id = made.ok && made.created ? made.created.id : '';
    for (const field of ['owner', 'status', 'priority', 'due']) {
      const removal = attempt(server, (doc) => doc.getMap<Y.Map<unknown>>('actions').get(id)?.delete(field));
      expect(receive(server, removal, ALICE), field).toMatchObject({ ok: false, rule: 'R58' });
    }
  });
});
