import * as Y from 'yjs';
import { isValidTimeZone } from './time';

/** Severity levels and what each means (seed 002). */
export const SEVERITIES = [
  { id: 'SEV-1', label: 'SEV-1', meaning: 'Critical: full outage' },
  { id: 'SEV-2', label: 'SEV-2', meaning: 'Major: significant degradation' },
  { id: 'SEV-3', label: 'SEV-3', meaning: 'Minor: limited impact' },
  { id: 'SEV-4', label: 'SEV-4', meaning: 'Low: minimal impact' },
] as const;

/** How the incident was detected (seed 002). */
export const DETECTION_METHODS = [
  { id: 'monitoring-alert', label: 'Monitoring alert' },
  { id: 'customer-report', label: 'Customer report' },
  { id: 'internal-discovery', label: 'Internal discovery' },
  { id: 'automated-system', label: 'Automated system' },
  { id: 'other', label: 'Other' },
] as const;

/** Root-cause categories (seed 002). */
export const ROOT_CAUSE_CATEGORIES = [
  { id: 'code-bug', label: 'Code bug' },
  { id: 'configuration-error', label: 'Configuration error' },
  { id: 'infrastructure-failure', label: 'Infrastructure failure' },
  { id: 'third-party-service', label: 'Third-party service' },
  { id: 'human-error', label: 'Human error' },
  { id: 'process-failure', label: 'Process failure' },
  { id: 'unknown', label: 'Unknown / under investigation' },
] as const;

/** Shown when "Human error" is chosen (seed 004): an analysis that stops at a person has not finished. */
export const HUMAN_ERROR_PROMPT =
  'A person’s mistake is where the analysis starts, not where it ends. What allowed that mistake to happen, and to reach production?';

export const DATA_LOSS = [
  { id: 'none', label: 'None' },
  { id: 'partial', label: 'Partial' },
  { id: 'complete', label: 'Complete' },
] as const;

/** Marks on timeline events; TTD, TTM and TTR are measured between them. */
export const EVENT_MARKS = [
  { id: 'first-sign', label: 'First sign' },
  { id: 'detected', label: 'Detected' },
  { id: 'mitigated', label: 'Mitigated' },
  { id: 'resolved', label: 'Resolved' },
] as const;

export type Severity = (typeof SEVERITIES)[number]['id'];
export type DetectionMethod = (typeof DETECTION_METHODS)[number]['id'];
export type RootCauseCategory = (typeof ROOT_CAUSE_CATEGORIES)[number]['id'];
export type DataLoss = (typeof DATA_LOSS)[number]['id'];
export type EventMark = (typeof EVENT_MARKS)[number]['id'];

const ids = (options: readonly { id: string }[]): readonly string[] => options.map((option) => option.id);

type FieldKind =
  | { readonly kind: 'text'; readonly max: number }
  | { readonly kind: 'choice'; readonly options: readonly string[] }
  | { readonly kind: 'instant' }
  | { readonly kind: 'zone' };

/**
 * The plain fields of the `facts` map and what each may hold (R35). `summary`, a Y.Text the
 * server creates with the board, is the one collaborative field.
 */
export const FACT_FIELDS = {
  title: { kind: 'text', max: 200 },
  severity: { kind: 'choice', options: ids(SEVERITIES) },
  startAt: { kind: 'instant' },
  endAt: { kind: 'instant' },
  timeZone: { kind: 'zone' },
  detection: { kind: 'choice', options: ids(DETECTION_METHODS) },
  rootCause: { kind: 'choice', options: ids(ROOT_CAUSE_CATEGORIES) },
  affectedUsers: { kind: 'text', max: 200 },
  affectedFeatures: { kind: 'text', max: 500 },
  affectedSystems: { kind: 'text', max: 500 },
  dataLoss: { kind: 'choice', options: ids(DATA_LOSS) },
  impactNotes: { kind: 'text', max: 2000 },
} as const satisfies Record<string, FieldKind>;

export type FactField = keyof typeof FACT_FIELDS;
export const SUMMARY_FIELD = 'summary';
/** Events one command adds at most: a bigger paste would make an update larger than the server takes. */
export const MAX_EVENTS_PER_ADD = 500;
export const MAX_SUMMARY_LENGTH = 5000;

export function isFactField(field: unknown): field is FactField {
  return typeof field === 'string' && Object.hasOwn(FACT_FIELDS, field);
}

/** Instants are ms since the epoch within a sane range (years 1970 to 2200). */
export function isInstant(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 7_258_118_400_000;
}

function fitsKind(kind: FieldKind, value: unknown): boolean {
  switch (kind.kind) {
    case 'text':
      return typeof value === 'string' && value.length <= kind.max;
    case 'choice':
      return typeof value === 'string' && kind.options.includes(value);
    case 'instant':
      return isInstant(value);
    case 'zone':
      return isValidTimeZone(value);
  }
}

export function isValidFactValue(field: FactField, value: unknown): boolean {
  return fitsKind(FACT_FIELDS[field], value);
}

/** The fields of one timeline event (R36). */
export const EVENT_FIELDS = {
  id: { kind: 'text', max: 64 },
  at: { kind: 'instant' },
  zone: { kind: 'zone' },
  text: { kind: 'text', max: 500 },
  source: { kind: 'text', max: 100 },
  mark: { kind: 'choice', options: ['', ...ids(EVENT_MARKS)] },
} as const satisfies Record<string, FieldKind>;

export type EventField = keyof typeof EVENT_FIELDS;

export function isEventField(field: unknown): field is EventField {
  return typeof field === 'string' && Object.hasOwn(EVENT_FIELDS, field);
}

export function isValidEventValue(field: EventField, value: unknown): boolean {
  return fitsKind(EVENT_FIELDS[field], value);
}

export function factsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('facts');
}

export function timelineMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('timeline');
}
