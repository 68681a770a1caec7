import type { BoardLayout } from '../themes/selectors';
import { parseItemKey, themeItem, type ItemKey, type Vote } from './ballot';

/** A facilitator's settings (R51): dots per person, and how many of them one item may take. */
export interface VoteRules {
  readonly budget: number;
  readonly cap: number;
}

export const DEFAULT_VOTE_RULES: VoteRules = Object.freeze({ budget: 5, cap: 3 });
export const MAX_VOTE_BUDGET = 20;

/** Why a dot does not count (R48). */
export type NotCountedReason = 'late' | 'gone' | 'budget' | 'cap';

/** Where a dot cast on `item` lands now, or null when that item is no longer on the board. */
export type ItemResolver = (item: ItemKey) => ItemKey | null;

/**
 * Items are themes with cards and cards in no theme. A dot on a card that has since joined
 * a live theme counts for that theme; a dot on a deleted card or on an emptied theme
 * counts for nothing.
 */
export function itemResolver(layout: BoardLayout): ItemResolver {
  const ungrouped = new Set<string>();
  for (const cards of Object.values(layout.columns)) for (const card of cards) ungrouped.add(card.id);
  const themes = new Set(layout.themes.map((theme) => theme.id));
  return (item) => {
    const { kind, id } = parseItemKey(item);
    if (kind === 'theme') return themes.has(id) ? item : null;
    if (ungrouped.has(id)) return item;
    const theme = layout.themeOfCard.get(id);
    return theme ? themeItem(theme) : null;
  };
}

/** One participant's dots, counted. */
export interface BallotCount {
  /** Counted dots per item. */
  readonly counted: ReadonlyMap<ItemKey, number>;
  readonly used: number;
  /** Dots still to place: never below zero, whatever two offline tabs did. */
  readonly left: number;
  /** Dots that do not count, by vote id, and why. */
  readonly notCounted: ReadonlyMap<string, NotCountedReason>;
  /** The item each vote lands on now (null: gone). */
  readonly placed: ReadonlyMap<string, ItemKey | null>;
  /** Dots taken back while voting was closed, which keep counting (R49): they cannot be taken back again. */
  readonly kept: ReadonlySet<string>;
}

/**
 * Counts one participant's votes (R48): in vote-id order, a dot counts unless it was cast
 * outside the Vote phase, its item is gone, the budget is spent, or its item already holds
 * `cap` of this person's counted dots. A pure function of the votes, the board and the
 * rules, so the server and the voter's own browser reach the same result, and dots from
 * two tabs that voted offline at once are sorted out the same way everywhere.
 */
export function countBallot(votes: readonly Vote[], resolve: ItemResolver, rules: VoteRules): BallotCount {
  const counted = new Map<ItemKey, number>();
  const notCounted = new Map<string, NotCountedReason>();
  const placed = new Map<string, ItemKey | null>();
  const kept = new Set<string>();
  let used = 0;
  for (const vote of votes) {
    if (vote.keptFrom !== null) kept.add(vote.id);
    const item = resolve(vote.item);
    placed.set(vote.id, item);
    const onItem = item ? (counted.get(item) ?? 0) : 0;
    const reason: NotCountedReason | null =
      vote.late !== null ? 'late' : item === null ? 'gone' : used >= rules.budget ? 'budget' : onItem >= rules.cap ? 'cap' : null;
    if (reason) {
      notCounted.set(vote.id, reason);
      continue;
    }
    counted.set(item as ItemKey, onItem + 1);
    used++;
  }
  return { counted, used, left: Math.max(0, rules.budget - used), notCounted, placed, kept };
}

/** Whether one more dot on `item` would count now. */
export function mayAddDot(count: BallotCount, item: ItemKey, rules: VoteRules): boolean {
  return count.left > 0 && (count.counted.get(item) ?? 0) < rules.cap;
}

/**
 * The dot to take back from `item` (where it lands now, so a dot on a card that joined a
 * theme is taken back from the theme): one that does not count if there is one, so taking
 * back never costs a counted dot, otherwise the last one cast.
 */
export function pickDotToTakeBack(count: BallotCount, item: ItemKey): string | null {
  let last: string | null = null;
  let lastNotCounted: string | null = null;
  for (const [voteId, placed] of count.placed) {
    if (placed !== item || count.kept.has(voteId)) continue;
    last = voteId;
    if (count.notCounted.has(voteId)) lastNotCounted = voteId;
  }
  return lastNotCounted ?? last;
}

/** Every participant's counted dots per item: item → participant → dots. */
export function totalsByItem(ballots: Iterable<readonly [string, BallotCount]>): Map<ItemKey, Map<string, number>> {
  const totals = new Map<ItemKey, Map<string, number>>();
  for (const [participantId, ballot] of ballots) {
    for (const [item, dots] of ballot.counted) {
      let voters = totals.get(item);
      if (!voters) totals.set(item, (voters = new Map<string, number>()));
      voters.set(participantId, dots);
    }
  }
  return totals;
}

/** An item's place in the ranking: 1 + the number of items with more dots, so equal totals share a rank. */
export interface Rank {
  readonly rank: number;
  /** Another item has the same total. */
  readonly tied: boolean;
}

/** Ranks the items that hold dots (standard competition ranking: 1, 2, 2, 4). */
export function rankItems(dots: ReadonlyMap<ItemKey, number>): ReadonlyMap<ItemKey, Rank> {
  const howMany = new Map<number, number>();
  for (const n of dots.values()) if (n > 0) howMany.set(n, (howMany.get(n) ?? 0) + 1);
  const rankOf = new Map<number, number>();
  let above = 0;
  for (const n of [...howMany.keys()].sort((a, b) => b - a)) {
    rankOf.set(n, above + 1);
    above += howMany.get(n) as number;
  }
  const ranks = new Map<ItemKey, Rank>();
  for (const [item, n] of dots) if (n > 0) ranks.set(item, { rank: rankOf.get(n) as number, tied: (howMany.get(n) as number) > 1 });
  return ranks;
}

/** Sorts items by their totals, most first; equal totals keep the order they came in (sort is stable). */
export function byVotes<T>(items: readonly T[], dotsOf: (item: T) => number): T[] {
  return [...items].sort((a, b) => dotsOf(b) - dotsOf(a));
}
