import {
  castVote,
  countBallot,
  dotsOf,
  itemResolver,
  mayAddDot,
  rankItems,
  pickDotToTakeBack,
  withdrawVotes,
  type BallotCount,
  type BoardLayout,
  type ItemKey,
  type ItemTotal,
  type NotCountedReason,
  type Rank,
  type SessionSnapshot,
  type VoteRules,
} from '@hindsight/shared';
import { createContext, useContext, useMemo } from 'react';
import type * as Y from 'yjs';
import { useMyVotes, useTally } from '../../sync/useBoard';

/** Everything the board shows about dot voting, for you. */
export interface VotingView {
  /** Dots may be cast now: the Vote phase, and the session has not ended. */
  readonly open: boolean;
  readonly rules: VoteRules;
  /** Your dots, counted by the same rules as the server's (R48). */
  readonly mine: BallotCount;
  /** Totals are on the board: revealed, or shown live (R50). */
  readonly shown: boolean;
  readonly tally: ReadonlyMap<ItemKey, ItemTotal>;
  readonly ranks: ReadonlyMap<ItemKey, Rank>;
  readonly cast: (item: ItemKey) => void;
  readonly withdraw: (item: ItemKey) => void;
  /** Whether one more dot on the item would count. */
  readonly mayAdd: (item: ItemKey) => boolean;
}

/** What each item shows of your own dots. */
export function myDotsOn(view: VotingView, item: ItemKey): { counted: number; notCounted: NotCountedReason[] } {
  const notCounted: NotCountedReason[] = [];
  for (const [voteId, reason] of view.mine.notCounted) if (view.mine.placed.get(voteId) === item) notCounted.push(reason);
  return { counted: view.mine.counted.get(item) ?? 0, notCounted };
}

/** Your dots (private room) against the board as it is now, and the totals once they are shown. */
export function useVoting(privateRoom: Y.Doc, doc: Y.Doc, layout: BoardLayout, session: SessionSnapshot): VotingView {
  const votes = useMyVotes(privateRoom);
  const tally = useTally(doc);
  // The session snapshot is new on every session change (anyone's vote moves its counts): keep the rules while they are equal.
  const { budget, cap } = session.voteRules;
  const rules = useMemo(() => ({ budget, cap }), [budget, cap]);
  const resolve = useMemo(() => itemResolver(layout), [layout]);
  const mine = useMemo(() => countBallot(votes, resolve, rules), [votes, resolve, rules]);
  const ranks = useMemo(() => rankItems(dotsOf(tally)), [tally]);
  const open = session.phase === 'vote' && !session.ended;
  const shown = session.votesRevealed || session.votesLive;
  return useMemo(
    () => ({
      open,
      rules,
      mine,
      shown,
      tally,
      ranks,
      cast: (item) => void castVote(privateRoom, item),
      withdraw: (item) => {
        const pick = pickDotToTakeBack(mine, item);
        if (pick) withdrawVotes(privateRoom, [pick]);
      },
      mayAdd: (item) => mayAddDot(mine, item, rules),
    }),
    [open, rules, mine, shown, tally, ranks, privateRoom],
  );
}

export const VotingContext = createContext<VotingView | null>(null);

export function useVotingView(): VotingView | null {
  return useContext(VotingContext);
}
