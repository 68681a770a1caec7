import type { ParticipantSnapshot, SessionCommand } from '@hindsight/shared';
import { useUi } from '../uiStore';

interface HighlightNoticeProps {
  readonly people: readonly ParticipantSnapshot[];
  readonly isFacilitator: boolean;
  readonly run: (command: SessionCommand) => void;
}

function names(people: readonly ParticipantSnapshot[], ids: Iterable<string>): string {
  const list = [...ids].map((id) => people.find((person) => person.id === id)?.name ?? 'someone');
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1] ?? ''}`;
}

/** Says whose work is highlighted and how to stop: your own highlight, and a facilitator's spotlight for everyone (R52). */
export function HighlightNotice({ people, isFacilitator, run }: HighlightNoticeProps) {
  const highlighted = useUi((state) => state.highlighted);
  const spotlight = useUi((state) => state.spotlight);
  const clearHighlight = useUi((state) => state.clearHighlight);
  if (highlighted.size === 0 && spotlight === null) return null;
  return (
    <div className="highlight-notice" role="status">
      {spotlight !== null && (
        <span>
          ★ Spotlight for everyone: <strong>{names(people, [spotlight])}</strong>’s cards and themes.{' '}
          {isFacilitator && (
            <button type="button" className="link-button" onClick={() => run({ type: 'setSpotlight', participantId: null })}>
              End the spotlight
            </button>
          )}
        </span>
      )}
      {highlighted.size > 0 && (
        <span>
          ★ Highlighting <strong>{names(people, highlighted)}</strong>’s cards and themes; the rest are dimmed.{' '}
          <button type="button" className="link-button" onClick={clearHighlight}>
            Clear
          </button>
        </span>
      )}
    </div>
  );
}
