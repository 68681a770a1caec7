import { formatClock, MAX_EVENTS_PER_ADD, parseTimeline, type NewEvent } from '@hindsight/shared';
import { useMemo, useState } from 'react';
import { Dialog } from '../session/Dialog';

interface PasteDialogProps {
  readonly zone: string;
  /** The day for lines that carry only a time, "YYYY-MM-DD". */
  readonly defaultDate: string;
  readonly onAdd: (events: NewEvent[]) => void;
  readonly onClose: () => void;
}

/** Paste chat or log lines; each line that starts with a timestamp becomes an event, previewed before anything is added. */
export function PasteDialog({ zone, defaultDate, onAdd, onClose }: PasteDialogProps) {
  const [text, setText] = useState('');
  const [date, setDate] = useState(defaultDate);
  const parsed = useMemo(() => parseTimeline(text, { zone, date }), [text, zone, date]);
  const count = parsed.events.length;
  const tooMany = count > MAX_EVENTS_PER_ADD;
  return (
    // Escape closes only an empty dialog: a pasted excerpt is not thrown away by a stray key.
    <Dialog title="Paste a timeline" onClose={text.trim() === '' ? onClose : undefined} className="paste-dialog">
      <p className="hint">
        One event per line that starts with a time: <code>2025-02-09T10:15:32Z</code>, <code>[2025-02-09 10:15:32]</code>, <code>Feb 09 10:15:32</code>,{' '}
        <code>10:15</code>, <code>10:15:32</code> or <code>9:05 PM</code>. “name: message” keeps who said it. Times without an offset are read in {zone}.
      </p>
      <label className="paste-date">
        <span>Day for lines with only a time</span>
        <input type="date" value={date} onChange={(event) => setDate(event.target.value)} />
      </label>
      <textarea
        data-autofocus
        aria-label="Lines to paste"
        rows={8}
        value={text}
        placeholder={'10:02 Error rate starts climbing\n10:15 alice: paged the database on-call\n[10:40] Traffic shifted to the standby region'}
        onChange={(event) => setText(event.target.value)}
      />
      {text.trim() !== '' && (
        <div className="paste-preview" aria-live="polite">
          <p>
            <strong>{count === 1 ? '1 event' : `${count} events`}</strong>
            {parsed.skipped.length > 0 && `, ${parsed.skipped.length} ${parsed.skipped.length === 1 ? 'line' : 'lines'} skipped (no time at the start)`}
          </p>
          {tooMany && (
            <p className="error" role="alert">
              Paste at most {MAX_EVENTS_PER_ADD} events at a time.
            </p>
          )}
          {count > 0 && (
            <table>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Source</th>
                  <th scope="col">What happened</th>
                </tr>
              </thead>
              <tbody>
                {parsed.events.map((event) => (
                  <tr key={event.line}>
                    <td>{formatClock(event.at, zone)}</td>
                    <td>{event.source}</td>
                    <td>{event.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {parsed.skipped.length > 0 && (
            <details>
              <summary>Skipped lines</summary>
              <ul>
                {parsed.skipped.map((line) => (
                  <li key={line.line}>
                    Line {line.line}: {line.text}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={count === 0 || tooMany} onClick={() => onAdd(parsed.events.map(({ at, zone: eventZone, text: what, source }) => ({ at, zone: eventZone, text: what, source })))}>
          {count === 1 ? 'Add 1 event' : `Add ${count} events`}
        </button>
      </div>
    </Dialog>
  );
}
