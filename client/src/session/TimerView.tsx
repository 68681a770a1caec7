import type { SessionCommand, TimerState } from '@hindsight/shared';
import { useTimerText } from './serverClock';

interface TimerViewProps {
  readonly timer: TimerState;
  /** Facilitators get the controls; everyone sees the same time. */
  readonly run: ((command: SessionCommand) => void) | null;
}

/** The phase's shared timer. At zero it counts overtime and blocks nothing. */
export function TimerView({ timer, run }: TimerViewProps) {
  const { text, overtime } = useTimerText(timer);
  const state = overtime ? 'over time' : timer.running ? 'left' : 'paused';
  return (
    <div className={`timer ${overtime ? 'overtime' : ''} ${timer.running ? 'running' : 'paused'}`}>
      <p className="timer-readout" aria-label={`Timer: ${text} ${state}`}>
        <span className="timer-text" data-testid="timer">
          {text}
        </span>
        <span className="timer-state">{state}</span>
      </p>
      {run && (
        <div className="timer-controls" role="group" aria-label="Timer controls">
          {timer.running ? (
            <button type="button" onClick={() => run({ type: 'pauseTimer' })}>
              Pause
            </button>
          ) : (
            <button type="button" onClick={() => run({ type: 'startTimer' })}>
              Start
            </button>
          )}
          <button type="button" aria-label="Add one minute" onClick={() => run({ type: 'addTime', minutes: 1 })}>
            +1
          </button>
          <button type="button" aria-label="Add five minutes" onClick={() => run({ type: 'addTime', minutes: 5 })}>
            +5
          </button>
          <button type="button" onClick={() => run({ type: 'resetTimer' })}>
            Reset
          </button>
        </div>
      )}
    </div>
  );
}
