import * as Y from 'yjs';
import { mayChangeCardContent } from '../policy';
import type { RuleId } from '../rules';
import type { Actor } from '../layout';
import { TextGrowth } from './textGrowth';
import { refuse } from './verdict';

export type TextWriters = 'anyone' | 'author';

/** A span of server time, in epoch milliseconds, both ends included. */
export interface TimeWindow {
  readonly earliest: number;
  readonly latest: number;
}

/** Fields of one entity map an update creates: several items where a field was set again. */
type Fields = Map<string, Y.Item[]>;

/**
 * How one kind of keyed entity (a card, a theme) is judged: its fields, which of them are
 * written once, which may be absent, and the rule each kind of breach answers with.
 */
export interface EntitySchema {
  readonly noun: string;
  readonly fields: readonly string[];
  /** Fields that may be absent, and removed: a card that was never grouped has no theme. */
  readonly optional: readonly string[];
  /** Fields written with the entity and never replaced or removed while it lives. */
  readonly immutable: readonly string[];
  /**
   * The Y.Text fields whose characters are edited, and who may edit each: only the author
   * or a facilitator (a card's text, R7), or anyone (a theme's title).
   */
  readonly texts: Readonly<Record<string, TextWriters>>;
  /**
   * The most characters each text may hold once the update is applied (R62). Set well above
   * what the commands allow, so concurrent edits that each fit never add up to a refusal.
   */
  readonly textLimits?: Readonly<Record<string, number>>;
  /** Who makes new entities: their writer, or only the server (actions, R57). */
  readonly createdBy?: 'writer' | 'server';
  /** Fields a restore must carry unchanged besides author and creation time (an action's number, R57). */
  readonly identity?: readonly string[];
  readonly rules: {
    /** Its fields, each of its kind, created together. */
    readonly shape: RuleId;
    /** A new entity is its writer's. */
    readonly author: RuleId;
    /** Identity fields never change; an id names one entity for good. */
    readonly identity: RuleId;
    /** Editing an owned text. */
    readonly text: RuleId;
    /** Deleting or restoring. */
    readonly remove: RuleId;
    /** Replacing a field's value. */
    readonly replace: RuleId;
  };
  /** Rules of fields that answer with their own (a card's theme, R43). */
  readonly fieldRules?: Readonly<Record<string, RuleId>>;
  /** Whether an item holds a valid value for the field; runs once the whole update has been walked. */
  isValid(field: string, item: Y.Item): boolean;
  /** Whether a new entity's values fit together (a link's two ends, R56); each field alone is checked by isValid. */
  isValidEntity?(valueOf: (field: string) => unknown): boolean;
  /** Whether the entity map, after a trial apply, is whole. */
  isWhole(id: string, map: Y.Map<unknown>): boolean;
}

/** What one update does to one entity id. */
interface EntityChange {
  readonly id: string;
  /** Entity maps the update creates under this id: the entity, or its restores after undo. */
  readonly versions: Map<Y.Item, Fields>;
  /** Set when the board holds a deleted entity under this id, which the update restores. */
  restoring: Identity | null;
  /** New items in the board's existing entity. */
  readonly writes: Fields;
  /** Fields of the existing entity whose current value the update deletes. */
  readonly removals: Map<string, Y.Item>;
  needsTrial: boolean;
}

/** The fields that make an entity the same one again: author, creation time and any the schema adds. */
type Identity = Readonly<Record<string, unknown>>;

export function mapValue(item: Y.Item): unknown {
  const content = item.content;
  return content instanceof Y.ContentAny && content.arr.length === 1 ? content.arr[0] : undefined;
}

/** Exact classes: Y.XmlText is a Y.Text too, and must not pass for one. */
export function holdsType(item: Y.Item, type: typeof Y.Text | typeof Y.Map): boolean {
  return item.length === 1 && item.content instanceof Y.ContentType && item.content.type.constructor === type;
}

/** A field's latest value, read from the item itself so it works on a deleted entity too. */
export function fieldOf(entity: Y.Item, field: string): unknown {
  const type = entity.content instanceof Y.ContentType ? entity.content.type : null;
  const item = type?._map.get(field);
  return item && item.content instanceof Y.ContentAny ? item.content.arr[item.content.arr.length - 1] : undefined;
}

/** Whether `id` is the item's last clock: only an item named there lands right of all of it. */
function endsAt(id: Y.ID | null, item: Y.Item): boolean {
  return id !== null && id.client === item.id.client && id.clock === item.id.clock + item.length - 1;
}

function push(fields: Fields, field: string, item: Y.Item): void {
  const items = fields.get(field);
  if (items) items.push(item);
  else fields.set(field, [item]);
}

/**
 * The rules of one kind of entity (cards: R4 to R9; themes: R41, R42), fed with every
 * write and deletion the walk of an update finds in its root.
 */
export class EntityJudge {
  private readonly changes = new Map<string, EntityChange>();
  private readonly growth: TextGrowth;

  constructor(
    private readonly schema: EntitySchema,
    private readonly writer: Actor,
    private readonly isNew: (item: Y.Item) => boolean,
    private readonly isDeleted: (item: Y.Item) => boolean,
    private readonly originOf: (item: Y.Item) => Y.ID | null,
    deletedLength: (item: Y.Item) => number = (item) => item.length,
    private readonly createdWithin?: TimeWindow,
  ) {
    this.growth = new TextGrowth(isNew, deletedLength);
  }

  private limitOf(field: string): number {
    return this.schema.textLimits?.[field] ?? Number.POSITIVE_INFINITY;
  }

  /** Ids of the entities the update creates, restores or writes into. */
  touched(): IterableIterator<string> {
    return this.changes.keys();
  }

  /** Ids the update creates or restores. */
  *created(): IterableIterator<string> {
    for (const change of this.changes.values()) if (change.versions.size > 0) yield change.id;
  }

  /** Fields the update writes into the board's existing entity `id`. */
  fieldsWritten(id: string): readonly string[] {
    const change = this.changes.get(id);
    return change ? [...change.writes.keys(), ...change.removals.keys()] : [];
  }

  /** Live values the update writes into `field` of entity `id`, in the board's entity or in new versions. */
  valuesWritten(id: string, field: string): unknown[] {
    const change = this.changes.get(id);
    if (!change) return [];
    const items = [...(change.writes.get(field) ?? []), ...[...change.versions.values()].flatMap((fields) => fields.get(field) ?? [])];
    return items.filter((item) => !this.isDeleted(item)).map(mapValue);
  }

  /** Whether the update writes new versions of `id` (creates or restores it). */
  hasVersions(id: string): boolean {
    return (this.changes.get(id)?.versions.size ?? 0) > 0;
  }

  private change(id: string): EntityChange {
    let change = this.changes.get(id);
    if (!change) {
      change = { id, versions: new Map(), restoring: null, writes: new Map(), removals: new Map(), needsTrial: false };
      this.changes.set(id, change);
    }
    return change;
  }

  private get noun(): string {
    return this.schema.noun;
  }

  private get identityFields(): readonly string[] {
    return ['authorId', 'createdAt', ...(this.schema.identity ?? [])];
  }

  isText(field: string | null | undefined): field is string {
    return typeof field === 'string' && Object.hasOwn(this.schema.texts, field);
  }

  requireAuthor(entity: Y.Item, rule: RuleId, action: string): void {
    const authorId = fieldOf(entity, 'authorId');
    if (typeof authorId !== 'string' || !mayChangeCardContent(this.writer, authorId)) {
      refuse(rule, `Only the ${this.noun}'s author or a facilitator may ${action} (participant ${this.writer.participantId} tried).`);
    }
  }

  refuseNested(): never {
    refuse(this.schema.rules.shape, `A ${this.noun} holds nothing nested but the characters of its texts.`);
  }

  /** The update deletes the board's entity itself. */
  deleted(entity: Y.Item): void {
    this.requireAuthor(entity, this.schema.rules.remove, 'delete it');
  }

  /**
   * A new entity map under `id`; `existing` is the board's current item there, if any.
   * An id names one entity for good: what is written under a known id is that same entity
   * again (a restore), checked against the existing one in judgeVersion.
   */
  written(item: Y.Item, id: string, existing: Y.Item | undefined): void {
    const change = this.change(id);
    if (existing && !change.restoring) change.restoring = this.restorable(existing, id);
    // An entity made and deleted before it was sent shows nothing.
    if (item.content instanceof Y.ContentDeleted && item.length === 1) return;
    if (!holdsType(item, Y.Map)) refuse(this.schema.rules.shape, `A ${this.noun} (${id}) must be one map of fields.`);
    if (!change.versions.has(item)) change.versions.set(item, new Map());
  }

  /**
   * Undoing a deletion re-creates the entity under its id. That is a restore, allowed to
   * whoever could have deleted it; the deleted entity's fields must still be readable, which
   * is why the server keeps deleted content (gc off). Two people undoing their concurrent
   * deletions of one entity both restore it: the second version meets the first one live,
   * and Yjs keeps one of the two.
   */
  private restorable(existing: Y.Item, id: string): Identity {
    const authorId = fieldOf(existing, 'authorId');
    if (typeof authorId !== 'string') {
      refuse(this.schema.rules.identity, `The ${this.noun} ${id} was deleted and the board no longer holds it, so it cannot be restored.`);
    }
    this.requireAuthor(existing, this.schema.rules.remove, 'delete or restore it');
    return Object.fromEntries(this.identityFields.map((field) => [field, fieldOf(existing, field)]));
  }

  private knownField(field: string | null): string {
    if (field === null || !this.schema.fields.includes(field)) {
      refuse(this.schema.rules.shape, `A ${this.noun} has no field "${String(field)}".`);
    }
    return field;
  }

  /**
   * A write into a deleted entity shows nothing, yet Yjs files it under the field, where a
   * restore reads the identity it must keep. So identity fields are refused there as on a
   * live entity; anything else may be an honest edit that crossed the deletion.
   */
  inertFieldWritten(fieldName: string | null): void {
    const field = this.knownField(fieldName);
    if (this.schema.immutable.includes(field)) refuse(this.schema.rules.identity, `A ${this.noun}'s ${field} never changes, not even once it is deleted.`);
  }

  fieldWritten(item: Y.Item, id: string, entity: Y.Item, fieldName: string | null): void {
    const field = this.knownField(fieldName);
    const change = this.change(id);
    if (this.isNew(entity)) {
      let fields = change.versions.get(entity);
      if (!fields) {
        fields = new Map();
        change.versions.set(entity, fields);
      }
      push(fields, field, item);
      return;
    }
    if (this.schema.immutable.includes(field)) refuse(this.schema.rules.identity, `A ${this.noun}'s ${field} never changes.`);
    if (this.isText(field)) this.requireTextWriter(entity, field, `replace its ${field}`);
    push(change.writes, field, item);
  }

  private requireTextWriter(entity: Y.Item, field: string, action: string): void {
    if (this.schema.texts[field] === 'author') this.requireAuthor(entity, this.schema.rules.text, action);
  }

  textWritten(item: Y.Item, entity: Y.Item, text: Y.Item, field: string): void {
    if (!(item.content instanceof Y.ContentString || item.content instanceof Y.ContentDeleted)) {
      refuse(this.schema.rules.shape, `A ${this.noun}'s ${field} holds plain text only.`);
    }
    if (!this.isDeleted(item)) this.growth.inserted(text, item, `A ${this.noun}'s ${field}`, this.limitOf(field));
    // What a new entity carries is its writer's own.
    if (!this.isNew(entity)) this.requireTextWriter(entity, field, `edit its ${field}`);
  }

  /** Characters of the board's entity's text are deleted. */
  textDeleted(item: Y.Item, entity: Y.Item, text: Y.Item, field: string): void {
    this.requireTextWriter(entity, field, `edit its ${field}`);
    this.growth.deleted(text, item, `A ${this.noun}'s ${field}`, this.limitOf(field));
  }

  /** The current value of a field of a live entity is deleted (the entity itself stays). */
  fieldRemoved(item: Y.Item, id: string, entity: Y.Item, fieldName: string | null): void {
    const field = this.knownField(fieldName);
    if (this.schema.immutable.includes(field)) refuse(this.schema.rules.identity, `A ${this.noun}'s ${field} is never removed.`);
    if (this.isText(field)) this.requireTextWriter(entity, field, `replace its ${field}`);
    this.change(id).removals.set(field, item);
  }

  /** Judges what the whole update does to each entity; answers whether a trial must decide. */
  finish(): boolean {
    this.growth.finish();
    const replaceable = this.schema.fields.filter((field) => !this.schema.immutable.includes(field));
    for (const change of this.changes.values()) {
      let identity = change.restoring;
      for (const [entity, fields] of change.versions) {
        identity = this.judgeVersion(change, entity, fields, identity);
        for (const field of replaceable) this.judgeReplacement(change, fields, field, null);
      }
      for (const field of replaceable) this.judgeReplacement(change, change.writes, field, change.removals.get(field));
    }
    return [...this.changes.values()].some((change) => change.needsTrial);
  }

  /**
   * A new entity must be whole, and every version of one id is the same entity: the first
   * is the writer's unless it restores a deleted one, and all keep its author and creation
   * time. A version the update deletes again (made and deleted offline, kept from garbage
   * collection by the author's undo stack) shows nothing, so its fields may be deleted or
   * gone; a value it does carry must still be right.
   */
  private judgeVersion(change: EntityChange, entity: Y.Item, fields: Fields, identity: Identity | null): Identity | null {
    const { rules, optional, immutable } = this.schema;
    const gone = this.isDeleted(entity);
    for (const field of this.schema.fields) {
      const items = fields.get(field) ?? [];
      if (items.length === 0 && !gone && !optional.includes(field)) refuse(rules.shape, `New ${this.noun} ${change.id} has no ${field}.`);
      // Placement fields are judged as replacements: several sets in one update are fine.
      if (!immutable.includes(field) && !this.isText(field)) continue;
      if (items.length > 1) refuse(rules.shape, `New ${this.noun} ${change.id} has more than one ${field}.`);
      const [item] = items;
      if (!item || (gone && item.content instanceof Y.ContentDeleted)) continue;
      if ((!gone && this.isDeleted(item)) || !this.schema.isValid(field, item)) {
        refuse(rules.shape, `New ${this.noun} ${change.id} needs one valid ${field}.`);
      }
    }
    const valueOf = (field: string): unknown => {
      const item = fields.get(field)?.[0];
      return item ? mapValue(item) : undefined;
    };
    if (!gone && this.schema.isValidEntity && !this.schema.isValidEntity(valueOf)) refuse(rules.shape, `New ${this.noun} ${change.id} does not fit together.`);
    const id = valueOf('id');
    if (id !== undefined && id !== change.id) refuse(rules.shape, `The ${this.noun} ${change.id} carries a different id.`);
    const authorId = valueOf('authorId');
    const written: Identity = Object.fromEntries(this.identityFields.map((field) => [field, valueOf(field)]));
    // A version made and deleted again before it was sent carries no identity of its own:
    // the next version is judged as the first, so it cannot borrow one (a forged action's number, R57).
    if (authorId === undefined && gone) return identity;
    if (!identity) {
      if (this.schema.createdBy === 'server') refuse(rules.author, `A new ${this.noun} is made by the server, through a command.`);
      if (authorId !== this.writer.participantId) {
        refuse(rules.author, `A new ${this.noun}'s author must be its writer (${this.writer.participantId}), not ${String(authorId)}.`);
      }
      this.requirePlausibleTime(change.id, written.createdAt);
      return written;
    }
    if (this.identityFields.some((field) => written[field] !== identity[field])) {
      refuse(rules.identity, `The ${this.noun} ${change.id} exists; what is written under its id must keep its ${this.identityFields.join(', ')}.`);
    }
    return identity;
  }

  /**
   * A new entity says when it was made; the server's clock bounds what it may say (R67).
   * A restore carries its original time, checked as identity instead.
   */
  private requirePlausibleTime(id: string, createdAt: unknown): void {
    const window = this.createdWithin;
    if (!window || typeof createdAt !== 'number') return;
    if (createdAt < window.earliest || createdAt > window.latest) {
      refuse('R67', `New ${this.noun} ${id} says it was made at ${createdAt}, outside what the server's clock allows (${window.earliest} to ${window.latest}).`);
    }
  }

  /**
   * The value a field ends with is the rightmost of its items. Among an update's items the
   * rightmost is one no other new item names as origin (Yjs places an item right of its
   * origin), so such leaves must be valid. A deleted leaf, or a removed value that no new
   * item follows, can be an honest set that lost to a concurrent one, or an attempt to
   * empty the field: only the order Yjs gives the items tells, so a trial decides. A field
   * that may be absent needs no trial.
   */
  private judgeReplacement(change: EntityChange, fields: Fields, field: string, removed: Y.Item | null | undefined): void {
    const rule = this.schema.fieldRules?.[field] ?? (this.isText(field) ? this.schema.rules.shape : this.schema.rules.replace);
    const optional = this.schema.optional.includes(field);
    const items = fields.get(field) ?? [];
    for (const item of items) {
      const isLeaf = !items.some((other) => other !== item && endsAt(this.originOf(other), item));
      if (this.isDeleted(item)) {
        if (isLeaf && !optional) change.needsTrial = true;
      } else if (!this.schema.isValid(field, item)) {
        refuse(rule, `The ${this.noun} ${change.id} would get an invalid ${field}.`);
      }
    }
    if (removed && !optional && !items.some((item) => endsAt(this.originOf(item), removed))) change.needsTrial = true;
  }

  /** After a trial apply: every entity a trial was needed for is whole, or gone. */
  judgeTrial(root: Y.Map<unknown>): void {
    for (const change of this.changes.values()) {
      if (!change.needsTrial) continue;
      const entity = root.get(change.id);
      if (entity === undefined) continue;
      if (!(entity instanceof Y.Map) || !this.schema.isWhole(change.id, entity as Y.Map<unknown>)) {
        refuse(this.schema.rules.replace, `The ${this.noun} ${change.id} would be left without a valid value in a field it needs.`);
      }
    }
  }
}
