import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  byVotes,
  cardItem,
  castVote,
  countBallot,
  createUndoManager,
  deleteCard,
  dissolveTheme,
  groupCards,
  itemResolver,
  markLateVotes,
  mayAddDot,
  publishVoteCounts,
  rankItems,
  readVotes,
  runSessionCommand,
  selectLayout,
  selectSession,
  selectTally,
  themeItem,
  pickDotToTakeBack,
  withdrawVotes,
  type Actor,
  type ItemKey,
  type SessionCommand,
  type Vote,
} from '../src/index';
import { ALICE, BOB, FACILITATOR, serverBoard, stateOf } from './helpers';

const T0 = 1_800_000_000_000;

function must(doc: Y.Doc, actor: Actor, command: SessionCommand): void {
  expect(runSessionCommand(doc, actor.participantId, command, T0)).toMatchObject({ ok: true });
}

/** Vote ids that sort in the order given. */
function votes(...items: (ItemKey | [ItemKey, 'late'])[]): Vote[] {
  return items.map((entry, i) => {
    const [item, late] = Array.isArray(entry) ? entry : [entry, null];
    return { id: `v${String(i).padStart(8, '0')}`, item, late: late ? 'actions' : null, keptFrom: null };
  });
}

const everything = (item: ItemKey) => item;

/** A board in the Vote phase with three cards by Alice; answers the board and the card ids. */
function votingBoard(): { board: Y.Doc; cards: string[] } {
  const board = serverBoard();
  const cards = ['one', 'two', 'three'].map((text) => {
    const added = addCard(board, ALICE, { column: 'went-well', text });
    if (!added.ok) throw new Error('card not added');
    return added.value.cardId;
  });
  must(board, FACILITATOR, { type: 'setPhase', phase: 'vote' });
  return { board, cards };
}

function roomWith(...items: ItemKey[]): Y.Doc {
  const room = new Y.Doc();
  let clock = T0;
  for (const item of items) castVote(room, item, { now: () => clock++, random: () => 0.5 });
  return room;
}

describe('counting dots', () => {
  it('[R48] dots count in vote-id order up to the budget; the rest are not counted', () => {
    const count = countBallot(votes('card:a', 'card:b', 'card:c', 'card:d'), everything, { budget: 3, cap: 3 });
    expect(count.used).toBe(3);
    expect(count.left).toBe(0);
    expect([...count.notCounted]).toEqual([['v00000003', 'budget']]);
    expect(count.counted.get('card:d')).toBeUndefined();
  });

  it('[R48] one item takes at most the cap of one person’s dots', () => {
    const count = countBallot(votes('card:a', 'card:a', 'card:a', 'card:b'), everything, { budget: 5, cap: 2 });
    expect(count.counted.get('card:a')).toBe(2);
    expect(count.counted.get('card:b')).toBe(1);
    expect(count.notCounted.get('v00000002')).toBe('cap');
    expect(count.left).toBe(2);
    expect(mayAddDot(count, 'card:a', { budget: 5, cap: 2 })).toBe(false);
    expect(mayAddDot(count, 'card:b', { budget: 5, cap: 2 })).toBe(true);
  });

  it('[R49] a late dot never counts, and does not use the budget', () => {
    const count = countBallot(votes(['card:a', 'late'], 'card:b'), everything, { budget: 1, cap: 1 });
    expect(count.notCounted.get('v00000000')).toBe('late');
    expect(count.counted.get('card:b')).toBe(1);
  });

  it('[R48] a dot on a card in a theme counts for the theme; on a deleted card, for nothing', () => {
    const { board, cards } = votingBoard();
    const [one, two, three] = cards as [string, string, string];
    const grouped = groupCards(board, FACILITATOR, one, two);
    if (!grouped.ok) throw new Error('not grouped');
    deleteCard(board, ALICE, three);
    const resolve = itemResolver(selectLayout(board));
    const count = countBallot(votes(cardItem(one), cardItem(two), cardItem(three)), resolve, { budget: 5, cap: 3 });
    expect([...count.counted]).toEqual([[themeItem(grouped.value.themeId), 2]]);
    expect(count.notCounted.get('v00000002')).toBe('gone');
    // The cap applies to the theme as a whole.
    expect(countBallot(votes(cardItem(one), cardItem(two)), resolve, { budget: 5, cap: 1 }).notCounted.get('v00000001')).toBe('cap');
    // Dissolved, the theme is gone and each card is an item of its own again.
    dissolveTheme(board, FACILITATOR, grouped.value.themeId);
    const after = itemResolver(selectLayout(board));
    expect(after(themeItem(grouped.value.themeId))).toBeNull();
    expect(after(cardItem(one))).toBe(cardItem(one));
  });

  it('[R48] taking a dot back takes one that does not count first, otherwise the last one cast; on a theme, also a dot cast on one of its cards', () => {
    const rules = { budget: 5, cap: 1 };
    const count = countBallot(votes('card:a', 'card:a', 'card:b'), everything, rules);
    expect(pickDotToTakeBack(count, 'card:a')).toBe('v00000001');
    expect(pickDotToTakeBack(count, 'card:b')).toBe('v00000002');
    expect(pickDotToTakeBack(count, 'card:c')).toBeNull();
    const grouped = countBallot(votes('card:a', 'theme:t'), (item) => (item === 'card:a' ? 'theme:t' : item), { budget: 5, cap: 3 });
    expect(pickDotToTakeBack(grouped, 'theme:t')).toBe('v00000001');
    const room = roomWith('card:a', 'card:b');
    const [first] = readVotes(room);
    expect(withdrawVotes(room, [first?.id ?? ''])).toMatchObject({ ok: true });
    expect(withdrawVotes(room, [first?.id ?? ''])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(readVotes(room).map((vote) => vote.item)).toEqual(['card:b']);
  });

  it('[R49] the server’s late marks show in the owner’s votes', () => {
    const room = roomWith('card:a', 'card:b');
    const [first] = readVotes(room);
    markLateVotes(room, { cast: [first?.id ?? ''], withdrawn: new Map() }, 'actions');
    expect(readVotes(room).map((vote) => vote.late)).toEqual(['actions', null]);
  });
});

describe('voting closed', () => {
  it('[R49] a dot taken back outside the Vote phase keeps counting where it was, and cannot be taken back again', () => {
    const room = roomWith('card:a', 'card:b');
    const [first, second] = readVotes(room) as [Vote, Vote];
    withdrawVotes(room, [first.id]);
    markLateVotes(room, { cast: [], withdrawn: new Map([[first.id, first.item]]) }, 'actions');
    expect(readVotes(room)).toEqual([
      { id: first.id, item: 'card:a', late: null, keptFrom: 'actions' },
      { id: second.id, item: 'card:b', late: null, keptFrom: null },
    ]);
    const count = countBallot(readVotes(room), everything, { budget: 5, cap: 3 });
    expect(count.counted.get('card:a')).toBe(1);
    expect(pickDotToTakeBack(count, 'card:a')).toBeNull();
  });

  it('[R49] marks of late dots that were taken back again are pruned, so marks stay bounded', () => {
    const room = roomWith('card:a');
    const [vote] = readVotes(room) as [Vote];
    markLateVotes(room, { cast: [vote.id], withdrawn: new Map() }, 'actions');
    withdrawVotes(room, [vote.id]);
    markLateVotes(room, { cast: [], withdrawn: new Map([[vote.id, vote.item]]) }, 'actions');
    expect(room.getMap('voteMarks').size).toBe(0);
    expect(readVotes(room)).toEqual([]);
  });
});

describe('ranking', () => {
  it('[R50] equal totals share a rank and are marked as ties (1, 2, 2, 4)', () => {
    const ranks = rankItems(
      new Map<ItemKey, number>([
        ['card:a', 5],
        ['card:b', 3],
        ['theme:c', 3],
        ['card:d', 1],
        ['card:e', 0],
      ]),
    );
    expect(Object.fromEntries(ranks)).toEqual({
      'card:a': { rank: 1, tied: false },
      'card:b': { rank: 2, tied: true },
      'theme:c': { rank: 2, tied: true },
      'card:d': { rank: 4, tied: false },
    });
  });

  it('[R50] sorting by votes puts most first and keeps equal totals in board order', () => {
    const dots: Record<string, number> = { a: 1, b: 3, c: 1, d: 3 };
    expect(byVotes(['a', 'b', 'c', 'd'], (id) => dots[id] ?? 0)).toEqual(['b', 'd', 'a', 'c']);
  });
});

describe('publishing the counts', () => {
  it('[R50] before the reveal the board holds used dots only; the reveal writes totals, names only when enabled', () => {
    const { board, cards } = votingBoard();
    const [one, two] = cards as [string, string];
    const ballots = new Map([
      [ALICE.participantId, readVotes(roomWith(cardItem(one), cardItem(one), cardItem(two)))],
      [BOB.participantId, readVotes(roomWith(cardItem(two)))],
    ]);
    publishVoteCounts(board, ballots);
    expect(selectTally(board).size).toBe(0);
    expect(board.getMap('tally').size).toBe(0);
    expect(Object.fromEntries(selectSession(board).votesUsed)).toEqual({ [ALICE.participantId]: 3, [BOB.participantId]: 1 });

    // Used dots ignore the board: deleting a card does not move them, so it cannot tell whose dots were on it.
    const undo = createUndoManager(board);
    deleteCard(board, ALICE, two);
    publishVoteCounts(board, ballots);
    expect(Object.fromEntries(selectSession(board).votesUsed)).toEqual({ [ALICE.participantId]: 3, [BOB.participantId]: 1 });
    undo.undo();

    must(board, FACILITATOR, { type: 'revealVotes' });
    publishVoteCounts(board, ballots);
    expect(Object.fromEntries([...selectTally(board)].map(([item, total]) => [item, total.dots]))).toEqual({ [cardItem(one)]: 2, [cardItem(two)]: 2 });
    expect(selectTally(board).get(cardItem(one))?.voters).toBeNull();
    // Totals without names: per-person counts would name each later dot's voter, so they go.
    expect(selectSession(board).votesUsed.size).toBe(0);

    must(board, FACILITATOR, { type: 'setVoteSettings', showVoters: true });
    publishVoteCounts(board, ballots);
    expect(Object.fromEntries(selectTally(board).get(cardItem(two))?.voters ?? [])).toEqual({ [ALICE.participantId]: 1, [BOB.participantId]: 1 });
    expect(selectSession(board).votesUsed.size).toBe(2);

    // A recount that finds nothing new writes nothing.
    const before = stateOf(board);
    publishVoteCounts(board, ballots);
    expect(stateOf(board)).toBe(before);
  });

  it('[R50] totals show from the start when a facilitator shows them live', () => {
    const { board, cards } = votingBoard();
    must(board, FACILITATOR, { type: 'setVoteSettings', live: true });
    publishVoteCounts(board, new Map([[BOB.participantId, readVotes(roomWith(cardItem(cards[0] ?? '')))]]));
    expect(selectTally(board).get(cardItem(cards[0] ?? ''))?.dots).toBe(1);
  });

  it('[R48] a removed participant’s dots stop counting', () => {
    const { board, cards } = votingBoard();
    must(board, FACILITATOR, { type: 'revealVotes' });
    const ballots = new Map([[BOB.participantId, readVotes(roomWith(cardItem(cards[0] ?? '')))]]);
    publishVoteCounts(board, ballots);
    expect(selectTally(board).size).toBe(1);
    must(board, FACILITATOR, { type: 'removeParticipant', participantId: BOB.participantId });
    publishVoteCounts(board, ballots);
    expect(selectTally(board).size).toBe(0);
    expect(selectSession(board).votesUsed.size).toBe(0);
  });
});

describe('vote and spotlight commands', () => {
  it('[R51] vote settings: whole numbers from 1 to 20, and an item takes no more than a person has', () => {
    const { board } = votingBoard();
    expect(selectSession(board).voteRules).toEqual({ budget: 5, cap: 3 });
    must(board, FACILITATOR, { type: 'setVoteSettings', budget: 8, cap: 4 });
    expect(selectSession(board).voteRules).toEqual({ budget: 8, cap: 4 });
    // Lowering the budget below the cap brings the cap down with it.
    must(board, FACILITATOR, { type: 'setVoteSettings', budget: 2 });
    expect(selectSession(board).voteRules).toEqual({ budget: 2, cap: 2 });
    expect(runSessionCommand(board, FACILITATOR.participantId, { type: 'setVoteSettings', cap: 3 }, T0)).toMatchObject({ ok: false, status: 409, rule: 'R51' });
    expect(runSessionCommand(board, ALICE.participantId, { type: 'setVoteSettings', live: true }, T0)).toMatchObject({ ok: false, status: 403 });
  });

  it('[R50] moving on from Vote reveals the totals; going back to an earlier phase does not', () => {
    const { board } = votingBoard();
    must(board, FACILITATOR, { type: 'setPhase', phase: 'group' });
    expect(selectSession(board).votesRevealed).toBe(false);
    must(board, FACILITATOR, { type: 'setPhase', phase: 'vote' });
    must(board, FACILITATOR, { type: 'setPhase', phase: 'actions' });
    expect(selectSession(board).votesRevealed).toBe(true);
  });

  it('[R52] a spotlight is for Discuss only, names someone on the board, and ends with the phase', () => {
    const board = serverBoard();
    expect(runSessionCommand(board, FACILITATOR.participantId, { type: 'setSpotlight', participantId: BOB.participantId }, T0)).toMatchObject({
      ok: false,
      status: 409,
      rule: 'R52',
    });
    must(board, FACILITATOR, { type: 'setPhase', phase: 'discuss' });
    expect(runSessionCommand(board, FACILITATOR.participantId, { type: 'setSpotlight', participantId: 'p-nobody' }, T0)).toMatchObject({ status: 404 });
    must(board, FACILITATOR, { type: 'setSpotlight', participantId: BOB.participantId });
    expect(selectSession(board).spotlight).toBe(BOB.participantId);
    must(board, FACILITATOR, { type: 'setSpotlight', participantId: null });
    expect(selectSession(board).spotlight).toBeNull();
    must(board, FACILITATOR, { type: 'setSpotlight', participantId: ALICE.participantId });
    must(board, FACILITATOR, { type: 'setPhase', phase: 'group' });
    must(board, FACILITATOR, { type: 'setPhase', phase: 'discuss' });
    expect(selectSession(board).spotlight).toBeNull();
  });
});
