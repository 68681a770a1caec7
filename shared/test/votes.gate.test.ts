import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { castVote, checkEncodedUpdate, MAX_VOTE_ENTRIES, readVotes, withdrawVotes, type GateScope, type Verdict } from '../src/index';
import { ALICE, attempt, FACILITATOR, replicaOf, serverBoard, updateOf } from './helpers';

const PRIVATE: GateScope = { privateRoom: true, boardEnded: false };

/** The server's copy of Alice's private room, and a synced replica of it. */
function privateRoom(): { server: Y.Doc; tab: Y.Doc } {
  const server = new Y.Doc({ gc: false });
  return { server, tab: replicaOf(server) };
}

function judge(server: Y.Doc, update: Uint8Array, scope = PRIVATE): Verdict {
  const verdict = checkEncodedUpdate(server, update, ALICE, scope);
  if (verdict.ok) Y.applyUpdate(server, update);
  return verdict;
}

describe('the gate on votes', () => {
  it('[R46] casting and taking back dots in your private room passes, and the votes cast are reported', () => {
    const { server, tab } = privateRoom();
    let voteId = '';
    const cast = judge(
      server,
      updateOf(tab, () => {
        const result = castVote(tab, 'card:abc');
        if (result.ok) voteId = result.value.voteId;
      }),
    );
    expect(cast).toEqual({ ok: true, votes: { cast: [voteId], withdrawn: [] } });
    expect(judge(server, updateOf(tab, () => withdrawVotes(tab, [voteId])))).toEqual({ ok: true, votes: { cast: [], withdrawn: [voteId] } });
    expect(readVotes(server)).toEqual([]);
    // A vote id names one dot for good: it is never written again, live or taken back.
    const again = updateOf(tab, () => tab.getMap('votes').set(voteId, 'card:other'));
    expect(judge(server, again)).toMatchObject({ ok: false, rule: 'R46' });
  });

  it('[R46] votes are never written into the board', () => {
    const board = serverBoard();
    const cast = attempt(board, (tab) => castVote(tab, 'card:abc'));
    expect(checkEncodedUpdate(board, cast, FACILITATOR)).toMatchObject({ ok: false, rule: 'R46' });
  });

  it.each([
    ['a malformed vote id', (doc: Y.Doc) => doc.getMap('votes').set('NOT-AN-ID', 'card:abc')],
    ['an item that is neither a card nor a theme', (doc: Y.Doc) => doc.getMap('votes').set('0000000001abcdef', 'action:1')],
    ['a number instead of an item', (doc: Y.Doc) => doc.getMap('votes').set('0000000001abcdef', 7)],
    ['a nested map', (doc: Y.Doc) => doc.getMap('votes').set('0000000001abcdef', new Y.Map())],
  ])('[R46] refuses %s', (_name, write) => {
    const { server, tab } = privateRoom();
    expect(judge(server, updateOf(tab, () => write(tab)))).toMatchObject({ ok: false, rule: 'R46' });
    expect(server.getMap('votes').size).toBe(0);
  });

  it(`[R46] a private room holds at most ${MAX_VOTE_ENTRIES} votes`, () => {
    const { server, tab } = privateRoom();
    const fill = updateOf(tab, () => {
      for (let i = 0; i < MAX_VOTE_ENTRIES; i++) tab.getMap('votes').set(`v${String(i).padStart(9, '0')}`, 'card:abc');
    });
    expect(judge(server, fill)).toMatchObject({ ok: true });
    const more = updateOf(tab, () => tab.getMap('votes').set('zzzzzzzzzz', 'card:abc'));
    expect(judge(server, more)).toMatchObject({ ok: false, rule: 'R46' });
    // Taking one back in the same update keeps the room within the bound.
    const other = replicaOf(server);
    const swapped = updateOf(other, () => {
      other.getMap('votes').delete('v000000000');
      other.getMap('votes').set('zzzzzzzzzy', 'card:abc');
    });
    expect(judge(server, swapped)).toMatchObject({ ok: true });
  });

  it('[R47] a client writes neither vote totals into the board nor late marks into its private room', () => {
    const board = serverBoard();
    const forged = attempt(board, (doc) => doc.getMap('tally').set('card:abc', { dots: 99 }));
    expect(checkEncodedUpdate(board, forged, FACILITATOR)).toMatchObject({ ok: false, rule: 'R47' });
    const { server, tab } = privateRoom();
    expect(judge(server, updateOf(tab, () => tab.getMap('voteMarks').set('0000000001abcdef', 'vote')))).toMatchObject({ ok: false, rule: 'R47' });
  });

  it('[R29] no dots while the session has ended', () => {
    const { server, tab } = privateRoom();
    const cast = updateOf(tab, () => castVote(tab, 'card:abc'));
    expect(judge(server, cast, { privateRoom: true, boardEnded: true })).toMatchObject({ ok: false, rule: 'R29' });
  });
});
