import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  addEvents,
  addWhy,
  boardNow,
  cardsMap,
  checkEncodedUpdate,
  CLOCK_SKEW_MS,
  createUndoManager,
  creationWindow,
  deleteCard,
  groupCards,
  link,
  setBoardClock,
  type GateScope,
} from '../src/index';
import { ALICE, attempt, BOB, FACILITATOR, replicaOf, serverBoard, testCard, updateOf, wholeCard, writeRawCard } from './helpers';

const BOARD_MADE = 1_700_000_000_000;
const NOW = BOARD_MADE + 3_600_000;
const SCOPE: GateScope = { privateRoom: false, createdWithin: creationWindow(BOARD_MADE, NOW) };

afterEach(() => setBoardClock(() => Date.now()));

function judge(server: Y.Doc, update: Uint8Array, writer = BOB) {
  return checkEncodedUpdate(server, update, writer, SCOPE);
}

describe('creation times (R67)', () => {
  it('[R67] commands stamp what they make with the board clock the app sets', () => {
    setBoardClock(() => NOW);
    const doc = serverBoard();
    const first = testCard(doc, ALICE, 'Pager fired late');
    const second = testCard(doc, ALICE, 'Thresholds too high');
    const grouped = groupCards(doc, ALICE, first, second);
    if (!grouped.ok) throw new Error('grouping failed');
    addWhy(doc, ALICE, grouped.value.themeId, 'Copied from staging');
    const event = addEvents(doc, FACILITATOR, [{ at: BOARD_MADE, zone: 'UTC', text: 'Pager fires' }]);
    if (!event.ok) throw new Error('no event');
    expect(link(doc, ALICE, `card:${first}`, `event:${event.value.ids[0] ?? ''}`)).toEqual({ ok: true });
    expect(boardNow()).toBe(NOW);
    const times = ['cards', 'themes', 'whys', 'links'].flatMap((root) => [...doc.getMap<Y.Map<unknown>>(root).values()].map((map) => map.get('createdAt')));
    expect(times).toEqual([NOW, NOW, NOW, NOW, NOW]);
  });

  it('[R67] the window runs from an hour before the board to an hour after the server now', () => {
    expect(creationWindow(BOARD_MADE, NOW)).toEqual({ earliest: BOARD_MADE - CLOCK_SKEW_MS, latest: NOW + CLOCK_SKEW_MS });
    // An imported board says it was made long ago; a server clock behind it still bounds from now.
    expect(creationWindow(NOW + 10, NOW).earliest).toBe(NOW - CLOCK_SKEW_MS);
  });

  it.each([
    ['an hour and a second ahead of the server', NOW + CLOCK_SKEW_MS + 1000, false],
    ['an hour ahead, to the millisecond', NOW + CLOCK_SKEW_MS, true],
    ['a minute ago', NOW - 60_000, true],
    ['an hour before the board was made', BOARD_MADE - CLOCK_SKEW_MS, true],
    ['more than an hour before the board was made', BOARD_MADE - CLOCK_SKEW_MS - 1, false],
    ['the epoch', 0, false],
  ])('[R67] a new card dated %s: allowed %s', (_when, createdAt, allowed) => {
    const server = serverBoard();
    const update = attempt(server, (doc) => writeRawCard(doc, 'c1', { ...wholeCard('c1', BOB.participantId), createdAt }));
    const verdict = judge(server, update);
    expect(verdict.ok).toBe(allowed);
    if (!verdict.ok) expect(verdict.rule).toBe('R67');
  });

  it('[R67] undoing the deletion of a card made long ago restores it with its old time', () => {
    const server = serverBoard();
    const alice = replicaOf(server);
    setBoardClock(() => BOARD_MADE - CLOCK_SKEW_MS * 5);
    const made = updateOf(alice, () => addCard(alice, ALICE, { column: 'went-well', text: 'old' }));
    // Stored before the window tightened (an older server, or an import).
    Y.applyUpdate(server, made);
    const cardId = [...cardsMap(alice).keys()][0] as string;
    const undo = createUndoManager(alice);
    const deleted = updateOf(alice, () => deleteCard(alice, ALICE, cardId));
    expect(judge(server, deleted, ALICE)).toMatchObject({ ok: true });
    Y.applyUpdate(server, deleted);
    const restored = updateOf(alice, () => undo.undo());
    expect(judge(server, restored, ALICE)).toMatchObject({ ok: true });
  });

  it('[R67] a private room judges drafts by the same window', () => {
    const room = new Y.Doc();
    const update = attempt(room, (doc) => addCard(doc, BOB, { column: 'went-well', text: 'draft', createdAt: NOW + 2 * CLOCK_SKEW_MS }));
    const verdict = checkEncodedUpdate(room, update, BOB, { ...SCOPE, privateRoom: true });
    expect(verdict).toMatchObject({ ok: false, rule: 'R67' });
  });
});
