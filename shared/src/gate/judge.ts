import * as Y from 'yjs';
import { isColumnId } from '../columns';
import {
  CARD_FIELD,
  CARD_FIELDS,
  IMMUTABLE_CARD_FIELDS,
  isCardField,
  ROOT,
  type Actor,
  type CardField,
} from '../layout';
import { isValidOrderKey } from '../order';
import { mayChangeCardContent } from '../policy';
import type { RuleId } from '../rules';
import { readCard } from '../selectors';
import { GARBAGE, PlaceResolver, samePlace, type Place } from './places';
import { StructIndex } from './structIndex';
import { refuse, type DecodedUpdate } from './verdict';

/** What one update does to one card. */
interface CardChange {
  readonly cardId: string;
  /** The card's map item, when this update creates the card. */
  created: Y.Item | null;
  creations: number;
  /** New items per field: several when a field was set again before the update was sent. */
  readonly writes: Map<CardField, Y.Item[]>;
  /** Fields whose current value the update deletes. */
  readonly removals: Map<CardField, Y.Item>;
  /** Whether only applying the update can tell if the card keeps a valid value in every field. */
  needsTrial: boolean;
}

const REPLACEABLE_FIELDS: readonly CardField[] = [CARD_FIELD.column, CARD_FIELD.order, CARD_FIELD.text];

function mapValue(item: Y.Item): unknown {
  const content = item.content;
  return content instanceof Y.ContentAny && content.arr.length === 1 ? content.arr[0] : undefined;
}

function isValidFieldValue(field: CardField, item: Y.Item): boolean {
  if (field === CARD_FIELD.text) {
    return item.content instanceof Y.ContentType && item.content.type instanceof Y.Text;
  }
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

function authorOf(card: Y.Item): unknown {
  const type = card.content instanceof Y.ContentType ? card.content.type : null;
  return type instanceof Y.Map ? type.get(CARD_FIELD.authorId) : undefined;
}

function within(id: Y.ID | null, item: Y.Item): boolean {
  return id !== null && id.client === item.id.client && id.clock >= item.id.clock && id.clock < item.id.clock + item.length;
}

/** Judges one decoded update against the room's document on behalf of its writer. */
export class UpdateJudge {
  private readonly index: StructIndex;
  private readonly resolver: PlaceResolver;
  private readonly cards = new Map<string, CardChange>();
  private deletedNow = new Set<Y.Item>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly update: DecodedUpdate,
    private readonly writer: Actor,
  ) {
    this.index = new StructIndex(doc, update);
    this.resolver = new PlaceResolver(this.index);
  }

  judge(): void {
    this.index.checkContinuity();
    const deletions = this.index.effectiveDeletions();
    this.deletedNow = new Set(deletions);
    for (const item of this.index.newItems()) this.judgeWrite(item);
    for (const item of deletions) this.judgeDeletion(item);
    for (const change of this.cards.values()) this.judgeCard(change);
    if ([...this.cards.values()].some((change) => change.needsTrial)) this.judgeByTrial();
  }

  private change(cardId: string): CardChange {
    let change = this.cards.get(cardId);
    if (!change) {
      change = { cardId, created: null, creations: 0, writes: new Map(), removals: new Map(), needsTrial: false };
      this.cards.set(cardId, change);
    }
    return change;
  }

  private isDeleted(item: Y.Item): boolean {
    return item.content instanceof Y.ContentDeleted || this.index.deletesAnyOf(item);
  }

  /** Yjs deletes what arrives inside a deleted type, so such writes change nothing. */
  private isInert(place: Place): boolean {
    const container = place.containers[place.containers.length - 1];
    if (!container) return false;
    if (this.index.isNew(container)) return this.isDeleted(container);
    return container.deleted || this.deletedNow.has(container);
  }

  private requireAuthor(card: Y.Item, rule: RuleId, action: string): void {
    const authorId = authorOf(card);
    if (typeof authorId !== 'string' || !mayChangeCardContent(this.writer, authorId)) {
      refuse(rule, `Only the card's author or a facilitator may ${action} (participant ${this.writer.participantId} tried).`);
    }
  }

  private judgeRoot(root: string): void {
    if (root === ROOT.cards) return;
    if (root === ROOT.participants) refuse('R2', 'Participant records are written by the server only.');
    if (root === ROOT.board) refuse('R3', 'The board map is written by the server only.');
    refuse('R1', `Clients may not write the "${root}" part of the board.`);
  }

  private judgeWrite(item: Y.Item): void {
    const place = this.resolver.of(item);
    if (place === GARBAGE) return;
    if (this.index.startsInDocument(item)) {
      // Yjs appends the unknown rest of such an item to the document's item before it.
      const before = this.index.documentPredecessor(item);
      if (before instanceof Y.GC) return;
      if (!before || !samePlace(this.resolver.inDocument(before), place)) {
        refuse('R10', 'An item continues a different item than the board holds at that clock.');
      }
    }
    this.judgeRoot(place.root);
    const [cardId, field, textKey] = place.keys;
    if (typeof cardId !== 'string') refuse('R10', 'The cards map holds cards by id, not list elements.');
    if (place.keys.length === 1) return this.cardWritten(item, cardId);
    if (this.isInert(place)) return;
    const card = place.containers[0] as Y.Item;
    if (place.keys.length === 2) return this.fieldWritten(item, this.change(cardId), card, field ?? null);
    if (place.keys.length === 3 && field === CARD_FIELD.text && textKey === null) return this.textWritten(item, card);
    refuse('R4', 'A card holds nothing nested but the characters of its text.');
  }

  private cardWritten(item: Y.Item, cardId: string): void {
    if (this.doc.share.get(ROOT.cards)?._map.has(cardId)) refuse('R6', `Card id ${cardId} is already taken.`);
    const change = this.change(cardId);
    if (++change.creations > 1) refuse('R6', `The update creates card ${cardId} twice.`);
    // A card made and deleted before it was sent takes a fresh id and shows nothing.
    if (this.isDeleted(item)) return;
    if (!(item.content instanceof Y.ContentType && item.content.type instanceof Y.Map)) {
      refuse('R4', `Card ${cardId} must be a map of fields.`);
    }
    change.created = item;
  }

  private fieldWritten(item: Y.Item, change: CardChange, card: Y.Item, field: string | null): void {
    if (field === null || !isCardField(field)) refuse('R4', `Cards have no field "${String(field)}".`);
    if (!this.index.isNew(card)) {
      if (IMMUTABLE_CARD_FIELDS.includes(field)) refuse('R6', `A card's ${field} never changes.`);
      if (field === CARD_FIELD.text) this.requireAuthor(card, 'R7', 'replace its text');
    }
    const items = change.writes.get(field);
    if (items) items.push(item);
    else change.writes.set(field, [item]);
  }

  private textWritten(item: Y.Item, card: Y.Item): void {
    if (!(item.content instanceof Y.ContentString || item.content instanceof Y.ContentDeleted)) {
      refuse('R4', 'Card text holds plain text only.');
    }
    if (!this.index.isNew(card)) this.requireAuthor(card, 'R7', 'edit its text');
  }

  private judgeDeletion(item: Y.Item): void {
    const place = this.resolver.inDocument(item);
    this.judgeRoot(place.root);
    const [cardId, field] = place.keys;
    if (typeof cardId !== 'string') refuse('R10', 'The cards map holds cards by id, not list elements.');
    if (place.keys.length === 1) return this.requireAuthor(item, 'R8', 'delete it');
    const card = place.containers[0] as Y.Item;
    // Deleting a card deletes its fields and text with it; R8 judged the card itself.
    if (card.deleted || this.deletedNow.has(card)) return;
    if (place.keys.length > 2) return this.requireAuthor(card, 'R7', 'edit its text');
    if (typeof field !== 'string' || !isCardField(field)) refuse('R4', `Cards have no field "${String(field)}".`);
    if (IMMUTABLE_CARD_FIELDS.includes(field)) refuse('R6', `A card's ${field} is never removed.`);
    if (field === CARD_FIELD.text) this.requireAuthor(card, 'R7', 'replace its text');
    this.change(cardId).removals.set(field, item);
  }

  private judgeCard(change: CardChange): void {
    if (change.created) {
      for (const field of CARD_FIELDS) {
        const items = change.writes.get(field) ?? [];
        if (items.length === 0) refuse('R4', `New card ${change.cardId} has no ${field}.`);
        if (!REPLACEABLE_FIELDS.includes(field) || field === CARD_FIELD.text) {
          const [item] = items;
          if (items.length > 1 || !item || this.isDeleted(item) || !isValidFieldValue(field, item)) {
            refuse('R4', `New card ${change.cardId} needs exactly one valid ${field}.`);
          }
        }
      }
      const id = mapValue(change.writes.get(CARD_FIELD.id)?.[0] as Y.Item);
      if (id !== change.cardId) refuse('R4', `Card ${change.cardId} carries a different id.`);
      const authorId = mapValue(change.writes.get(CARD_FIELD.authorId)?.[0] as Y.Item);
      if (authorId !== this.writer.participantId) {
        refuse('R5', `A new card's author must be its writer (${this.writer.participantId}), not ${String(authorId)}.`);
      }
    }
    for (const field of REPLACEABLE_FIELDS) this.judgeReplacement(change, field);
  }

  /**
   * The value a field ends with is the rightmost of its items. Among an update's items the
   * rightmost is one no other new item names as origin (Yjs places an item right of its
   * origin), so such leaves must be valid. A deleted leaf, or a removed value that no new
   * item follows, can be an honest set that lost to a concurrent one, or an attempt to
   * empty the field: only the order Yjs gives the items tells, so a trial decides.
   */
  private judgeReplacement(change: CardChange, field: CardField): void {
    const rule: RuleId = field === CARD_FIELD.text ? 'R4' : 'R9';
    const items = change.writes.get(field) ?? [];
    for (const item of items) {
      const isLeaf = !items.some((other) => other !== item && within(other.origin, item));
      if (this.isDeleted(item)) {
        if (isLeaf) change.needsTrial = true;
      } else if (!isValidFieldValue(field, item)) {
        refuse(rule, `Card ${change.cardId} would get an invalid ${field}.`);
      }
    }
    const removed = change.removals.get(field);
    if (removed && !items.some((item) => within(item.origin, removed))) change.needsTrial = true;
  }

  private judgeByTrial(): void {
    const trial = new Y.Doc({ gc: this.doc.gc });
    Y.applyUpdate(trial, Y.encodeStateAsUpdate(this.doc));
    Y.applyUpdate(trial, this.update.bytes);
    const cards = trial.getMap<unknown>(ROOT.cards);
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
