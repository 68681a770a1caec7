import {
  addEvents,
  deleteEvent,
  EVENT_MARKS,
  formatClock,
  formatDuration,
  fromLocalInput,
  responseTimes,
  setFact,
  toLocalInput,
  updateEvent,
  wallTimeIn,
  type Actor,
  type EventMark,
  type FactsSnapshot,
  type TimelineEvent,
} from '@hindsight/shared';
import { useMemo, useState, type FormEvent } from 'react';
import { useLayout, useLinks } from '../sync/useBoard';
import { linkables } from '../board/linkables';
import { EventLinks } from './EventLinks';
import type * as Y from 'yjs';
import type { UndoControls } from '../sync/useUndo';
import { useUi } from '../uiStore';
import { PasteDialog } from './PasteDialog';

interface TimelineProps {
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly facts: FactsSnapshot;
  readonly events: readonly TimelineEvent[];
  readonly zone: string;
  readonly canEdit: boolean;
  /** Whether you may link cards and themes to events: anyone, while the session is open (R56). */
  readonly canLink: boolean;
  /** The board's undo, for "Event deleted. Undo". */
  readonly undo: UndoControls;
}

/** Today's date in `zone`, "YYYY-MM-DD"; read when the paste dialog opens, not while rendering the list. */
function todayIn(zone: string): string {
  return toLocalInput(new Date().getTime(), zone).slice(0, 10);
}

const markLabel = (mark: EventMark) => EVENT_MARKS.find((option) => option.id === mark)?.label ?? mark;
const dayOf = (at: number, zone: string) => {
  const wall = wallTimeIn(at, zone);
  return Date.UTC(wall.year, wall.month - 1, wall.day);
};

/** TTD, TTM and TTR as the team reads them. */
function ResponseTimes({ facts, events }: { facts: FactsSnapshot; events: readonly TimelineEvent[] }) {
  const times = responseTimes(events, facts);
  const show = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));
  return (
    <dl className="response-times" aria-label="Response times">
      <div>
        <dt title="Time to detect">TTD</dt>
        <dd data-testid="ttd">{show(times.detect)}</dd>
      </div>
      <div>
        <dt title="Time to mitigate">TTM</dt>
        <dd data-testid="ttm">{show(times.mitigate)}</dd>
      </div>
      <div>
        <dt title="Time to resolve">TTR</dt>
        <dd data-testid="ttr">{show(times.resolve)}</dd>
      </div>
    </dl>
  );
}

interface EventDraft {
  readonly time: string;
  readonly text: string;
  readonly source: string;
  readonly mark: EventMark | '';
}

/** The form for a new event, or for changing one. */
function EventForm({ initial, zone, submitLabel, onSubmit, onCancel }: {
  initial: EventDraft;
  zone: string;
  submitLabel: string;
  onSubmit: (draft: EventDraft & { at: number }) => boolean;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const at = fromLocalInput(draft.time || initial.time, zone);
    if (at === null) return setError('Give the event a date and time.');
    if (draft.text.trim() === '') return setError('Say what happened.');
    setError(null);
    if (onSubmit({ ...draft, at }) && !onCancel) setDraft({ ...initial, time: draft.time || initial.time });
  };
  return (
    <form
      className="event-form"
      onSubmit={submit}
      noValidate
      onKeyDown={(event) => {
        if (event.key === 'Escape' && onCancel) {
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <input type="datetime-local" min="1970-01-01T00:00" max="2200-12-31T23:59" aria-label="Event time" value={draft.time || initial.time} onChange={(e) => setDraft({ ...draft, time: e.target.value })} />
      <input aria-label="What happened" placeholder="What happened" maxLength={500} value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} />
      <input aria-label="Source or actor" placeholder="Source or actor" maxLength={100} value={draft.source} onChange={(e) => setDraft({ ...draft, source: e.target.value })} />
      <select aria-label="Mark" value={draft.mark} onChange={(e) => setDraft({ ...draft, mark: e.target.value as EventMark | '' })}>
        <option value="">No mark</option>
        {EVENT_MARKS.map((mark) => (
          <option key={mark.id} value={mark.id}>
            {mark.label}
          </option>
        ))}
      </select>
      <div className="event-form-actions">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** The incident's timeline: events in the order they happened, marks, TTD/TTM/TTR, and a paste import. */
export function TimelineView({ doc, actor, facts, events, zone, canEdit, canLink, undo }: TimelineProps) {
  const links = useLinks(doc);
  const layout = useLayout(doc);
  const choices = useMemo(() => linkables(layout), [layout]);
  const showToast = useUi((state) => state.showToast);
  const [editing, setEditing] = useState<string | null>(null);
  const [pasting, setPasting] = useState(false);
  const report = (result: { ok: boolean; error?: { message: string } }) => {
    if (!result.ok && result.error) showToast({ message: result.error.message });
    return result.ok;
  };
  // Times are read in the zone shown; the first event entered keeps it for everyone.
  const keepZone = () => {
    if (facts.timeZone === null) setFact(doc, actor, 'timeZone', zone);
  };
  const remove = (event: TimelineEvent) => {
    undo.step();
    if (!report(deleteEvent(doc, actor, event.id))) return;
    undo.step();
    const deletion = undo.top();
    const run = () => (undo.top() === deletion ? undo.undo() : showToast({ message: 'Newer changes came after; undo those first with Ctrl+Z.' }));
    showToast({ message: 'Event deleted.', action: { label: 'Undo', run } });
  };
  const firstDay = events[0] ? dayOf(events[0].at, zone) : 0;
  // A new event starts at the last one's time (or the incident's start), as events are mostly entered in order.
  const lastTime = events[events.length - 1]?.at ?? facts.startAt;
  const blank: EventDraft = { time: lastTime === null ? '' : toLocalInput(lastTime, zone), text: '', source: '', mark: '' };
  return (
    <section className="facts-section timeline" aria-labelledby="timeline-title">
      <div className="timeline-header">
        <h3 id="timeline-title">Timeline</h3>
        <span className="hint">times in {zone}</span>
      </div>
      <ResponseTimes facts={facts} events={events} />
      {events.length === 0 && <p className="hint">No events yet.{canEdit ? ' Add them below, or paste a chat or log excerpt.' : ''}</p>}
      <ol className="timeline-events">
        {events.map((event) => {
          const days = Math.round((dayOf(event.at, zone) - firstDay) / 86_400_000);
          return (
            <li key={event.id} className={event.mark ? `marked mark-${event.mark}` : ''}>
              {editing === event.id ? (
                <EventForm
                  zone={zone}
                  submitLabel="Save"
                  initial={{ time: toLocalInput(event.at, zone), text: event.text, source: event.source, mark: event.mark ?? '' }}
                  onCancel={() => setEditing(null)}
                  onSubmit={(draft) => {
                    // Only what was changed here is written, so a field someone else changed meanwhile keeps their value,
                    // and an untouched time keeps its seconds and the zone it was entered in.
                    const initial = toLocalInput(event.at, zone);
                    const patch = {
                      ...(draft.time !== initial ? { at: draft.at, zone } : {}),
                      ...(draft.text !== event.text ? { text: draft.text } : {}),
                      ...(draft.source !== event.source ? { source: draft.source } : {}),
                      ...(draft.mark !== (event.mark ?? '') ? { mark: draft.mark || null } : {}),
                    };
                    const ok = report(updateEvent(doc, actor, event.id, patch));
                    if (ok) setEditing(null);
                    return ok;
                  }}
                />
              ) : (
                <>
                  <time dateTime={new Date(event.at).toISOString()} title={`${toLocalInput(event.at, event.zone).replace('T', ' ')} ${event.zone}`}>
                    {formatClock(event.at, zone)}
                    {days > 0 && <sup> +{days}d</sup>}
                  </time>
                  <span className="event-text">
                    {event.text}
                    {event.source && <span className="event-source"> · {event.source}</span>}
                  </span>
                  {event.mark && <span className="event-mark">{markLabel(event.mark)}</span>}
                  <EventLinks doc={doc} actor={actor} event={event} links={links} choices={choices} canLink={canLink} />
                  {canEdit && (
                    <span className="event-actions">
                      <button type="button" className="icon" aria-label={`Edit event: ${event.text}`} onClick={() => setEditing(event.id)}>
                        ✎
                      </button>
                      <button type="button" className="icon" aria-label={`Delete event: ${event.text}`} onClick={() => remove(event)}>
                        ×
                      </button>
                    </span>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ol>
      {canEdit && (
        <>
          <EventForm
            zone={zone}
            submitLabel="Add event"
            initial={blank}
            onSubmit={(draft) => {
              keepZone();
              return report(addEvents(doc, actor, [{ at: draft.at, zone, text: draft.text, source: draft.source, mark: draft.mark || null }]));
            }}
          />
          <button type="button" className="secondary paste-button" onClick={() => setPasting(true)}>
            Paste chat or log lines…
          </button>
        </>
      )}
      {pasting && (
        <PasteDialog
          zone={zone}
          defaultDate={lastTime === null ? todayIn(zone) : toLocalInput(facts.startAt ?? lastTime, zone).slice(0, 10)}
          onClose={() => setPasting(false)}
          onAdd={(pasted) => {
            keepZone();
            if (report(addEvents(doc, actor, pasted))) {
              setPasting(false);
              showToast({ message: pasted.length === 1 ? '1 event added.' : `${pasted.length} events added.` });
            }
          }}
        />
      )}
    </section>
  );
}
