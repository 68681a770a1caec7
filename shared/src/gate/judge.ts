import * as Y from 'yjs';
import { CARD_FIELD, ROOT, THEME_FIELD, type Actor } from '../layout';
import { linkEndKind } from '../analysis/model';
import { ACTION_PHASES } from '../actions/model';
import { EntityJudge, fieldOf, type EntitySchema, type TimeWindow } from './entities';
import { ACTION_SCHEMA, cardSchema, LINK_SCHEMA, THEME_SCHEMA, whySchema } from './schemas';
import { FactsJudge } from './facts';
import { GARBAGE, PlaceResolver, samePlace, type Place } from './places';
import { StructIndex } from './structIndex';
import { rootValue } from './read';
import { refuse, type DecodedUpdate, type Regrouping } from './verdict';
import { VotesJudge } from './votes';
import { NotesJudge } from './notes';

/** What an allowed update does that the server acts on: regrouping (R44), votes cast and taken back (R49). */
export interface Judgement {
  readonly grouping: Regrouping;
  readonly cast: readonly string[];
  readonly withdrawn: readonly string[];
}

/** What the document being judged is: the shared board, or a private room of drafts (step 6). */
export interface GateScope {
  /** A private room holds draft cards and votes only (R37, R46). */
  readonly privateRoom: boolean;
  /** The board's session has ended; for a private room the board says so, not its own document (R29). */
  readonly boardEnded?: boolean;
  /**
   * When a new card, theme, why or link may say it was made, in server time (R67). The
   * server always passes it; pure tests that leave it out check no clock.
   */
  readonly createdWithin?: TimeWindow;
}

export const BOARD_SCOPE: GateScope = { privateRoom: false };

/** Roots clients write directly, each judged by its own rules. */
const CLIENT_ROOTS: readonly string[] = [ROOT.cards, ROOT.themes, ROOT.facts, ROOT.timeline, ROOT.whys, ROOT.links];

const PLACE_FIELDS: readonly string[] = [CARD_FIELD.column, CARD_FIELD.order];

/** Theme fields for reading and analysis, not regrouping: written any time without a late mark (R44, R53). */
const NOT_GROUPING: readonly (string | null)[] = [THEME_FIELD.collapsed, THEME_FIELD.tag];
const collapseOnly = (keys: readonly (string | null)[]) => keys.length >= 2 && NOT_GROUPING.includes(keys[1] ?? null);

function authorOf(item: Y.Item | undefined): unknown {
  return item?.content instanceof Y.ContentType ? (item.content.type as Y.Map<unknown>).get(CARD_FIELD.authorId) : undefined;
}

/**
 * Judges one decoded update against the room's document on behalf of its writer: walks
 * every new item and every deletion, finds what each touches the way Yjs would integrate
 * it, and hands card changes to the card rules.
 */
export class UpdateJudge {
  private readonly index: StructIndex;
  private readonly resolver: PlaceResolver;
  private readonly cards: EntityJudge;
  private readonly themes: EntityJudge;
  private readonly whys: EntityJudge;
  private readonly links: EntityJudge;
  private readonly actions: EntityJudge;
  private readonly facts: FactsJudge;
  private readonly votes: VotesJudge;
  /** Theme ids the update creates: a card may name them (R43). */
  private readonly newThemes = new Set<string>();
  /**
   * Themes the update makes and deletes again (an offline grouping undone). No card may
   * name one (R43), but a why may: the board keeps the deleted theme, as it keeps any (R55).
   */
  private readonly ghostThemes = new Set<string>();
  /** Theme ids the update writes into or deletes anything of (R44). */
  private readonly touchedThemes = new Set<string>();
  private deletedNow = new Set<Y.Item>();
  private readonly notes: NotesJudge;

  constructor(
    private readonly doc: Y.Doc,
    private readonly update: DecodedUpdate,
    private readonly writer: Actor,
    private readonly scope: GateScope = BOARD_SCOPE,
  ) {
    this.index = new StructIndex(doc, update);
    this.resolver = new PlaceResolver(this.index);
    const isNew = (item: Y.Item) => this.index.isNew(item);
    const isDeleted = (item: Y.Item) => this.isDeleted(item);
    const originOf = (item: Y.Item) => this.index.effectiveOrigin(item);
    const deletedLength = (item: Y.Item) => this.index.deletedLength(item);
    this.notes = new NotesJudge(writer, isDeleted, isNew, deletedLength);
    // A theme the board holds, live or deleted, with its author readable: not a ghost map.
    const themeKnown = (id: string) => {
      const held = this.doc.share.get(ROOT.themes)?._map.get(id);
      return this.newThemes.has(id) || (held !== undefined && typeof fieldOf(held, 'authorId') === 'string');
    };
    const entityJudge = (schema: EntitySchema) => new EntityJudge(schema, writer, isNew, isDeleted, originOf, deletedLength, scope.createdWithin);
    this.cards = entityJudge(cardSchema(themeKnown));
    this.themes = entityJudge(THEME_SCHEMA);
    this.whys = entityJudge(whySchema((id) => themeKnown(id) || this.ghostThemes.has(id)));
    this.links = entityJudge(LINK_SCHEMA);
    this.actions = entityJudge(ACTION_SCHEMA);
    this.votes = new VotesJudge(doc, isDeleted, (item) => this.deletedNow.has(item));
    this.facts = new FactsJudge(
      doc,
      writer,
      (item) => this.index.isNew(item),
      (item) => this.isDeleted(item),
      (item) => this.index.deletedLength(item),
    );
  }

  /** Judges the update; throws a Refusal, or answers what it regroups and the votes it casts. */
  judge(): Judgement {
    this.index.checkContinuity();
    this.index.checkReferences();
    this.index.checkIntegrable();
    const deletions = this.index.effectiveDeletions();
    const ended = this.scope.boardEnded ?? rootValue(this.doc, ROOT.session, 'status') === 'ended';
    if (ended && (deletions.length > 0 || this.index.hasNewStructs())) {
      refuse('R29', 'The session has ended: the board is read-only until a facilitator reopens it.');
    }
    this.deletedNow = new Set(deletions);
    for (const item of this.index.newItems()) this.judgeWrite(item);
    for (const item of deletions) this.judgeDeletion(item);
    const factsNeedTrial = this.facts.finish();
    const cardsNeedTrial = this.cards.finish();
    const themesNeedTrial = this.themes.finish();
    this.notes.finish();
    const analysisNeedsTrial = [this.whys.finish(), this.links.finish(), this.actions.finish()].some(Boolean);
    for (const id of this.links.created()) {
      if (this.links.valuesWritten(id, 'from').some((from) => linkEndKind(from) === 'action')) this.requireActionsOpen();
    }
    const votes = this.votes.finish();
    if (factsNeedTrial || cardsNeedTrial || themesNeedTrial || analysisNeedsTrial) this.judgeByTrial();
    return { grouping: this.grouping(), ...votes };
  }

  private grouping(): Regrouping {
    const cards: string[] = [];
    const board = this.doc.share.get(ROOT.cards)?._map;
    for (const id of this.cards.touched()) {
      const fields = this.cards.fieldsWritten(id);
      // Clearing a theme that is already gone only tidies a card that shows in its column anyway.
      const before = board?.get(id);
      const beforeTheme = before && before.content instanceof Y.ContentType ? fieldOf(before, CARD_FIELD.theme) : undefined;
      const into = this.cards.valuesWritten(id, CARD_FIELD.theme).some((value) => value !== beforeTheme && this.liveAfter(value));
      const versioned = this.cards.hasVersions(id);
      const regrouped =
        fields.includes(CARD_FIELD.themeOrder) ||
        (fields.includes(CARD_FIELD.theme) && (this.inLiveTheme(before) || into)) ||
        (versioned && into);
      const movedOthers = fields.some((field) => PLACE_FIELDS.includes(field)) && authorOf(board?.get(id)) !== this.writer.participantId;
      if (regrouped || movedOthers) cards.push(id);
    }
    return { cards, themes: [...this.touchedThemes] };
  }

  /** Whether a theme id names a theme that is live once the update is applied. */
  private liveAfter(value: unknown): boolean {
    if (typeof value !== 'string' || value === '') return false;
    if (this.newThemes.has(value)) return true;
    const item = this.doc.share.get(ROOT.themes)?._map.get(value);
    return item !== undefined && !item.deleted && !this.deletedNow.has(item);
  }

  /** Whether the board's card shows in a live theme now. */
  private inLiveTheme(card: Y.Item | undefined): boolean {
    const theme = card?.content instanceof Y.ContentType ? (card.content.type as Y.Map<unknown>).get(CARD_FIELD.theme) : undefined;
    const item = typeof theme === 'string' && theme !== '' ? this.doc.share.get(ROOT.themes)?._map.get(theme) : undefined;
    return item !== undefined && !item.deleted;
  }

  private isDeleted(item: Y.Item): boolean {
    return item.content instanceof Y.ContentDeleted || this.index.deletesAllOf(item);
  }

  /**
   * Yjs deletes what arrives inside a deleted type, so such writes change nothing. Only
   * the board's own types count: what an update creates is judged in full even when the
   * same update deletes it, as nothing else may rest on the update being applied whole.
   */
  private isInert(place: Place): boolean {
    const container = place.containers[place.containers.length - 1];
    if (!container || this.index.isNew(container)) return false;
    return container.deleted || this.deletedNow.has(container);
  }

  /** Whether the root is one clients write; refuses the others with the rule that keeps them. */
  private judgeRoot(root: string): void {
    if (root === ROOT.tally || root === ROOT.voteMarks) refuse('R47', 'Vote totals and marks are written by the server only.');
    if (this.scope.privateRoom) {
      if (root === ROOT.cards || root === ROOT.votes) return;
      refuse('R37', 'A private room holds draft cards and votes only.');
    }
    if (root === ROOT.votes) refuse('R46', 'Votes are cast in your private room, never on the board.');
    if (root === ROOT.actions) return this.requireActionsOpen();
    if (root === ROOT.notes) return this.notes.root();
    if (CLIENT_ROOTS.includes(root)) return;
    if (root === ROOT.participants) refuse('R2', 'Participant records are written by the server only.');
    if (root === ROOT.board) refuse('R3', 'The board map is written by the server only.');
    if (root === ROOT.session) refuse('R18', 'The session is changed through commands; only the server writes it.');
    refuse('R1', `Clients may not write the "${root}" part of the board.`);
  }

  /** Participants work on actions in the Actions and Wrap-up phases; facilitators any time (R58). */
  private requireActionsOpen(): void {
    if (this.writer.role === 'facilitator') return;
    const phase = rootValue(this.doc, ROOT.session, 'phase');
    if (!ACTION_PHASES.includes(phase as never)) {
      refuse('R58', `Participants work on actions in the Actions and Wrap-up phases (participant ${this.writer.participantId} tried).`);
    }
  }

  private judgeWrite(item: Y.Item): void {
    const place = this.resolver.of(item);
    if (place === GARBAGE) return;
    if (this.index.startsInDocument(item)) {
      // Yjs appends the unknown rest of such an item to the document's item before it.
      // Continuing a GC struct with a live item makes Y.applyUpdate throw half-way.
      const before = this.index.documentPredecessor(item);
      if (!before || before instanceof Y.GC || !samePlace(this.resolver.inDocument(before), place)) {
        refuse('R10', 'An item continues a different item than the board holds at that clock.');
      }
    }
    if (place.keys[place.keys.length - 1] !== null) {
      // Only the last value of a keyed item counts; Yjs writes several only for deleted ones.
      if (item.length > 1 && !this.isDeleted(item)) refuse('R10', 'A map entry holds more than one live value.');
      // Map entries go right of the current value and have no right neighbour (Y.Map#set and
      // undo write none); one placed left of another could hide which value ends current.
      if (item.rightOrigin !== null) refuse('R10', 'A map entry names a right neighbour.');
    }
    this.judgeRoot(place.root);
    if (place.root === ROOT.votes) return this.votes.written(item, place);
    if (place.root === ROOT.notes) return this.notes.written(item, place);
    const entities = this.entityJudge(place.root);
    if (!entities) return this.facts.written(item, place, this.isInert(place));
    const [id, field, textKey] = place.keys;
    if (typeof id !== 'string') refuse('R10', `The ${place.root} map holds entries by id, not list elements.`);
    if (place.root === ROOT.themes && !collapseOnly(place.keys)) this.touchedThemes.add(id);
    if (place.keys.length === 1) {
      // Only a version that stays may be named by a card; one made and deleted at once is a ghost.
      if (place.root === ROOT.themes) (this.isDeleted(item) ? this.ghostThemes : this.newThemes).add(id);
      return entities.written(item, id, this.doc.share.get(place.root)?._map.get(id));
    }
    if (this.isInert(place)) {
      if (place.keys.length === 2) entities.inertFieldWritten(field ?? null);
      return;
    }
    const entity = place.containers[0] as Y.Item;
    if (place.keys.length === 2) return entities.fieldWritten(item, id, entity, field ?? null);
    if (place.keys.length === 3 && entities.isText(field) && textKey === null) return entities.textWritten(item, entity, place.containers[1] as Y.Item, field);
    entities.refuseNested();
  }

  private entityJudge(root: string): EntityJudge | null {
    switch (root) {
      case ROOT.cards:
        return this.cards;
      case ROOT.themes:
        return this.themes;
      case ROOT.whys:
        return this.whys;
      case ROOT.links:
        return this.links;
      case ROOT.actions:
        return this.actions;
      default:
        return null;
    }
  }

  private judgeDeletion(item: Y.Item): void {
    const place = this.resolver.inDocument(item);
    this.judgeRoot(place.root);
    if (place.root === ROOT.votes) return this.votes.deleted(item, place);
    if (place.root === ROOT.notes) return this.notes.deleted(item, place);
    const entities = this.entityJudge(place.root);
    if (!entities) return this.facts.deleted(item, place);
    const [id, field] = place.keys;
    if (typeof id !== 'string') refuse('R10', `The ${place.root} map holds entries by id, not list elements.`);
    if (place.root === ROOT.themes && !collapseOnly(place.keys)) this.touchedThemes.add(id);
    if (place.keys.length === 1) {
      if (place.root === ROOT.links && linkEndKind(fieldOf(item, 'from')) === 'action') this.requireActionsOpen();
      return entities.deleted(item);
    }
    const entity = place.containers[0] as Y.Item;
    // Deleting an entity deletes its fields and text with it; R8 / R42 judged the entity itself.
    if (entity.deleted || this.deletedNow.has(entity)) return;
    if (place.keys.length > 2) {
      if (place.keys.length === 3 && entities.isText(field)) return entities.textDeleted(item, entity, place.containers[1] as Y.Item, field);
      entities.refuseNested();
    }
    entities.fieldRemoved(item, id, entity, field ?? null);
  }

  private judgeByTrial(): void {
    const trial = new Y.Doc({ gc: this.doc.gc });
    Y.applyUpdate(trial, Y.encodeStateAsUpdate(this.doc));
    Y.applyUpdate(trial, this.update.bytes);
    this.cards.judgeTrial(trial.getMap<unknown>(ROOT.cards));
    this.themes.judgeTrial(trial.getMap<unknown>(ROOT.themes));
    this.whys.judgeTrial(trial.getMap<unknown>(ROOT.whys));
    this.links.judgeTrial(trial.getMap<unknown>(ROOT.links));
    this.actions.judgeTrial(trial.getMap<unknown>(ROOT.actions));
    this.facts.judgeTrial(trial);
  }
}
