import * as Y from 'yjs';
import { isEventField, isFactField, isValidEventValue, isValidFactValue, MAX_SUMMARY_LENGTH, SUMMARY_FIELD, timelineMap } from '../facts/fields';
import { readEvent } from '../facts/selectors';
import { ROOT, type Actor } from '../layout';
import { mapValue } from './entities';
import { rootValue } from './read';
import type { Place } from './places';
import { refuse } from './verdict';

/** A value set and replaced within one update arrives deleted; it shows nothing. */
function isDeletedValue(item: Y.Item): boolean {
  return item.content instanceof Y.ContentDeleted;
}

/** The rules for the `facts` and `timeline` roots (R33, R35, R36), fed by the walk of an update. */
export class FactsJudge {
  /** Events the update writes into or deletes from: each must end whole, or gone. */
  private readonly touchedEvents = new Set<string>();
  /** Characters the update adds to and removes from the summary. */
  private summaryAdded = 0;
  private summaryRemoved = 0;

  constructor(
    private readonly doc: Y.Doc,
    private readonly writer: Actor,
    private readonly isNew: (item: Y.Item) => boolean,
    private readonly isDeleted: (item: Y.Item) => boolean,
    private readonly deletedLength: (item: Y.Item) => number,
  ) {}

  private requireEditor(): void {
    if (this.writer.role !== 'facilitator' && rootValue(this.doc, ROOT.session, 'factsEditable') !== true) {
      refuse('R33', `Only facilitators edit the facts unless a facilitator allows everyone (participant ${this.writer.participantId} tried).`);
    }
  }

  written(item: Y.Item, place: Place, inert: boolean): void {
    this.requireEditor();
    if (place.root === 'facts') return this.factWritten(item, place);
    const [eventId, field] = place.keys;
    if (typeof eventId !== 'string') refuse('R10', 'The timeline holds events by id, not list elements.');
    this.touchedEvents.add(eventId);
    if (place.keys.length === 1) {
      if (isDeletedValue(item) && item.length === 1) return;
      const type = item.content instanceof Y.ContentType ? item.content.type : null;
      if (item.length !== 1 || type?.constructor !== Y.Map) refuse('R36', `Event ${eventId} must be one map of fields.`);
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
      if (!this.isDeleted(item)) this.summaryAdded += item.length;
      return;
    }
    refuse('R35', "The facts hold nothing nested but the summary's characters.");
  }

  deleted(item: Y.Item, place: Place): void {
    this.requireEditor();
    const [key] = place.keys;
    if (place.root === 'timeline') {
      if (typeof key === 'string') this.touchedEvents.add(key);
      return;
    }
    if (key !== SUMMARY_FIELD) return;
    if (place.keys.length === 1) refuse('R35', 'The summary is never removed; clear its text instead.');
    if (!this.isNew(item)) this.summaryRemoved += this.deletedLength(item);
  }

  /** Checks what can be counted; answers whether events were touched, which only a trial apply can settle. */
  finish(): boolean {
    const summary = rootValue(this.doc, ROOT.facts, SUMMARY_FIELD);
    const length = (summary instanceof Y.Text ? summary.length : 0) + this.summaryAdded - this.summaryRemoved;
    if (length > MAX_SUMMARY_LENGTH) refuse('R35', `The summary holds at most ${MAX_SUMMARY_LENGTH} characters.`);
    return this.touchedEvents.size > 0;
  }

  /**
   * After a trial apply: every event the update touched is gone, or whole, with its id. Which
   * value of a field ends current (and whether a deletion in the update hits it) only the
   * order Yjs gives the items tells, so the outcome is checked rather than predicted.
   */
  judgeTrial(trial: Y.Doc): void {
    for (const id of this.touchedEvents) {
      const event = timelineMap(trial).get(id);
      if (event === undefined) continue;
      if (readEvent(id, event) === null || !(event instanceof Y.Map) || event.get('id') !== id) {
        refuse('R36', `Event ${id} would be left without a valid id, time, zone or text.`);
      }
    }
  }
}
