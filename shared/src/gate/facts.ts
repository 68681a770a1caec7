import * as Y from 'yjs';
import { isEventField, isFactField, isValidEventValue, isValidFactValue, SUMMARY_FIELD } from '../facts/fields';
import type { Actor } from '../layout';
import { isFactsEditable } from '../session/state';
import type { Place } from './places';
import { refuse } from './verdict';

const REQUIRED_EVENT_FIELDS = ['at', 'zone', 'text'] as const;

function mapValue(item: Y.Item): unknown {
  const content = item.content;
  return content instanceof Y.ContentAny && content.arr.length === 1 ? content.arr[0] : undefined;
}

/** A value set and replaced within one update arrives deleted; it shows nothing. */
function isDeletedValue(item: Y.Item): boolean {
  return item.content instanceof Y.ContentDeleted;
}

/** The rules for the `facts` and `timeline` roots (R33, R35, R36), fed by the walk of an update. */
export class FactsJudge {
  /** Events this update creates, with the fields it gives them. */
  private readonly newEvents = new Map<Y.Item, Set<string>>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly writer: Actor,
    private readonly isNew: (item: Y.Item) => boolean,
    private readonly isDeleted: (item: Y.Item) => boolean,
  ) {}

  private requireEditor(): void {
    if (this.writer.role !== 'facilitator' && !isFactsEditable(this.doc)) {
      refuse('R33', `Only facilitators edit the facts unless a facilitator allows everyone (participant ${this.writer.participantId} tried).`);
    }
  }

  written(item: Y.Item, place: Place, inert: boolean): void {
    this.requireEditor();
    if (place.root === 'facts') return this.factWritten(item, place);
    const [eventId, field] = place.keys;
    if (typeof eventId !== 'string') refuse('R10', 'The timeline holds events by id, not list elements.');
    if (place.keys.length === 1) {
      if (isDeletedValue(item) && item.length === 1) return;
      const type = item.content instanceof Y.ContentType ? item.content.type : null;
      if (item.length !== 1 || type?.constructor !== Y.Map) refuse('R36', `Event ${eventId} must be one map of fields.`);
      if (!this.newEvents.has(item)) this.newEvents.set(item, new Set());
      return;
    }
    if (place.keys.length > 2) refuse('R36', 'A timeline event holds nothing nested.');
    if (inert) return;
    if (!isEventField(field)) refuse('R36', `Timeline events have no field "${String(field)}".`);
    const event = place.containers[0] as Y.Item;
    const eventIsNew = this.isNew(event);
    if (field === 'id' && !eventIsNew) refuse('R36', "An event's id never changes.");
    if (isDeletedValue(item)) return;
    const value = mapValue(item);
    if (!isValidEventValue(field, value) || (field === 'id' && value !== eventId)) refuse('R36', `Event ${eventId} would get an invalid ${field}.`);
    if (eventIsNew) {
      const fields = this.newEvents.get(event) ?? new Set<string>();
      fields.add(field);
      this.newEvents.set(event, fields);
    }
  }

  private factWritten(item: Y.Item, place: Place): void {
    const [field, sub] = place.keys;
    if (place.keys.length === 1) {
      if (field === SUMMARY_FIELD) refuse('R35', 'The summary is created by the server; edit its text instead.');
      if (!isFactField(field)) refuse('R35', `The facts have no field "${String(field)}".`);
      if (isDeletedValue(item)) return;
      if (!isValidFactValue(field, mapValue(item))) refuse('R35', `That is not a valid ${field}.`);
      return;
    }
    if (place.keys.length === 2 && field === SUMMARY_FIELD && sub === null) {
      if (!(item.content instanceof Y.ContentString || isDeletedValue(item))) refuse('R35', 'The summary holds plain text only.');
      return;
    }
    refuse('R35', "The facts hold nothing nested but the summary's characters.");
  }

  deleted(place: Place): void {
    this.requireEditor();
    if (place.root === 'facts' && place.keys.length === 1 && place.keys[0] === SUMMARY_FIELD) {
      refuse('R35', 'The summary is never removed; clear its text instead.');
    }
  }

  /** Every event the update creates, and keeps, has its time, zone and text. */
  finish(): void {
    for (const [event, fields] of this.newEvents) {
      if (this.isDeleted(event)) continue;
      const missing = REQUIRED_EVENT_FIELDS.filter((field) => !fields.has(field));
      if (missing.length > 0) refuse('R36', `A new event needs its ${missing.join(', ')}.`);
    }
  }
}
