import * as Y from 'yjs';
import { isColumnId } from '../columns';
import { CARD_FIELD, CARD_FIELDS, IMMUTABLE_CARD_FIELDS, isCardField, type Actor, type CardField } from '../layout';
import { isValidOrderKey } from '../order';
import { mayChangeCardContent } from '../policy';
import type { RuleId } from '../rules';
import { readCard } from '../selectors';
import { refuse } from './verdict';

/** Fields of one card map an update creates: several items where a field was set again. */
type Fields = Map<CardField, Y.Item[]>;

/** What one update does to one card id. */
interface CardChange {
  readonly cardId: string;
  /** Card maps the update creates under this id: the card, or its restores after undo. */
  readonly versions: Map<Y.Item, Fields>;
  /** Set when the board holds a deleted card under this id, which the update restores. */
  restoring: { readonly authorId: string; readonly createdAt: unknown } | null;
  /** New items in the board's existing card. */
  readonly writes: Fields;
  /** Fields of the existing card whose current value the update deletes. */
  readonly removals: Map<CardField, Y.Item>;
  needsTrial: boolean;
}

const REPLACEABLE_FIELDS: readonly CardField[] = [CARD_FIELD.column, CARD_FIELD.order, CARD_FIELD.text];

function mapValue(item: Y.Item): unknown {
  const content = item.content;
  return content instanceof Y.ContentAny && content.arr.length === 1 ? content.arr[0] : undefined;
}

/** Exact classes: Y.XmlText is a Y.Text too, and must not pass for one. */
function holdsType(item: Y.Item, type: typeof Y.Text | typeof Y.Map): boolean {
  return item.length === 1 && item.content instanceof Y.ContentType && item.content.type.constructor === type;
}

function isValidFieldValue(field: CardField, item: Y.Item): boolean {
  if (field === CARD_FIELD.text) return holdsType(item, Y.Text);
  const value = mapValue(item);
  switch (field) {
    case CARD_FIELD.column:
      return isColumnId(value);
    case CARD_FIELD.order:
      return isValidOrderKey(value);
    case CARD_FIELD.createdAt:
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === 'string' && value.length > 0 && value.length <= 200;
  }
}

/** A card field's latest value, read from the item itself so it works on a deleted card too. */
function fieldOf(card: Y.Item, field: CardField): unknown {
  const type = card.content instanceof Y.ContentType ? card.content.type : null;
  const item = type?._map.get(field);
  return item && item.content instanceof Y.ContentAny ? item.content.arr[item.content.arr.length - 1] : undefined;
}

/** Whether `id` is the item's last clock: only an item named there lands right of all of it. */
function endsAt(id: Y.ID | null, item: Y.Item): boolean {
  return id !== null && id.client === item.id.client && id.clock === item.id.clock + item.length - 1;
}

function push(fields: Fields, field: CardField, item: Y.Item): void {
  const items = fields.get(field);
  if (items) items.push(item);
  else fields.set(field, [item]);
}

/** The card rules (R4 to R9), fed with every write and deletion the walk of an update finds. */
export class CardJudge {
  private readonly cards = new Map<string, CardChange>();

  constructor(
    private readonly writer: Actor,
    private readonly isNew: (item: Y.Item) => boolean,
    private readonly isDeleted: (item: Y.Item) => boolean,
    private readonly originOf: (item: Y.Item) => Y.ID | null,
  ) {}

  private change(cardId: string): CardChange {
    let change = this.cards.get(cardId);
    if (!change) {
      change = { cardId, versions: new Map(), restoring: null, writes: new Map(), removals: new Map(), needsTrial: false };
      this.cards.set(cardId, change);
    }
    return change;
  }

  requireAuthor(card: Y.Item, rule: RuleId, action: string): void {
    const authorId = fieldOf(card, CARD_FIELD.authorId);
    if (typeof authorId !== 'string' || !mayChangeCardContent(this.writer, authorId)) {
      refuse(rule, `Only the card's author or a facilitator may ${action} (participant ${this.writer.participantId} tried).`);
    }
  }

  /**
   * A new card map under `cardId`; `existing` is the board's current item there, if any.
   * An id names one card for good: what is written under a known id is that same card
   * again (a restore), checked against the existing one in judgeVersion.
   */
  cardWritten(item: Y.Item, cardId: string, existing: Y.Item | undefined): void {
    const change = this.change(cardId);
    if (existing && !change.restoring) change.restoring = this.restorable(existing, cardId);
    // A card made and deleted before it was sent shows nothing.
    if (item.content instanceof Y.ContentDeleted && item.length === 1) return;
    if (!holdsType(item, Y.Map)) refuse('R4', `Card ${cardId} must be one map of fields.`);
    if (!change.versions.has(item)) change.versions.set(item, new Map());
  }

  /**
   * Undoing a deletion re-creates the card under its id. That is a restore, allowed to
   * whoever could have deleted it; the deleted card's fields must still be readable, which
   * is why the server keeps deleted content (gc off). Two people undoing their concurrent
   * deletions of one card both restore it: the second version meets the first one live,
   * and Yjs keeps one of the two.
   */
  private restorable(existing: Y.Item, cardId: string): { authorId: string; createdAt: unknown } {
    const authorId = fieldOf(existing, CARD_FIELD.authorId);
    if (typeof authorId !== 'string') {
      refuse('R6', `Card ${cardId} was deleted and the board no longer holds it, so it cannot be restored.`);
    }
    this.requireAuthor(existing, 'R8', 'delete or restore it');
    return { authorId, createdAt: fieldOf(existing, CARD_FIELD.createdAt) };
  }

  fieldWritten(item: Y.Item, cardId: string, card: Y.Item, field: string | null): void {
    if (field === null || !isCardField(field)) refuse('R4', `Cards have no field "${String(field)}".`);
    const change = this.change(cardId);
    if (this.isNew(card)) {
      let fields = change.versions.get(card);
      if (!fields) {
        fields = new Map<CardField, Y.Item[]>();
        change.versions.set(card, fields);
      }
      push(fields, field, item);
      return;
    }
    if (IMMUTABLE_CARD_FIELDS.includes(field)) refuse('R6', `A card's ${field} never changes.`);
    if (field === CARD_FIELD.text) this.requireAuthor(card, 'R7', 'replace its text');
    push(change.writes, field, item);
  }

  textWritten(item: Y.Item, card: Y.Item): void {
    if (!(item.content instanceof Y.ContentString || item.content instanceof Y.ContentDeleted)) {
      refuse('R4', 'Card text holds plain text only.');
    }
    if (!this.isNew(card)) this.requireAuthor(card, 'R7', 'edit its text');
  }

  /** The current value of a field of a live card is deleted (the card itself stays). */
  fieldRemoved(item: Y.Item, cardId: string, card: Y.Item, field: string | null): void {
    if (typeof field !== 'string' || !isCardField(field)) refuse('R4', `Cards have no field "${String(field)}".`);
    if (IMMUTABLE_CARD_FIELDS.includes(field)) refuse('R6', `A card's ${field} is never removed.`);
    if (field === CARD_FIELD.text) this.requireAuthor(card, 'R7', 'replace its text');
    this.change(cardId).removals.set(field, item);
  }

  /** Judges what the whole update does to each card; answers whether a trial must decide. */
  finish(): boolean {
    for (const change of this.cards.values()) {
      let identity = change.restoring;
      for (const [card, fields] of change.versions) {
        identity = this.judgeVersion(change, card, fields, identity);
        for (const field of REPLACEABLE_FIELDS) this.judgeReplacement(change, fields, field, null);
      }
      for (const field of REPLACEABLE_FIELDS) this.judgeReplacement(change, change.writes, field, change.removals.get(field));
    }
    return [...this.cards.values()].some((change) => change.needsTrial);
  }

  /**
   * A new card must be whole, and every version of one id is the same card: the first is
   * the writer's (R5) unless it restores a deleted one, and all keep its author and
   * creation time (R6). A version the update deletes again (made and deleted offline, kept
   * from garbage collection by the author's undo stack) shows nothing, so its fields may be
   * deleted or gone; a value it does carry must still be right.
   */
  private judgeVersion(
    change: CardChange,
    card: Y.Item,
    fields: Fields,
    identity: { authorId: string; createdAt: unknown } | null,
  ): { authorId: string; createdAt: unknown } {
    const gone = this.isDeleted(card);
    for (const field of CARD_FIELDS) {
      const items = fields.get(field) ?? [];
      if (items.length === 0 && !gone) refuse('R4', `New card ${change.cardId} has no ${field}.`);
      if (field === CARD_FIELD.column || field === CARD_FIELD.order) continue;
      if (items.length > 1) refuse('R4', `New card ${change.cardId} has more than one ${field}.`);
      const [item] = items;
      if (!item || (gone && item.content instanceof Y.ContentDeleted)) continue;
      if ((!gone && this.isDeleted(item)) || !isValidFieldValue(field, item)) {
        refuse('R4', `New card ${change.cardId} needs one valid ${field}.`);
      }
    }
    const valueOf = (field: CardField): unknown => {
      const item = fields.get(field)?.[0];
      return item ? mapValue(item) : undefined;
    };
    const id = valueOf(CARD_FIELD.id);
    if (id !== undefined && id !== change.cardId) refuse('R4', `Card ${change.cardId} carries a different id.`);
    const authorId = valueOf(CARD_FIELD.authorId);
    const createdAt = valueOf(CARD_FIELD.createdAt);
    if (authorId === undefined && gone) return identity ?? { authorId: this.writer.participantId, createdAt };
    if (!identity) {
      if (authorId !== this.writer.participantId) {
        refuse('R5', `A new card's author must be its writer (${this.writer.participantId}), not ${String(authorId)}.`);
      }
      return { authorId, createdAt };
    }
    if (authorId !== identity.authorId || createdAt !== identity.createdAt) {
      refuse('R6', `Card ${change.cardId} exists; what is written under its id must keep its author and creation time.`);
    }
    return identity;
  }

  /**
   * The value a field ends with is the rightmost of its items. Among an update's items the
   * rightmost is one no other new item names as origin (Yjs places an item right of its
   * origin), so such leaves must be valid. A deleted leaf, or a removed value that no new
   * item follows, can be an honest set that lost to a concurrent one, or an attempt to
   * empty the field: only the order Yjs gives the items tells, so a trial decides.
   */
  private judgeReplacement(change: CardChange, fields: Fields, field: CardField, removed: Y.Item | null | undefined): void {
    const rule: RuleId = field === CARD_FIELD.text ? 'R4' : 'R9';
    const items = fields.get(field) ?? [];
    for (const item of items) {
      const isLeaf = !items.some((other) => other !== item && endsAt(this.originOf(other), item));
      if (this.isDeleted(item)) {
        if (isLeaf) change.needsTrial = true;
      } else if (!isValidFieldValue(field, item)) {
        refuse(rule, `Card ${change.cardId} would get an invalid ${field}.`);
      }
    }
    if (removed && !items.some((item) => endsAt(this.originOf(item), removed))) change.needsTrial = true;
  }

  /** After a trial apply: every card a trial was needed for is whole, or gone. */
  judgeTrial(cards: Y.Map<unknown>): void {
    for (const change of this.cards.values()) {
      if (!change.needsTrial) continue;
      const card = cards.get(change.cardId);
      if (card === undefined) continue;
      if (!(card instanceof Y.Map) || readCard(change.cardId, card as Y.Map<unknown>) === null) {
        refuse('R9', `Card ${change.cardId} would be left without a valid column, order or text.`);
      }
    }
  }
}
