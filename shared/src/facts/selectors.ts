import * as Y from 'yjs';
import {
  factsMap,
  isValidEventValue,
  isValidFactValue,
  SUMMARY_FIELD,
  timelineMap,
  type DataLoss,
  type DetectionMethod,
  type EventMark,
  type FactField,
  type RootCauseCategory,
  type Severity,
} from './fields';

export interface FactsSnapshot {
  readonly title: string;
  readonly severity: Severity | null;
  readonly startAt: number | null;
  readonly endAt: number | null;
  /** The zone the incident's times are shown in; null means the viewer's own. */
  readonly timeZone: string | null;
  readonly detection: DetectionMethod | null;
  readonly rootCause: RootCauseCategory | null;
  readonly affectedUsers: string;
  readonly affectedFeatures: string;
  readonly affectedSystems: string;
  readonly dataLoss: DataLoss | null;
  readonly impactNotes: string;
  readonly summary: string;
}

export interface TimelineEvent {
  readonly id: string;
  readonly at: number;
  readonly zone: string;
  readonly text: string;
  readonly source: string;
  readonly mark: EventMark | null;
}

function valueOf(map: Y.Map<unknown>, field: FactField): unknown {
  const value = map.get(field);
  return isValidFactValue(field, value) ? value : undefined;
}

/** The facts as plain data; anything unset or malformed reads as empty. */
export function selectFacts(doc: Y.Doc): FactsSnapshot {
  const map = factsMap(doc);
  const text = (field: FactField) => (valueOf(map, field) as string | undefined) ?? '';
  const orNull = <T>(field: FactField) => (valueOf(map, field) as T | undefined) ?? null;
  const summary = map.get(SUMMARY_FIELD);
  return Object.freeze({
    title: text('title'),
    severity: orNull<Severity>('severity'),
    startAt: orNull<number>('startAt'),
    endAt: orNull<number>('endAt'),
    timeZone: orNull<string>('timeZone'),
    detection: orNull<DetectionMethod>('detection'),
    rootCause: orNull<RootCauseCategory>('rootCause'),
    affectedUsers: text('affectedUsers'),
    affectedFeatures: text('affectedFeatures'),
    affectedSystems: text('affectedSystems'),
    dataLoss: orNull<DataLoss>('dataLoss'),
    impactNotes: text('impactNotes'),
    summary: summary instanceof Y.Text ? summary.toJSON() : '',
  });
}

/** One event, or null when it lacks a valid time, zone or text (the gate keeps such values out; a half-written one is skipped). */
export function readEvent(id: string, event: unknown): TimelineEvent | null {
  if (!(event instanceof Y.Map)) return null;
  const at: unknown = event.get('at');
  const zone: unknown = event.get('zone');
  const text: unknown = event.get('text');
  if (!isValidEventValue('at', at) || !isValidEventValue('zone', zone) || !isValidEventValue('text', text)) return null;
  const source: unknown = event.get('source');
  const mark: unknown = event.get('mark');
  return Object.freeze({
    id,
    at: at as number,
    zone: zone as string,
    text: text as string,
    source: isValidEventValue('source', source) ? (source as string) : '',
    mark: isValidEventValue('mark', mark) && mark !== '' ? (mark as EventMark) : null,
  });
}

/** Events in the order they happened, whatever zone each was entered in; ties by id, so every replica agrees. */
export function compareEvents(a: TimelineEvent, b: TimelineEvent): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function selectTimeline(doc: Y.Doc): readonly TimelineEvent[] {
  const events: TimelineEvent[] = [];
  timelineMap(doc).forEach((event, id) => {
    const read = readEvent(id, event);
    if (read) events.push(read);
  });
  return Object.freeze(events.sort(compareEvents));
}

export interface ResponseTimes {
  /** When the incident began: the first-sign event, else the facts' start time. */
  readonly startedAt: number | null;
  /** Time to detect, mitigate and resolve, in ms from the start; null where a mark is missing. */
  readonly detect: number | null;
  readonly mitigate: number | null;
  readonly resolve: number | null;
}

/**
 * TTD, TTM and TTR from the timeline's marks. Each is measured from the first sign (or, with
 * no first-sign event, the incident's start time); the earliest event with a mark counts.
 */
export function responseTimes(events: readonly TimelineEvent[], facts: Pick<FactsSnapshot, 'startAt'>): ResponseTimes {
  const first = (mark: EventMark) => events.find((event) => event.mark === mark)?.at ?? null;
  const startedAt = first('first-sign') ?? facts.startAt;
  const since = (at: number | null) => (at === null || startedAt === null ? null : at - startedAt);
  return { startedAt, detect: since(first('detected')), mitigate: since(first('mitigated')), resolve: since(first('resolved')) };
}

/** The incident's duration from its start and end times, or null if either is missing or the end comes first. */
export function incidentDuration(facts: Pick<FactsSnapshot, 'startAt' | 'endAt'>): number | null {
  return facts.startAt !== null && facts.endAt !== null && facts.endAt >= facts.startAt ? facts.endAt - facts.startAt : null;
}
