import { uuidv4 } from 'lib0/random';
import * as Y from 'yjs';
import { done, fail, replaceText, run, type CommandResult } from '../commandKit';
import type { Actor } from '../layout';
import { isFactsEditable } from '../session/state';
import {
  EVENT_FIELDS,
  factsMap,
  isValidEventValue,
  isValidFactValue,
  MAX_EVENTS_PER_ADD,
  MAX_SUMMARY_LENGTH,
  SUMMARY_FIELD,
  timelineMap,
  type EventField,
  type EventMark,
  type FactField,
} from './fields';

/** R33: facilitators always edit the facts and the timeline; participants when a facilitator allows it. */
export function mayEditFacts(doc: Y.Doc, actor: Actor): boolean {
  return actor.role === 'facilitator' || isFactsEditable(doc);
}

function forbidden(): CommandResult<never> {
  return fail('forbidden', 'Only a facilitator can change the facts, unless a facilitator lets everyone edit them.', 'R33');
}

/** Sets one plain field of the facts, or clears it with null. */
export function setFact(doc: Y.Doc, actor: Actor, field: FactField, value: string | number | null): CommandResult {
  if (!mayEditFacts(doc, actor)) return forbidden();
  const map = factsMap(doc);
  if (value === null || value === '') {
    if (map.has(field)) run(doc, 'setFact', () => map.delete(field));
    return done;
  }
  if (!isValidFactValue(field, value)) return fail('invalid', `That is not a valid ${field}.`, 'R35');
  if (map.get(field) !== value) run(doc, 'setFact', () => map.set(field, value));
  return done;
}

/** Edits the collaborative summary by its smallest change. */
export function setSummary(doc: Y.Doc, actor: Actor, next: string): CommandResult {
  if (!mayEditFacts(doc, actor)) return forbidden();
  const summary = factsMap(doc).get(SUMMARY_FIELD);
  if (!(summary instanceof Y.Text)) return fail('not-found', 'This board has no summary yet; reload it.', 'R35');
  if (next.length > MAX_SUMMARY_LENGTH) return fail('invalid', `The summary holds at most ${MAX_SUMMARY_LENGTH} characters.`, 'R35');
  replaceText(summary, next, 'setSummary');
  return done;
}

export interface NewEvent {
  readonly at: number;
  readonly zone: string;
  readonly text: string;
  readonly source?: string;
  readonly mark?: EventMark | null;
}

function checkEvent(event: Partial<NewEvent>): CommandResult<never> | null {
  for (const field of ['at', 'zone', 'text', 'source'] as const) {
    const value = event[field];
    if (value !== undefined && !isValidEventValue(field, value)) return fail('invalid', `An event needs a valid ${field === 'at' ? 'time' : field}.`, 'R36');
  }
  if (event.text !== undefined && event.text.trim() === '') return fail('invalid', 'An event needs a description of what happened.', 'R36');
  return null;
}

/** Adds events, one or a pasted block, in one transaction; answers their ids. */
export function addEvents(
  doc: Y.Doc,
  actor: Actor,
  events: readonly NewEvent[],
  newId: () => string = uuidv4,
): CommandResult<{ ids: string[] }> {
  if (!mayEditFacts(doc, actor)) return forbidden();
  if (events.length > MAX_EVENTS_PER_ADD) return fail('invalid', `Add at most ${MAX_EVENTS_PER_ADD} events at a time.`, 'R36');
  for (const event of events) {
    const problem = checkEvent(event);
    if (problem) return problem;
  }
  const ids = events.map(() => newId());
  run(doc, 'addEvents', () => {
    events.forEach((event, i) => {
      const id = ids[i] as string;
      const map = new Y.Map<unknown>();
      map.set('id', id);
      map.set('at', event.at);
      map.set('zone', event.zone);
      map.set('text', event.text.trim());
      map.set('source', (event.source ?? '').trim());
      map.set('mark', event.mark ?? '');
      timelineMap(doc).set(id, map);
    });
  });
  return { ok: true, value: { ids } };
}

/** Changes some fields of an event; each field is replaced whole (last writer wins per field). */
export function updateEvent(doc: Y.Doc, actor: Actor, id: string, patch: Partial<NewEvent>): CommandResult {
  if (!mayEditFacts(doc, actor)) return forbidden();
  const event = timelineMap(doc).get(id);
  if (!(event instanceof Y.Map)) return fail('not-found', 'This event no longer exists.');
  const problem = checkEvent(patch);
  if (problem) return problem;
  const changes = Object.entries({ ...patch, ...(patch.mark === null ? { mark: '' } : {}) }).filter(
    ([field, value]) => field in EVENT_FIELDS && field !== 'id' && value !== undefined && event.get(field) !== value,
  ) as [EventField, unknown][];
  if (changes.length === 0) return done;
  run(doc, 'updateEvent', () => {
    for (const [field, value] of changes) event.set(field, field === 'text' || field === 'source' ? String(value).trim() : value);
  });
  return done;
}

export function deleteEvent(doc: Y.Doc, actor: Actor, id: string): CommandResult {
  if (!mayEditFacts(doc, actor)) return forbidden();
  if (!timelineMap(doc).has(id)) return fail('not-found', 'This event no longer exists.');
  run(doc, 'deleteEvent', () => timelineMap(doc).delete(id));
  return done;
}
