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

/** Tells everyone when a facilitator changes the dots per person or the cap during voting. */
function useRulesChangeNotice(session: SessionSnapshot): void {
  const showToast = useUi((state) => state.showToast);
  const { budget, cap } = session.voteRules;
  const previous = useRef({ budget, cap });
  useEffect(() => {
    const before = previous.current;
    previous.current = { budget, cap };
    if (session.phase !== 'vote' || (before.budget === budget && before.cap === cap)) return;
    showToast({ message: `Voting changed: ${budget} ${budget === 1 ? 'dot' : 'dots'} per person, at most ${cap} on one theme or card.` });
  }, [budget, cap, session.phase, showToast]);
}

/** Your dots left while voting, what does not count and why; for facilitators, who still has dots and the reveal. */
export function VotingBar({ session, people, isFacilitator, privateRoom, run }: VotingBarProps) {
  const view = useVotingView();
  const sortByVotes = useUi((state) => state.sortByVotes);
  const setSortByVotes = useUi((state) => state.setSortByVotes);
  const hint = useUi((state) => state.voteHint);
  useRulesChangeNotice(session);
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
      {view.open && view.shown && <p>Totals are shown; voting stays open until the facilitator moves on.</p>}
      {!view.open && view.shown && <p>Votes are revealed.</p>}
      {reasons.size > 0 && (
        <p className="not-counted">
          {[...reasons].map(([reason, n]) => `${n} ${n === 1 ? 'dot does' : 'dots do'} not count: ${whyNotCounted(reason)}`).join('; ')}.{' '}
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
        {isFacilitator && !session.votesRevealed && !session.ended && view.open && (
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
