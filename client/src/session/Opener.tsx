import { hasAgreed, type ParticipantSnapshot, type SessionSnapshot } from '@hindsight/shared';
import { Dialog } from './Dialog';

interface OpenerProps {
  readonly session: SessionSnapshot;
  /** Participants still on the board (removed ones do not count). */
  readonly people: readonly ParticipantSnapshot[];
  readonly isFacilitator: boolean;
  readonly onAgree: () => void;
  /** Offered to facilitators before the session: reword the Prime Directive before anyone reads it. */
  readonly onReword?: (() => void) | undefined;
}

/** The agreement count a facilitator sees, e.g. "5 of 7 agreed". */
export function agreedCount(session: SessionSnapshot, people: readonly ParticipantSnapshot[]): string {
  return `${people.filter((person) => hasAgreed(session, person.id)).length} of ${people.length} agreed`;
}

/**
 * The full-screen opener: the Retrospective Prime Directive, shown on a participant's
 * first visit and to everyone when the facilitator starts "Set the tone".
 */
export function Opener({ session, people, isFacilitator, onAgree, onReword }: OpenerProps) {
  return (
    <Dialog title="The Retrospective Prime Directive" className="opener">
      <p className="opener-lead">Before we begin, we read this together:</p>
      <blockquote className="prime-directive">{session.primeDirective}</blockquote>
      <p className="muted">This review is blameless. We look at systems and processes, never for someone to blame.</p>
      <div className="dialog-actions">
        {isFacilitator && <span className="opener-count">{agreedCount(session, people)}</span>}
        {onReword && (
          <button type="button" onClick={onReword}>
            Reword it first…
          </button>
        )}
        <button type="button" className="primary" data-autofocus onClick={onAgree}>
          I agree
        </button>
      </div>
    </Dialog>
  );
}
