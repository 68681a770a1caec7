import {
  nextPhase,
  PHASES,
  phaseOf,
  previousPhase,
  READY_PHASES,
  type ParticipantSnapshot,
  type SessionCommand,
  timeboxOf,
  type SessionSnapshot,
} from '@hindsight/shared';
import { agreedCount } from './Opener';
import { TimerView } from './TimerView';

interface PhaseBarProps {
  readonly session: SessionSnapshot;
  /** Participants still on the board. */
  readonly people: readonly ParticipantSnapshot[];
  readonly meId: string;
  readonly isFacilitator: boolean;
  /** Late cards still on the board (a deleted one no longer counts). */
  readonly lateCount: number;
  readonly run: (command: SessionCommand) => void;
}

const STEPS = PHASES.filter((phase) => phase.id !== 'prepare');

/** What only the facilitator is shown: how many agreed, how many are done, how many cards came late. */
function progressNotes(session: SessionSnapshot, people: readonly ParticipantSnapshot[], lateCount: number): string[] {
  const notes: string[] = [];
  if (session.phase === 'prepare' || session.phase === 'set-the-tone') notes.push(agreedCount(session, people));
  if (READY_PHASES.includes(session.phase)) {
    notes.push(`${people.filter((person) => session.ready.has(person.id)).length} of ${people.length} done`);
  }
  if (lateCount > 0) notes.push(lateCount === 1 ? '1 late card' : `${lateCount} late cards`);
  return notes;
}

/** Where the session is: the phases in order, the current one's purpose, what you can do, the timer. */
export function PhaseBar({ session, people, meId, isFacilitator, lateCount, run }: PhaseBarProps) {
  const phase = phaseOf(session.phase);
  const next = nextPhase(session.phase);
  const previous = previousPhase(session.phase);
  const steering = isFacilitator && !session.ended;
  const iAmDone = session.ready.has(meId);
  const minutes = timeboxOf(session, session.phase);
  const currentIndex = STEPS.findIndex((step) => step.id === session.phase);
  return (
    <section className="phase-bar" aria-label="Session">
      <ol className="phase-steps" aria-label="Phases">
        {STEPS.map((step, i) => {
          const label = `${i + 1}. ${step.label}`;
          const current = step.id === session.phase;
          return (
            <li key={step.id} className={current ? 'current' : i < currentIndex ? 'past' : ''} aria-current={current ? 'step' : undefined}>
              {steering && !current ? (
                <button type="button" title={`Go to ${step.label}`} onClick={() => run({ type: 'setPhase', phase: step.id })}>
                  {label}
                </button>
              ) : (
                <span>{label}</span>
              )}
            </li>
          );
        })}
      </ol>
      <div className="phase-now">
        <div className="phase-text">
          <h2 className="phase-title">
            {phase.label}
            {minutes !== null && <span className="phase-box"> · {minutes} min</span>}
            {session.ended && <span className="ended-badge">Session ended</span>}
          </h2>
          <p className="phase-purpose">{phase.purpose}</p>
          <p className="phase-can">
            <strong>You can:</strong> {session.ended ? 'Read the board; it is read-only now.' : isFacilitator ? phase.facilitatorCan : phase.youCan}
          </p>
        </div>
        {isFacilitator && (
          <ul className="phase-progress" aria-label="Progress">
            {progressNotes(session, people, lateCount).map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
        {session.timer && <TimerView timer={session.timer} run={steering ? run : null} />}
        <div className="phase-actions">
          {READY_PHASES.includes(session.phase) && !session.ended && (
            <button type="button" className={iAmDone ? 'done' : ''} aria-pressed={iAmDone} onClick={() => run({ type: 'setReady', ready: !iAmDone })}>
              {iAmDone ? '✓ Done' : "I'm done"}
            </button>
          )}
          {steering && previous && previous !== 'prepare' && (
            <button type="button" onClick={() => run({ type: 'setPhase', phase: previous })}>
              ← Back
            </button>
          )}
          {steering && next && (
            <button type="button" className="primary" onClick={() => run({ type: 'setPhase', phase: next })}>
              {session.phase === 'prepare' ? 'Start the session' : `Next: ${phaseOf(next).label}`} →
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
