import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  addEvents,
  createUndoManager,
  deleteEvent,
  epochOfWallTime,
  factsMap,
  formatClock,
  formatDuration,
  fromLocalInput,
  incidentDuration,
  nextUndoRoots,
  isValidTimeZone,
  parseTimeline,
  responseTimes,
  runSessionCommand,
  selectFacts,
  selectTimeline,
  setFact,
  setSummary,
  timelineMap,
  toLocalInput,
  updateEvent,
  type Actor,
} from '../src/index';
import { ALICE, attempt, FACILITATOR, receive, replicaOf, serverBoard, stateOf, updateOf } from './helpers';

const at = (iso: string) => Date.parse(iso);

describe('times in time zones', () => {
  it('reads a wall-clock time in its zone, across daylight saving', () => {
    expect(epochOfWallTime({ year: 2025, month: 2, day: 9, hour: 10, minute: 15, second: 0 }, 'Europe/Berlin')).toBe(at('2025-02-09T09:15:00Z'));
    expect(epochOfWallTime({ year: 2025, month: 7, day: 9, hour: 10, minute: 15, second: 0 }, 'Europe/Berlin')).toBe(at('2025-07-09T08:15:00Z'));
    expect(fromLocalInput('2025-03-09T01:30', 'America/New_York')).toBe(at('2025-03-09T06:30:00Z'));
    expect(fromLocalInput('2025-03-09T03:30', 'America/New_York')).toBe(at('2025-03-09T07:30:00Z'));
    expect(toLocalInput(at('2025-02-09T09:15:00Z'), 'Asia/Kathmandu')).toBe('2025-02-09T15:00');
    expect(fromLocalInput('2025-02-30T25:00', 'UTC')).toBeNull();
    expect(fromLocalInput('2025-02-31T10:00', 'UTC')).toBeNull();
    expect(fromLocalInput('0099-01-01T00:00', 'UTC')).toBeNull();
    // Spring forward: a time the clocks skipped lands after the gap, in every zone.
    expect(fromLocalInput('2025-03-09T02:30', 'America/New_York')).toBe(at('2025-03-09T07:30:00Z'));
    expect(fromLocalInput('2025-03-30T02:30', 'Europe/Berlin')).toBe(at('2025-03-30T01:30:00Z'));
    // Fall back: a time shown twice is its first occurrence, in every zone.
    expect(fromLocalInput('2025-11-02T01:30', 'America/New_York')).toBe(at('2025-11-02T05:30:00Z'));
    expect(fromLocalInput('2025-10-26T02:30', 'Europe/Berlin')).toBe(at('2025-10-26T00:30:00Z'));
    expect(fromLocalInput('2025-02-09T10:00', 'Mars/Olympus')).toBeNull();
  });

  it('accepts zones in their canonical spelling only, so no client can fill a cache with variants', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('europe/berlin')).toBe(false);
    expect(isValidTimeZone('EUROPE/BERLIN')).toBe(false);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('formats durations the way people say them', () => {
    expect(formatDuration(45 * 60_000)).toBe('45 min');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(27 * 3_600_000)).toBe('1 d 3 h');
  });
});

describe('the timeline', () => {
  it('sorts events by when they happened, whatever zone each was entered in', () => {
    const doc = serverBoard();
    const entered = [
      { text: 'Rollback finished', at: fromLocalInput('2025-02-09T09:30', 'America/New_York') ?? 0, zone: 'America/New_York' }, // 14:30Z
      { text: 'Alert fired', at: fromLocalInput('2025-02-09T10:00', 'Europe/Berlin') ?? 0, zone: 'Europe/Berlin' }, // 09:00Z
      { text: 'Deploy started', at: fromLocalInput('2025-02-09T11:00', 'Asia/Tokyo') ?? 0, zone: 'Asia/Tokyo' }, // 02:00Z
    ];
    expect(addEvents(doc, FACILITATOR, entered).ok).toBe(true);
    const timeline = selectTimeline(doc);
    expect(timeline.map((event) => event.text)).toEqual(['Deploy started', 'Alert fired', 'Rollback finished']);
    expect(timeline.map((event) => formatClock(event.at, event.zone))).toEqual(['11:00', '10:00', '09:30']);
    expect(timeline.map((event) => formatClock(event.at, 'UTC'))).toEqual(['02:00', '09:00', '14:30']);
  });

  it('computes the duration and TTD, TTM and TTR from the marks, measured from the first sign', () => {
    const doc = serverBoard();
    const zone = 'Europe/Berlin';
    const t = (hhmm: string) => fromLocalInput(`2025-02-09T${hhmm}`, zone) ?? 0;
    setFact(doc, FACILITATOR, 'startAt', t('10:02'));
    setFact(doc, FACILITATOR, 'endAt', t('11:47'));
    addEvents(doc, FACILITATOR, [
      { at: t('10:02'), zone, text: 'Error rate starts climbing', mark: 'first-sign' },
      { at: t('10:15'), zone, text: 'Pager alert', mark: 'detected' },
      { at: t('10:40'), zone, text: 'Traffic shifted away', mark: 'mitigated' },
      { at: t('11:47'), zone, text: 'Fix deployed', mark: 'resolved' },
    ]);
    const facts = selectFacts(doc);
    expect(incidentDuration(facts)).toBe(105 * 60_000);
    expect(responseTimes(selectTimeline(doc), facts)).toEqual({ startedAt: t('10:02'), detect: 13 * 60_000, mitigate: 38 * 60_000, resolve: 105 * 60_000 });
  });

  it('falls back to the start time without a first-sign mark, and leaves missing marks empty', () => {
    const doc = serverBoard();
    const zone = 'UTC';
    setFact(doc, FACILITATOR, 'startAt', at('2025-02-09T10:00:00Z'));
    addEvents(doc, FACILITATOR, [{ at: at('2025-02-09T10:20:00Z'), zone, text: 'Customer ticket', mark: 'detected' }]);
    expect(responseTimes(selectTimeline(doc), selectFacts(doc))).toMatchObject({ detect: 20 * 60_000, mitigate: null, resolve: null });
    setFact(doc, FACILITATOR, 'endAt', at('2025-02-09T09:00:00Z'));
    expect(incidentDuration(selectFacts(doc))).toBeNull();
  });

  it('[R15] each undo step says which roots it would change, so a client can decline what the server would refuse', () => {
    const doc = serverBoard();
    const undo = createUndoManager(doc);
    setFact(doc, FACILITATOR, 'severity', 'SEV-3');
    undo.stopCapturing();
    addCard(doc, FACILITATOR, { column: 'went-well', text: 'x' });
    expect([...nextUndoRoots(undo)]).toEqual(['cards']);
    undo.undo();
    expect([...nextUndoRoots(undo)]).toEqual(['facts']);
    expect([...nextUndoRoots(undo, true)]).toEqual(['cards']);
  });

  it('edits and deletes events, and an undo brings a deleted one back', () => {
    const doc = serverBoard();
    const undo = createUndoManager(doc);
    const added = addEvents(doc, FACILITATOR, [{ at: at('2025-02-09T10:00:00Z'), zone: 'UTC', text: 'Alert' }]);
    const id = added.ok ? (added.value.ids[0] as string) : '';
    expect(updateEvent(doc, FACILITATOR, id, { text: 'Alert: checkout 5xx', mark: 'detected', source: 'PagerDuty' }).ok).toBe(true);
    expect(selectTimeline(doc)[0]).toMatchObject({ text: 'Alert: checkout 5xx', mark: 'detected', source: 'PagerDuty' });
    undo.stopCapturing();
    deleteEvent(doc, FACILITATOR, id);
    expect(selectTimeline(doc)).toEqual([]);
    undo.undo();
    expect(selectTimeline(doc)[0]?.text).toBe('Alert: checkout 5xx');
    expect(updateEvent(doc, FACILITATOR, id, { text: '   ' })).toMatchObject({ ok: false, error: { rule: 'R36' } });
  });
});

describe('pasting a timeline', () => {
  const options = { zone: 'Europe/Berlin', date: '2025-02-09' };
  const berlin = (hhmmss: string, day = '09') => fromLocalInput(`2025-02-${day}T${hhmmss}`, 'Europe/Berlin');

  it('reads one event per line in the common formats, with who said it', () => {
    const pasted = [
      '2025-02-09T08:58:03Z deploy-bot: v2.3.0 rolled out to 100%',
      '[2025-02-09 10:15:32] ERROR Connection pool exhausted, size=100, available=0',
      'ERROR [2025-02-09 10:15:33] Unable to acquire database connection',
      '10:17 alice: paging the database on-call',
      '10:18:45 <bob> I see the pool at 100%',
      '[10:21] Rolled back to v2.2.9',
      '- 10:40 Traffic recovered',
      '9:05 PM Incident closed',
    ].join('\n');
    const { events, skipped } = parseTimeline(pasted, options);
    expect(skipped).toEqual([]);
    expect(events.map(({ at: time, text, source }) => ({ time, text, source }))).toEqual([
      { time: at('2025-02-09T08:58:03Z'), text: 'v2.3.0 rolled out to 100%', source: 'deploy-bot' },
      { time: berlin('10:15:32'), text: 'Connection pool exhausted, size=100, available=0', source: 'ERROR' },
      { time: berlin('10:15:33'), text: 'Unable to acquire database connection', source: 'ERROR' },
      { time: berlin('10:17'), text: 'paging the database on-call', source: 'alice' },
      { time: berlin('10:18:45'), text: 'I see the pool at 100%', source: 'bob' },
      { time: berlin('10:21'), text: 'Rolled back to v2.2.9', source: '' },
      { time: berlin('10:40'), text: 'Traffic recovered', source: '' },
      { time: berlin('21:05'), text: 'Incident closed', source: '' },
    ]);
    expect(events.every((event) => event.zone === 'Europe/Berlin')).toBe(true);
  });

  it('skips lines without a leading timestamp, and stamps with nothing after them', () => {
    const pasted = [
      'Incident channel export',
      '',
      '10:15 Alert fired',
      '  continued: the alert named the wrong service',
      'Version 10:15 was a typo',
      '10:16',
      '25:99 not a time',
      '10:157 not a time either',
      '2025-13-40 10:00 bad date',
      '10:20 Paged the owner',
    ].join('\n');
    const { events, skipped } = parseTimeline(pasted, options);
    expect(events.map((event) => [event.line, event.text])).toEqual([
      [3, 'Alert fired'],
      [10, 'Paged the owner'],
    ]);
    expect(skipped.map((line) => line.line)).toEqual([1, 4, 5, 6, 7, 8, 9]);
  });

  it('moves bare times past midnight to the next day, and honours offsets over the zone', () => {
    const { events } = parseTimeline('23:50 Batch job started\n00:05 Queue backed up\n2025-02-10T00:30:00+05:30 Mumbai team joined', options);
    expect(events.map((event) => event.at)).toEqual([berlin('23:50'), berlin('00:05', '10'), at('2025-02-09T19:00:00Z')]);
  });

  it('keeps what follows a plain ISO time as text, and reads offsets only where they belong', () => {
    const lines = [
      '2025-02-09 10:15 deploy started',
      '2025-02-09T10:15:32 config pushed',
      '2025-02-09 10:15:34,567 INFO pool resized',
      '2025-02-09 10:16 +10 replicas added',
      '2025-02-09 10:17 -99 errors in a minute',
      '2025-02-09 10:18 Zookeeper lost quorum',
      '2025-02-09 10:19:00 +0100 nginx reloaded',
      'Feb 09 10:20:05 web-1 nginx[123]: upstream timed out',
      '10:21 Jane Doe: checking the dashboards',
      '10:22 Root cause identified: pool size too small',
      '10:15:32:44 not a time',
      '2025-02-09T10:15+25:00 offset out of range',
    ];
    const { events, skipped } = parseTimeline(lines.join('\n'), options);
    expect(events.map(({ at: time, text, source }) => ({ time, text, source }))).toEqual([
      { time: berlin('10:15'), text: 'deploy started', source: '' },
      { time: berlin('10:15:32'), text: 'config pushed', source: '' },
      { time: berlin('10:15:34'), text: 'pool resized', source: 'INFO' },
      { time: berlin('10:16'), text: '+10 replicas added', source: '' },
      { time: berlin('10:17'), text: '-99 errors in a minute', source: '' },
      { time: berlin('10:18'), text: 'Zookeeper lost quorum', source: '' },
      { time: at('2025-02-09T09:19:00Z'), text: 'nginx reloaded', source: '' },
      { time: berlin('10:20:05'), text: 'web-1 nginx[123]: upstream timed out', source: '' },
      { time: berlin('10:21'), text: 'checking the dashboards', source: 'Jane Doe' },
      { time: berlin('10:22'), text: 'Root cause identified: pool size too small', source: '' },
    ]);
    expect(skipped.map((line) => line.line)).toEqual([11, 12]);
  });

  it('does not start a new day for a message that arrives a little out of order', () => {
    const { events } = parseTimeline('10:16 second thought\n10:14 first thought\n10:30 later', options);
    expect(events.map((event) => event.at)).toEqual([berlin('10:16'), berlin('10:14'), berlin('10:30')]);
  });

  it('reads nothing with an unknown zone or date', () => {
    expect(parseTimeline('10:15 Alert', { zone: 'Nowhere/Else', date: '2025-02-09' }).events).toEqual([]);
    expect(parseTimeline('10:15 Alert', { zone: 'UTC', date: 'yesterday' }).events).toEqual([]);
  });
});

describe('who edits the facts', () => {
  const allow = (doc: Y.Doc, editable: boolean) => runSessionCommand(doc, FACILITATOR.participantId, { type: 'setFactsEditable', editable }, 0);

  it('[R33][R34] participants edit the facts only while a facilitator allows it', () => {
    const doc = serverBoard();
    expect(setFact(doc, ALICE, 'title', 'Checkout down')).toMatchObject({ ok: false, error: { rule: 'R33' } });
    expect(runSessionCommand(doc, ALICE.participantId, { type: 'setFactsEditable', editable: true }, 0)).toMatchObject({ ok: false, status: 403, rule: 'R34' });
    allow(doc, true);
    expect(setFact(doc, ALICE, 'title', 'Checkout down').ok).toBe(true);
    expect(setSummary(doc, ALICE, 'Checkout returned 5xx for 40 minutes.').ok).toBe(true);
    expect(selectFacts(doc)).toMatchObject({ title: 'Checkout down', summary: 'Checkout returned 5xx for 40 minutes.' });
    allow(doc, false);
    expect(addEvents(doc, ALICE, [{ at: 0, zone: 'UTC', text: 'x' }])).toMatchObject({ ok: false, error: { rule: 'R33' } });
  });

  it('[R33] the gate refuses a participant\'s facts and timeline writes unless allowed, and takes them once allowed', () => {
    const server = serverBoard();
    const writes: ((doc: Y.Doc) => void)[] = [
      (doc) => factsMap(doc).set('severity', 'SEV-1'),
      (doc) => (factsMap(doc).get('summary') as Y.Text).insert(0, 'blame-free summary'),
      (doc) => addEvents(doc, FACILITATOR, [{ at: at('2025-02-09T10:00:00Z'), zone: 'UTC', text: 'Alert' }]),
    ];
    for (const write of writes) {
      const before = stateOf(server);
      expect(receive(server, attempt(server, write), ALICE)).toMatchObject({ ok: false, rule: 'R33' });
      expect(stateOf(server)).toBe(before);
      expect(receive(server, attempt(server, write), FACILITATOR)).toMatchObject({ ok: true });
    }
    allow(server, true);
    expect(receive(server, attempt(server, (doc) => factsMap(doc).set('severity', 'SEV-2')), ALICE)).toMatchObject({ ok: true });
    expect(selectFacts(server).severity).toBe('SEV-2');
  });

  it('[R35] the facts hold only their fields with valid values, and the summary is never replaced or removed', () => {
    const server = serverBoard();
    const bad: [(doc: Y.Doc) => void, string][] = [
      [(doc) => factsMap(doc).set('severity', 'SEV-0'), 'invalid severity'],
      [(doc) => factsMap(doc).set('owner', 'alice'), 'unknown field'],
      [(doc) => factsMap(doc).set('timeZone', 'Mars/Olympus'), 'unknown zone'],
      [(doc) => factsMap(doc).set('title', 'x'.repeat(201)), 'title too long'],
      [(doc) => factsMap(doc).set('summary', new Y.Text('mine')), 'replaced summary'],
      [(doc) => factsMap(doc).delete('summary'), 'removed summary'],
      [(doc) => factsMap(doc).set('impactNotes', new Y.Map()), 'nested map'],
      [(doc) => (factsMap(doc).get('summary') as Y.Text).insertEmbed(0, { image: 'x' }), 'embed in summary'],
    ];
    for (const [write, what] of bad) {
      const before = stateOf(server);
      expect(receive(server, attempt(server, write), FACILITATOR), what).toMatchObject({ ok: false, rule: 'R35' });
      expect(stateOf(server)).toBe(before);
    }
  });

  it('[R35] the summary holds at most 5000 characters, counting what an update deletes', () => {
    const server = serverBoard();
    const summary = (doc: Y.Doc) => factsMap(doc).get('summary') as Y.Text;
    expect(receive(server, attempt(server, (doc) => summary(doc).insert(0, 'x'.repeat(5000))), FACILITATOR)).toMatchObject({ ok: true });
    expect(receive(server, attempt(server, (doc) => summary(doc).insert(0, 'y')), FACILITATOR)).toMatchObject({ ok: false, rule: 'R35' });
    // Replacing one character with another keeps the length: allowed.
    expect(receive(server, attempt(server, (doc) => (summary(doc).delete(10, 1), summary(doc).insert(10, 'z'))), FACILITATOR)).toMatchObject({ ok: true });
    expect(receive(server, attempt(server, (doc) => (summary(doc).delete(0, 1), summary(doc).insert(0, 'ab'))), FACILITATOR)).toMatchObject({ ok: false, rule: 'R35' });
    expect(selectFacts(server).summary.length).toBe(5000);
  });

  it('[R36] a paste adds at most 500 events at a time', () => {
    const doc = serverBoard();
    const many = Array.from({ length: 501 }, (_, i) => ({ at: i * 1000, zone: 'UTC', text: `line ${i}` }));
    expect(addEvents(doc, FACILITATOR, many)).toMatchObject({ ok: false, error: { rule: 'R36' } });
    expect(addEvents(doc, FACILITATOR, many.slice(0, 500)).ok).toBe(true);
  });

  it('[R36] timeline events are whole maps of valid fields whose id never changes', () => {
    const server = serverBoard();
    const writer = replicaOf(server);
    const added = updateOf(writer, () => addEvents(writer, FACILITATOR, [{ at: at('2025-02-09T10:00:00Z'), zone: 'UTC', text: 'Alert' }]));
    expect(receive(server, added, FACILITATOR)).toMatchObject({ ok: true });
    const id = [...timelineMap(server).keys()][0] as string;
    const event = (doc: Y.Doc) => timelineMap(doc).get(id) as Y.Map<unknown>;
    const bad: [(doc: Y.Doc) => void, string][] = [
      [(doc) => event(doc).set('mark', 'blamed'), 'unknown mark'],
      [(doc) => event(doc).set('at', -5), 'negative time'],
      [(doc) => event(doc).set('id', 'other'), 'changed id'],
      [(doc) => event(doc).set('owner', 'bob'), 'unknown field'],
      [(doc) => timelineMap(doc).set('e2', 'not a map' as never), 'not a map'],
      [
        (doc) => {
          const half = new Y.Map<unknown>();
          timelineMap(doc).set('e3', half);
          half.set('text', 'no time');
        },
        'missing time and zone',
      ],
    ];
    for (const [write, what] of bad) {
      const before = stateOf(server);
      expect(receive(server, attempt(server, write), FACILITATOR), what).toMatchObject({ ok: false, rule: 'R36' });
      expect(stateOf(server)).toBe(before);
    }
    // Ghosts: an update that leaves an event without its time or id, however it is built.
    const ghosts: [(doc: Y.Doc) => void, string][] = [
      [(doc) => event(doc).delete('at'), 'time deleted'],
      [(doc) => event(doc).delete('id'), 'id deleted'],
      [
        (doc) => {
          const half = new Y.Map<unknown>();
          timelineMap(doc).set('e4', half);
          for (const [field, value] of Object.entries({ id: 'e4', at: 1, zone: 'UTC', text: 'x' })) half.set(field, value);
          half.delete('at');
        },
        'created, then its time deleted in the same update',
      ],
    ];
    for (const [write, what] of ghosts) {
      const before = stateOf(server);
      expect(receive(server, attempt(server, write), FACILITATOR), what).toMatchObject({ ok: false, rule: 'R36' });
      expect(stateOf(server)).toBe(before);
    }
    const facilitator: Actor = FACILITATOR;
    expect(receive(server, attempt(server, (doc) => updateEvent(doc, facilitator, id, { mark: 'detected' })), FACILITATOR)).toMatchObject({ ok: true });
    expect(receive(server, attempt(server, (doc) => deleteEvent(doc, facilitator, id)), FACILITATOR)).toMatchObject({ ok: true });
    expect(selectTimeline(server)).toEqual([]);
  });
});
