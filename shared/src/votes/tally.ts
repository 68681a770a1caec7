import type * as Y from 'yjs';
import { ROOT } from '../layout';
import { ServerOrigin } from '../origin';
import { readSessionChild, selectSession, sessionChild } from '../session/state';
import { selectLayout } from '../themes/selectors';
import { isItemKey, type ItemKey, type Vote } from './ballot';
import { countBallot, itemResolver, totalsByItem, type BallotCount } from './count';

/** An item's total once revealed, with who gave it, when the facilitator shows names (R50). */
export interface ItemTotal {
  readonly dots: number;
  /** Participant id → dots, or null while names are hidden. */
  readonly voters: ReadonlyMap<string, number> | null;
}

interface StoredTotal {
  readonly dots: number;
  readonly voters?: Readonly<Record<string, number>>;
}

export function tallyMap(board: Y.Doc): Y.Map<unknown> {
  return board.getMap(ROOT.tally);
}

/** The totals the server wrote into the board: empty until the reveal, unless shown live (R50). */
export function selectTally(board: Y.Doc): ReadonlyMap<ItemKey, ItemTotal> {
  const tally = new Map<ItemKey, ItemTotal>();
  tallyMap(board).forEach((value, key) => {
    if (!isItemKey(key) || typeof value !== 'object' || value === null) return;
    const { dots, voters } = value as StoredTotal;
    if (typeof dots !== 'number' || dots <= 0) return;
    const names = voters && typeof voters === 'object' ? new Map(Object.entries(voters).filter((entry): entry is [string, number] => typeof entry[1] === 'number')) : null;
    tally.set(key, { dots, voters: names });
  });
  return tally;
}

/** Dots per item, for ranking and sorting. */
export function dotsOf(tally: ReadonlyMap<ItemKey, ItemTotal>): ReadonlyMap<ItemKey, number> {
  return new Map([...tally].map(([item, total]) => [item, total.dots]));
}

function storedTotal(voters: ReadonlyMap<string, number>, showVoters: boolean): StoredTotal {
  const dots = [...voters.values()].reduce((sum, n) => sum + n, 0);
  if (!showVoters) return { dots };
  return { dots, voters: Object.fromEntries([...voters].sort(([a], [b]) => (a < b ? -1 : 1))) };
}

/**
 * Counts every participant's ballot against the board as it is now and publishes the
 * result in one server transaction (R48, R50): each person's used dots, always; totals per
 * item only once revealed or while shown live. Writes only what changed, so a recount that
 * finds nothing new sends nothing.
 */
export function publishVoteCounts(board: Y.Doc, ballots: ReadonlyMap<string, readonly Vote[]>): ReadonlyMap<string, BallotCount> {
  const session = selectSession(board);
  const resolve = itemResolver(selectLayout(board));
  const counts = new Map<string, BallotCount>();
  // A removed participant's dots stop counting, as their drafts stay unrevealed (R27, R39).
  for (const [participantId, votes] of ballots) if (!session.removed.has(participantId)) counts.set(participantId, countBallot(votes, resolve, session.voteRules));
  const shown = session.votesRevealed || session.votesLive;
  const totals = shown ? totalsByItem(counts) : new Map<ItemKey, Map<string, number>>();
  board.transact(() => {
    const used = readSessionChild(board, 'votesUsed');
    for (const [participantId, count] of counts) {
      if (count.used === 0) used?.delete(participantId);
      else if (used?.get(participantId) !== count.used) sessionChild(board, 'votesUsed').set(participantId, count.used);
    }
    if (used) for (const participantId of [...used.keys()]) if (!counts.has(participantId)) used.delete(participantId);
    const tally = tallyMap(board);
    for (const key of [...tally.keys()]) if (!totals.has(key as ItemKey)) tally.delete(key);
    for (const [item, voters] of totals) {
      const next = storedTotal(voters, session.showVoters);
      if (JSON.stringify(tally.get(item)) !== JSON.stringify(next)) tally.set(item, next);
    }
  }, new ServerOrigin('tally'));
  return counts;
}
