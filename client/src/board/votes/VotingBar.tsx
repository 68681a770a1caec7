import { withdrawVotes, type NotCountedReason, type ParticipantSnapshot, type SessionCommand, type SessionSnapshot } from '@hindsight/shared';
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

/** Your dots left while voting, what does not count and why; for facilitators, who still has dots and the reveal. */
export function VotingBar({ session, people, isFacilitator, privateRoom, run }: VotingBarProps) {
  const view = useVotingView();
  const sortByVotes = useUi((state) => state.sortByVotes);
  const setSortByVotes = useUi((state) => state.setSortByVotes);
  if (!view || (!view.open && !(view.shown && view.tally.size > 0))) return null;
  const { budget, cap } = view.rules;
  const reasons = new Map<NotCountedReason, number>();
  for (const reason of view.mine.notCounted.values()) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  const gone = [...view.mine.notCounted].filter(([, reason]) => reason === 'gone').map(([id]) => id);
  return (
    <section className="voting-bar" aria-label="Voting">
      {view.open && (
        <p role="status" className="dots-left">
          <strong>
            {view.mine.left} of {budget} {budget === 1 ? 'dot' : 'dots'} left
          </strong>{' '}
          · at most {cap} on one theme or card
        </p>
      )}
      {view.open && reasons.size > 0 && (
        <p className="not-counted">
          {[...reasons].map(([reason, n]) => `${n} ${n === 1 ? 'dot does' : 'dots do'} not count: ${whyNotCounted(reason)}`).join('; ')}.{' '}
          {gone.length > 0 && (
            <button
              type="button"
              className="link-button"
              onClick={() => withdrawVotes(privateRoom, gone)}
            >
              Take those back
            </button>
          )}
        </p>
      )}
      {isFacilitator && view.open && (
        <p className="dots-by-person" aria-label="Dots left per person">
          Dots left:{' '}
          {people.map((person, i) => (
            <span key={person.id}>
              {i > 0 && ' · '}
              {person.name} {Math.max(0, budget - (session.votesUsed.get(person.id) ?? 0))}
            </span>
          ))}
        </p>
      )}
      <div className="voting-actions">
        {isFacilitator && !session.votesRevealed && !session.ended && (
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
