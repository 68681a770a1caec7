import { withdrawVotes, type NotCountedReason, type ParticipantSnapshot, type SessionCommand, type SessionSnapshot } from '@hindsight/shared';
import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { useUi } from '../../uiStore';
import { useVotingView } from './useVoting';
import { whyNotCounted } from './VoteControl';

interface VotingBarProps {
  readonly session: SessionSnapshot;
  readonly people: readonly ParticipantSnapshot[];
  readonly isFacilitator: boolean;
  readonly privateRoom: Y.Doc;
  readonly run: (command: SessionCommand) => void;
}

/** Tells everyone when a facilitator changes the limits, or shows the totals, during voting; and lets the last hint go. */
function useVotingNotices(session: SessionSnapshot): void {
  const showToast = useUi((state) => state.showToast);
  const sayVoteHint = useUi((state) => state.sayVoteHint);
  const hint = useUi((state) => state.voteHint);
  const { budget, cap } = session.voteRules;
  const live = session.votesLive;
  const previous = useRef({ budget, cap, live });
  useEffect(() => {
    const before = previous.current;
    previous.current = { budget, cap, live };
    if (session.phase !== 'vote') return;
    if (before.budget !== budget || before.cap !== cap) {
      const lowered = budget < before.budget || cap < before.cap;
      showToast({
        message: `Voting changed: ${budget} ${budget === 1 ? 'dot' : 'dots'} per person, at most ${cap} on one theme or card.${lowered ? ' Dots over the new limits no longer count.' : ''}`,
      });
    } else if (!before.live && live) showToast({ message: 'The totals now show while people vote.' });
  }, [budget, cap, live, session.phase, showToast]);
  // A hint is about the click just made: it goes after a while, and with the phase.
  useEffect(() => {
    if (!hint) return;
    const timer = setTimeout(() => sayVoteHint(''), 8000);
    return () => clearTimeout(timer);
  }, [hint, sayVoteHint]);
  useEffect(() => () => sayVoteHint(''), [session.phase, sayVoteHint]);
}

/** Your dots left while voting, what does not count and why; for facilitators, who still has dots and the reveal. */
export function VotingBar({ session, people, isFacilitator, privateRoom, run }: VotingBarProps) {
  const view = useVotingView();
  const sortByVotes = useUi((state) => state.sortByVotes);
  const setSortByVotes = useUi((state) => state.setSortByVotes);
  const hint = useUi((state) => state.voteHint);
  useVotingNotices(session);
  if (!view || (!view.open && !(view.shown && view.tally.size > 0))) return null;
  const { budget, cap } = view.rules;
  const reasons = new Map<NotCountedReason, number>();
  for (const reason of view.mine.notCounted.values()) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  // Offered once totals are shown: before that, everyone would see your used dots drop by as many as the deleted card held.
  const gone = view.shown ? [...view.mine.notCounted].filter(([id, reason]) => reason === 'gone' && !view.mine.kept.has(id)).map(([id]) => id) : [];
  const hiddenCounts = view.shown && !session.showVoters;
  return (
    <section className="voting-bar" aria-label="Voting">
      {view.open && (
        <p className="dots-left">
          <strong>
            {view.mine.left} of {budget} {budget === 1 ? 'dot' : 'dots'} left
          </strong>{' '}
          · at most {cap} on one theme or card · a theme takes the dots of its cards
          {view.mine.left === 0 && ' · all placed: take one back (−) to move it'}
        </p>
      )}
      <p role="status" className="vote-hint">
        {hint}
      </p>
      {view.open && view.shown && <p>Totals are shown; voting stays open until {isFacilitator ? 'you move' : 'the facilitator moves'} on.</p>}
      {!view.open && view.shown && <p>Votes are revealed.</p>}
      {reasons.size > 0 && (
        <p className="not-counted">
          Not counted: {[...reasons].map(([reason, n]) => `${n} ${n === 1 ? 'dot' : 'dots'} ${whyNotCounted(reason)}`).join('; ')} (drawn hatched).{' '}
          {gone.length > 0 && view.open && (
            <button type="button" className="link-button" onClick={() => withdrawVotes(privateRoom, gone)}>
              Take those back
            </button>
          )}
        </p>
      )}
      {view.mine.kept.size > 0 && (
        <p className="not-counted">
          {view.mine.kept.size === 1 ? '1 dot you took back' : `${view.mine.kept.size} dots you took back`} while voting was closed still{' '}
          {view.mine.kept.size === 1 ? 'counts' : 'count'}.
        </p>
      )}
      {isFacilitator && view.open && (
        <p className="dots-by-person" aria-label="Dots left per person">
          {hiddenCounts
            ? 'Dots left per person are hidden while totals show without names: together they would tell who voted for what.'
            : ['Dots left: ', ...people.map((person, i) => `${i > 0 ? ' · ' : ''}${person.name} ${Math.max(0, budget - (session.votesUsed.get(person.id) ?? 0))}`)].join('')}
        </p>
      )}
      <div className="voting-actions">
        {isFacilitator && !view.shown && !session.ended && view.open && (
          <button type="button" className="primary" onClick={() => run({ type: 'revealVotes' })}>
            Reveal votes
          </button>
        )}
        {view.shown && (
          <button type="button" aria-pressed={sortByVotes} onClick={() => setSortByVotes(!sortByVotes)}>
            {sortByVotes ? '✓ Sorted by votes' : 'Sort by votes'}
          </button>
        )}
      </div>
    </section>
  );
}
