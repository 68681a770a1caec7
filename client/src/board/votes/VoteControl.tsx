import { pickDotToTakeBack, type ItemKey, type NotCountedReason, type ParticipantSnapshot } from '@hindsight/shared';
import { useUi } from '../../uiStore';
import { myDotsOn, useVotingView } from './useVoting';

const WHY: Readonly<Record<NotCountedReason, string>> = {
  budget: 'over your dots per person',
  cap: 'over the limit on one theme or card',
  late: 'cast while voting was closed',
  gone: 'on a card or theme no longer on the board',
};

export function whyNotCounted(reason: NotCountedReason): string {
  return WHY[reason];
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

interface VoteControlProps {
  readonly item: ItemKey;
  /** What the item is called, for screen readers ("Theme “Alerting”"). */
  readonly label: string;
  readonly participants: readonly ParticipantSnapshot[];
}

/**
 * Dots on one item: yours while voting (add, take back, and the ones that do not count),
 * and the total with its rank once totals are shown. Ties say so.
 */
export function VoteControl({ item, label, participants }: VoteControlProps) {
  const view = useVotingView();
  const sayVoteHint = useUi((state) => state.sayVoteHint);
  if (!view) return null;
  const { counted, notCounted } = myDotsOn(view, item);
  const total = view.shown ? view.tally.get(item) : undefined;
  const rank = view.ranks.get(item);
  if (!view.open && !total) return null;
  const voters = total?.voters
    ? [...total.voters].map(([id, dots]) => `${participants.find((p) => p.id === id)?.name ?? 'Someone'} ${dots}`).join(', ')
    : null;
  const mayAdd = view.mayAdd(item);
  const blocked = view.mine.left === 0 ? 'All your dots are placed: take one back (−) to move it.' : `At most ${view.rules.cap} of your dots on one theme or card.`;
  // A dot taken back while voting was closed keeps counting and cannot be taken back again (R49).
  const mayTakeBack = pickDotToTakeBack(view.mine, item) !== null;
  return (
    <div className="votes" data-item={item}>
      {view.open && (
        <span className="my-votes">
          {/* aria-disabled, not disabled: a button that disables itself would drop keyboard focus to the page. */}
          <button
            type="button"
            className="icon vote-button"
            aria-label={`Take a dot back from ${label}`}
            aria-disabled={!mayTakeBack}
            title={mayTakeBack ? 'Take a dot back' : `You have no dot here to take back`}
            onClick={() => {
              const pick = pickDotToTakeBack(view.mine, item);
              if (pick === null) return sayVoteHint(`You have no dot on ${label} to take back.`);
              view.withdraw(item);
              // Taking back a dot that did not count leaves as many to place as before.
              const left = view.mine.notCounted.has(pick) ? view.mine.left : view.mine.left + 1;
              sayVoteHint(`Dot taken back from ${label}: ${left} of ${view.rules.budget} left.`);
            }}
          >
            −
          </button>
          <span className="dots" role="img" aria-label={`Your dots on ${label}: ${counted}${notCounted.length > 0 ? `, and ${notCounted.length} not counted` : ''}`}>
            {Array.from({ length: counted }, (_, i) => (
              <span key={`c${i}`} className="dot-mark counted" />
            ))}
            {notCounted.map((reason, i) => (
              <span key={`n${i}`} className="dot-mark not-counted" title={`Not counted: ${whyNotCounted(reason)}`} />
            ))}
          </span>
          <button
            type="button"
            className="icon vote-button"
            aria-label={`Add a dot to ${label}`}
            title={mayAdd ? 'Add a dot' : blocked}
            aria-disabled={!mayAdd}
            onClick={() => {
              if (mayAdd) view.cast(item);
              sayVoteHint(mayAdd ? `Dot added to ${label}: ${view.mine.left - 1} of ${view.rules.budget} left.` : blocked);
            }}
          >
            +
          </button>
        </span>
      )}
      {total && (
        <span className="vote-total" title={voters ? `Dots from ${voters}` : undefined}>
          <strong>{plural(total.dots, 'dot', 'dots')}</strong>
          {rank && (
            <span className="rank">
              #{rank.rank}
              {rank.tied ? ' (tie)' : ''}
            </span>
          )}
          {voters && <span className="voters">{voters}</span>}
        </span>
      )}
    </div>
  );
}
