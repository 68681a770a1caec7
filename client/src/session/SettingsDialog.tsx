import {
  MAX_PRIME_DIRECTIVE_LENGTH,
  MAX_VOTE_BUDGET,
  MAX_TIMEBOX_MINUTES,
  MIN_TIMEBOX_MINUTES,
  PHASES,
  PRIME_DIRECTIVE,
  type PhaseId,
  type SessionCommand,
  type SessionSnapshot,
} from '@hindsight/shared';
import { useState, type FormEvent } from 'react';
import { Dialog } from './Dialog';

type TimedPhase = Exclude<PhaseId, 'prepare'>;
const TIMED = PHASES.filter((phase): phase is Extract<(typeof PHASES)[number], { id: TimedPhase }> => phase.id !== 'prepare');

interface SettingsDialogProps {
  readonly session: SessionSnapshot;
  readonly run: (command: SessionCommand) => Promise<boolean>;
  readonly onClose: () => void;
}

/** The facilitator's session settings: the Prime Directive (before the session) and the time boxes. */
export function SettingsDialog({ session, run, onClose }: SettingsDialogProps) {
  const [text, setText] = useState(session.primeDirective);
  const [privateWriting, setPrivateWriting] = useState(session.privateWriting);
  const [minutes, setMinutes] = useState<Record<TimedPhase, string>>(
    () => Object.fromEntries(TIMED.map((phase) => [phase.id, String(session.timeboxes[phase.id])])) as Record<TimedPhase, string>,
  );
  const [votes, setVotes] = useState({
    budget: String(session.voteRules.budget),
    cap: String(session.voteRules.cap),
    live: session.votesLive,
    showVoters: session.showVoters,
  });
  // What the dialog showed when it opened: only what you changed from it is sent, so another
  // facilitator's change made meanwhile (turning voter names off, say) is never undone.
  const [opened] = useState(() => ({ session, votes }));
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const fail = (field: string, message: string) => {
    setError({ field, message });
    document.getElementById(field)?.focus();
  };
  const canReword = session.phase === 'prepare';

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const commands: SessionCommand[] = [];
    for (const phase of TIMED) {
      const value = Number(minutes[phase.id]);
      if (!Number.isInteger(value) || value < MIN_TIMEBOX_MINUTES || value > MAX_TIMEBOX_MINUTES) {
        return fail(`timebox-${phase.id}`, `${phase.label}: a time box is a whole number of minutes from ${MIN_TIMEBOX_MINUTES} to ${MAX_TIMEBOX_MINUTES}.`);
      }
      if (value !== opened.session.timeboxes[phase.id]) commands.push({ type: 'setTimebox', phase: phase.id, minutes: value });
    }
    const budget = Number(votes.budget);
    if (!Number.isInteger(budget) || budget < 1 || budget > MAX_VOTE_BUDGET) {
      return fail('vote-budget', `Dots per person: a whole number from 1 to ${MAX_VOTE_BUDGET}.`);
    }
    // Lowering the budget below the cap brings the cap down with it (R51); a cap typed above the budget is a mistake to point out.
    const capTyped = votes.cap !== opened.votes.cap;
    const cap = capTyped ? Number(votes.cap) : Math.min(session.voteRules.cap, budget);
    if (!Number.isInteger(cap) || cap < 1 || cap > budget) return fail('vote-cap', `Dots on one item: a whole number from 1 to ${budget} (the dots per person).`);
    const rulesChanged = votes.budget !== opened.votes.budget || capTyped;
    const live = votes.live !== opened.votes.live ? { live: votes.live } : {};
    const showVoters = votes.showVoters !== opened.votes.showVoters ? { showVoters: votes.showVoters } : {};
    if (rulesChanged || 'live' in live || 'showVoters' in showVoters) {
      commands.push({ type: 'setVoteSettings', ...(rulesChanged ? { budget, cap } : {}), ...live, ...showVoters });
    }
    if (privateWriting !== opened.session.privateWriting) commands.push({ type: 'setPrivateWriting', enabled: privateWriting });
    if (canReword && text.trim() !== opened.session.primeDirective) {
      if (text.trim() === '') return fail('prime-directive', 'The Prime Directive cannot be empty.');
      commands.push({ type: 'setPrimeDirective', text: text.trim() });
    }
    for (const command of commands) if (!(await run(command))) return;
    onClose();
  };

  return (
    <Dialog title="Session settings" onClose={onClose}>
      <form className="settings" onSubmit={(event) => void save(event)} noValidate>
        <label htmlFor="prime-directive">Prime Directive</label>
        <textarea
          id="prime-directive"
          rows={4}
          value={text}
          maxLength={MAX_PRIME_DIRECTIVE_LENGTH}
          disabled={!canReword}
          aria-invalid={error?.field === 'prime-directive'}
          onChange={(event) => setText(event.target.value)}
        />
        <p className="hint">
          {canReword ? (
            <>
              Everyone reads this when the session starts.{' '}
              <button type="button" className="link" onClick={() => setText(PRIME_DIRECTIVE)}>
                Use the original wording
              </button>
            </>
          ) : (
            'The wording is fixed once the session has started.'
          )}
        </p>
        <label className="settings-check">
          <input type="checkbox" checked={privateWriting} onChange={(event) => setPrivateWriting(event.target.checked)} />
          Private writing in Reflect: cards stay drafts only their author reads until a facilitator reveals them
        </label>
        {!privateWriting && session.privateWriting && <p className="hint">Turning it off reveals every draft now.</p>}
        <fieldset className="vote-settings">
          <legend>Dot voting</legend>
          {(
            [
              ['budget', 'Dots per person'],
              ['cap', 'Most dots one person may put on one theme or card'],
            ] as const
          ).map(([field, label]) => (
            <label key={field}>
              <span>{label}</span>
              <input
                id={`vote-${field}`}
                type="number"
                inputMode="numeric"
                min={1}
                max={MAX_VOTE_BUDGET}
                value={votes[field]}
                aria-invalid={error?.field === `vote-${field}`}
                onChange={(event) => setVotes({ ...votes, [field]: event.target.value })}
              />
            </label>
          ))}
          <label className="settings-check">
            <input type="checkbox" checked={votes.live} onChange={(event) => setVotes({ ...votes, live: event.target.checked })} />
            Show the totals while people vote (otherwise they appear when you reveal them)
          </label>
          <label className="settings-check">
            <input type="checkbox" checked={votes.showVoters} onChange={(event) => setVotes({ ...votes, showVoters: event.target.checked })} />
            Show who gave which dots once the totals are shown
          </label>
          {votes.showVoters && (
            <p className="hint">
              {votes.live ? 'With totals shown while people vote, everyone sees who votes for what as it happens. ' : ''}Once shown, names stay in the board’s
              history even if you turn this off later.
            </p>
          )}
        </fieldset>
        <fieldset className="timeboxes">
          <legend>Time boxes (minutes)</legend>
          {TIMED.map((phase) => (
            <label key={phase.id}>
              <span>
                {phase.label} <span className="hint">suggested {phase.suggested}</span>
              </span>
              <input
                id={`timebox-${phase.id}`}
                aria-invalid={error?.field === `timebox-${phase.id}`}
                type="number"
                inputMode="numeric"
                min={MIN_TIMEBOX_MINUTES}
                max={MAX_TIMEBOX_MINUTES}
                value={minutes[phase.id]}
                onChange={(event) => setMinutes({ ...minutes, [phase.id]: event.target.value })}
              />
            </label>
          ))}
        </fieldset>
        {error && (
          <p className="error" role="alert">
            {error.message}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
