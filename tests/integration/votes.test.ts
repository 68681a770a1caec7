import {
  addCard,
  cardItem,
  castVote,
  CLOSE,
  countBallot,
  deleteCard,
  withdrawVotes,
  draftRoomName,
  itemResolver,
  readVotes,
  selectLayout,
  selectSession,
  selectTally,
  type Actor,
} from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cleanupsAfterEach, connectClient, rawClient, syncUpdate } from './clients';
import { until } from './helpers';
import { sessionScene } from './scene';

const cleanups = cleanupsAfterEach();

/** A board in the Vote phase with two of Alice's cards, watched by Bob through the stock provider. */
async function votingScene() {
  const scene = await sessionScene(cleanups);
  const { started, board, alice, bob, host, run } = scene;
  const a = await connectClient(cleanups, started.url, board.id, alice.token);
  const actor: Actor = { participantId: alice.participantId, role: 'participant' };
  const cards = ['Failover worked', 'Alert came late'].map((text) => {
    const added = addCard(a.doc, actor, { column: 'went-well', text });
    if (!added.ok) throw new Error('card not added');
    return added.value.cardId;
  });
  const b = await connectClient(cleanups, started.url, board.id, bob.token);
  await until(() => selectLayout(b.doc).columns['went-well'].length === 2, 5000, "Alice's cards at Bob's");
  expect((await run(host.token, { type: 'setPhase', phase: 'vote' })).status).toBe(200);
  const ballot = (participant: { participantId: string; token: string }) => connectClient(cleanups, started.url, draftRoomName(board.id, participant.participantId), participant.token);
  return { ...scene, a, b, cards: cards as [string, string], ballot };
}

describe('dot voting', () => {
  it('[R50] before the reveal another participant receives nothing of who voted for what; after it, the totals are right', async () => {
    const { started, board, bob, host, run, b, cards, ballot, alice } = await votingScene();
    const frames: Buffer[] = [];
    const listener = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    listener.socket.on('message', (data: Buffer) => frames.push(Buffer.from(data)));
    const mine = await ballot(alice);
    const ids = [castVote(mine.doc, cardItem(cards[0])), castVote(mine.doc, cardItem(cards[0])), castVote(mine.doc, cardItem(cards[1]))].map((cast) =>
      cast.ok ? cast.value.voteId : '',
    );
    const bobsBallot = await ballot(bob);
    castVote(bobsBallot.doc, cardItem(cards[1]));
    await until(() => selectSession(b.doc).votesUsed.get(alice.participantId) === 3, 5000, "Alice's used dots at Bob's");
    await until(() => selectSession(b.doc).votesUsed.get(bob.participantId) === 1, 5000, "Bob's used dots");
    // Bob's browser knows how many dots Alice used, and nothing of where.
    expect(selectTally(b.doc).size).toBe(0);
    const wire = Buffer.concat(frames);
    for (const id of ids) expect(wire.includes(Buffer.from(id))).toBe(false);
    expect(wire.includes(Buffer.from('"dots"'))).toBe(false);

    expect((await run(bob.token, { type: 'revealVotes' })).status).toBe(403);
    expect((await run(host.token, { type: 'revealVotes' })).status).toBe(200);
    // The reveal and the totals arrive together.
    await until(() => selectSession(b.doc).votesRevealed, 5000, 'the reveal at Bob');
    expect(Object.fromEntries([...selectTally(b.doc)].map(([item, total]) => [item, total.dots]))).toEqual({ [cardItem(cards[0])]: 2, [cardItem(cards[1])]: 2 });
    // After the reveal, totals follow every change.
    castVote(bobsBallot.doc, cardItem(cards[0]));
    await until(() => selectTally(b.doc).get(cardItem(cards[0]))?.dots === 3, 5000, 'the new dot in the totals');
  });

  it('[R47] a raw client cannot write vote totals into the board (4403); nobody sees them and the store does not keep them', async () => {
    const { started, board, bob, b, cards } = await votingScene();
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(b.doc));
    const forged: Uint8Array[] = [];
    forger.on('update', (update: Uint8Array) => forged.push(update));
    forger.getMap('tally').set(cardItem(cards[0]), { dots: 99 });
    const raw = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    raw.socket.send(syncUpdate(forged[0] as Uint8Array));
    const closed = await raw.closed;
    expect(closed.code).toBe(CLOSE.ruleViolation.code);
    expect(closed.reason).toMatch(/^R47:/);
    // A later client loads from the server: no totals there.
    const later = await connectClient(cleanups, started.url, board.id, bob.token);
    expect(later.doc.getMap('tally').size).toBe(0);
    expect(b.doc.getMap('tally').size).toBe(0);
  });

  it('[R49] outside the Vote phase a dot cast is kept but never counted, and a dot taken back keeps counting', async () => {
    const { alice, host, run, b, cards, ballot } = await votingScene();
    const mine = await ballot(alice);
    castVote(mine.doc, cardItem(cards[0]));
    castVote(mine.doc, cardItem(cards[1]));
    await until(() => selectSession(b.doc).votesUsed.get(alice.participantId) === 2, 5000, 'the counted dots');
    mine.provider.disconnect();
    // Offline, Alice moves her dot from the second card to the first; voting closes meanwhile.
    const [, second] = readVotes(mine.doc);
    withdrawVotes(mine.doc, [second?.id ?? '']);
    castVote(mine.doc, cardItem(cards[0]));
    expect((await run(host.token, { type: 'setPhase', phase: 'actions' })).status).toBe(200);
    mine.provider.connect();
    await until(() => readVotes(mine.doc).some((vote) => vote.late === 'actions'), 5000, 'the late marks in Alice’s room');
    expect(readVotes(mine.doc).map((vote) => [vote.item, vote.late, vote.keptFrom])).toEqual([
      [cardItem(cards[0]), null, null],
      [cardItem(cards[1]), null, 'actions'],
      [cardItem(cards[0]), 'actions', null],
    ]);
    // Moving on from Vote revealed the totals as they were when voting closed.
    await until(() => selectSession(b.doc).votesRevealed, 5000, 'the reveal');
    expect(Object.fromEntries([...selectTally(b.doc)].map(([item, total]) => [item, total.dots]))).toEqual({ [cardItem(cards[0])]: 1, [cardItem(cards[1])]: 1 });
    // Voting opens again: the dot she took back is gone now, as she meant.
    expect((await run(host.token, { type: 'setPhase', phase: 'vote' })).status).toBe(200);
    await until(() => readVotes(mine.doc).every((vote) => vote.keptFrom === null), 5000, 'the kept dot let go');
    await until(() => selectTally(b.doc).get(cardItem(cards[1])) === undefined, 5000, 'the totals without it');
  });

  it('[R50] deleting a card someone voted on does not change anyone’s published dots: it tells nobody whose dots were there', async () => {
    const { alice, bob, b, a, cards, ballot } = await votingScene();
    const bobs = await ballot(bob);
    castVote(bobs.doc, cardItem(cards[0]));
    castVote(bobs.doc, cardItem(cards[1]));
    await until(() => selectSession(b.doc).votesUsed.get(bob.participantId) === 2, 5000, "Bob's dots");
    deleteCard(a.doc, { participantId: alice.participantId, role: 'participant' }, cards[0]);
    await until(() => selectLayout(b.doc).columns['went-well'].length === 1, 5000, 'the deletion at Bob');
    // A recount follows every board change within about 20 ms; a marker write after it proves it ran.
    castVote(bobs.doc, cardItem(cards[1]));
    await until(() => selectSession(b.doc).votesUsed.get(bob.participantId) === 3, 5000, "Bob's third dot");
  });

  it('[R48] two tabs that spend the budget offline at once: the server counts the budget, and both tabs show the same dots not counted', async () => {
    const { alice, host, run, b, cards, ballot } = await votingScene();
    expect((await run(host.token, { type: 'setVoteSettings', budget: 3, cap: 3 })).status).toBe(200);
    const [one, two] = [await ballot(alice), await ballot(alice)];
    one.provider.disconnect();
    two.provider.disconnect();
    for (let i = 0; i < 3; i++) castVote(one.doc, cardItem(cards[0]));
    for (let i = 0; i < 3; i++) castVote(two.doc, cardItem(cards[1]));
    one.provider.connect();
    two.provider.connect();
    await until(() => readVotes(one.doc).length === 6 && readVotes(two.doc).length === 6, 5000, 'both tabs to hold all six dots');
    await until(() => selectSession(b.doc).votesUsed.get(alice.participantId) === 3, 5000, 'three counted dots');
    const rules = selectSession(b.doc).voteRules;
    const [seenByOne, seenByTwo] = [one, two].map((tab) => countBallot(readVotes(tab.doc), itemResolver(selectLayout(b.doc)), rules));
    expect(seenByOne?.notCounted.size).toBe(3);
    expect([...(seenByOne?.notCounted ?? [])]).toEqual([...(seenByTwo?.notCounted ?? [])]);
  });
});
