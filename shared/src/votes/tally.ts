import type * as Y from 'yjs';
import { ROOT } from '../layout';
import { ServerOrigin } from '../origin';
import { readSessionChild, selectSession, sessionChild } from '../session/state';
import { selectLayout } from '../themes/selectors';
import { isItemKey, type ItemKey, type Vote } from './ballot';
import { countBallot, itemResolver, totalsByItem, type BallotCount, type ItemResolver } from './count';

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

/** Voter id under which imported dots whose voters were not named are counted. */
const UNNAMED = '';

/**
 * A board made from an export keeps the totals it came with (R61); dots cast on it since
 * are added to them. Imported dots with no names stay unnamed.
 */
function addImportedTotals(board: Y.Doc, totals: Map<ItemKey, Map<string, number>>): void {
  readSessionChild(board, 'importedVotes')?.forEach((value, item) => {
    if (!isItemKey(item) || typeof value !== 'object' || value === null) return;
    const { dots, voters } = value as StoredTotal;
    if (typeof dots !== 'number' || dots <= 0) return;
    const merged = totals.get(item) ?? new Map<string, number>();
    let named = 0;
    for (const [voter, n] of Object.entries(voters ?? {})) {
      if (typeof n !== 'number') continue;
      merged.set(voter, (merged.get(voter) ?? 0) + n);
      named += n;
    }
    if (dots > named) merged.set(UNNAMED, (merged.get(UNNAMED) ?? 0) + dots - named);
    totals.set(item, merged);
  });
}

function storedTotal(voters: ReadonlyMap<string, number>, showVoters: boolean): StoredTotal {
  const dots = [...voters.values()].reduce((sum, n) => sum + n, 0);
  if (!showVoters) return { dots };
  const named = [...voters].filter(([voter]) => voter !== UNNAMED).sort(([a], [b]) => (a < b ? -1 : 1));
  return { dots, voters: Object.fromEntries(named) };
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
  const used = new Map<string, number>();
  const shown = session.votesRevealed || session.votesLive;
  // Used dots are counted without the board, so deleting or regrouping a card never moves
  // them and cannot tell whose dots were on it. While totals show without names, they are
  // not published at all: a dot's total and its voter's count changing together would name it.
  const publishUsed = !shown || session.showVoters;
  for (const [participantId, votes] of ballots) {
    // A removed participant's dots stop counting, as their drafts stay unrevealed (R27, R39).
    if (session.removed.has(participantId)) continue;
    counts.set(participantId, countBallot(votes, resolve, session.voteRules));
    const spent = countBallot(votes, anyItem, session.voteRules).used;
    if (publishUsed && spent > 0) used.set(participantId, spent);
  }
  const totals = shown ? totalsByItem(counts) : new Map<ItemKey, Map<string, number>>();
  if (shown) addImportedTotals(board, totals);
  board.transact(() => {
    const published = readSessionChild(board, 'votesUsed');
    if (published) for (const participantId of [...published.keys()]) if (!used.has(participantId)) published.delete(participantId);
    for (const [participantId, spent] of used) if (published?.get(participantId) !== spent) sessionChild(board, 'votesUsed').set(participantId, spent);
    const tally = tallyMap(board);
    for (const key of [...tally.keys()]) if (!totals.has(key as ItemKey)) tally.delete(key);
    for (const [item, voters] of totals) {
      const next = storedTotal(voters, session.showVoters);
      if (JSON.stringify(tally.get(item)) !== JSON.stringify(next)) tally.set(item, next);
    }
  }, new ServerOrigin('tally'));
  return counts;
}

/** Every item counts: the used-dot count ignores what became of the items. */
const anyItem: ItemResolver = (item) => item;
