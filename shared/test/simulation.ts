import fc from 'fast-check';
import * as Y from 'yjs';
import {
  addCard,
  COLUMN_IDS,
  createUndoManager,
  deleteCard,
  deleteEmptyThemes,
  dissolveTheme,
  editCardText,
  groupCards,
  mergeThemes,
  moveCard,
  moveCardToTheme,
  moveTheme,
  selectLayout,
  setThemeTitle,
  selectCards,
  selectColumns,
  setCardText,
  type Actor,
  type ColumnId,
  type Entropy,
} from '../src/index';

/** A small deterministic generator, so a failing case replays exactly. */
export function seededRandom(seed: number): () => number {
  let state = (seed >>> 0) ^ 0x9e3779b9 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

export type Command =
  | { kind: 'add'; replica: number; column: ColumnId; index: number; text: string }
  | { kind: 'edit'; replica: number; card: number; index: number; deleteCount: number; insert: string }
  | { kind: 'set'; replica: number; card: number; text: string }
  | { kind: 'move'; replica: number; card: number; column: ColumnId; index: number }
  | { kind: 'delete'; replica: number; card: number }
  | { kind: 'group'; replica: number; card: number; onto: number }
  | { kind: 'intoTheme'; replica: number; card: number; theme: number; index: number }
  | { kind: 'moveTheme'; replica: number; theme: number; index: number }
  | { kind: 'merge'; replica: number; theme: number; into: number }
  | { kind: 'dissolve'; replica: number; theme: number }
  | { kind: 'retitle'; replica: number; theme: number; text: string }
  | { kind: 'deleteEmpty'; replica: number }
  | { kind: 'undo' | 'redo'; replica: number };

const replica = fc.nat({ max: 4 });
/** Mostly a card this replica can see; sometimes any card ever made, which it may not have. */
const card = fc.oneof({ arbitrary: fc.nat({ max: 7 }), weight: 4 }, { arbitrary: fc.integer({ min: -8, max: -1 }), weight: 1 });
const column = fc.constantFrom(...COLUMN_IDS);
// Small indexes, so inserts and moves often land on the same spot on several replicas.
const index = fc.nat({ max: 3 });
const text = fc.string({ maxLength: 6 });

/** Undo and redo, which only the star scenario (a client's local undo stack) uses. */
export const undoArb: fc.Arbitrary<Command> = fc.record({ kind: fc.constantFrom('undo' as const, 'redo' as const), replica });

export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('add' as const), replica, column, index, text }), weight: 3 },
  {
    arbitrary: fc.record({ kind: fc.constant('edit' as const), replica, card, index: fc.nat({ max: 8 }), deleteCount: fc.nat({ max: 3 }), insert: text }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('set' as const), replica, card, text }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('move' as const), replica, card, column, index }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), replica, card }), weight: 1 },
);

const theme = fc.nat({ max: 5 });

/** Theme commands (step 7): groupings, moves into and within themes, merges, dissolves and renames. */
export const themeCommandArb: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('group' as const), replica, card, onto: card }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('intoTheme' as const), replica, card, theme, index }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('moveTheme' as const), replica, theme, index }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('merge' as const), replica, theme, into: theme }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('dissolve' as const), replica, theme }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('retitle' as const), replica, theme, text }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('deleteEmpty' as const), replica }), weight: 1 },
);

/** Card and theme commands together. */
export const boardCommandArb: fc.Arbitrary<Command> = fc.oneof({ arbitrary: commandArb, weight: 3 }, { arbitrary: themeCommandArb, weight: 2 });

/** Replica 0 facilitates; the others are participants. */
export function actorFor(replicaIndex: number): Actor {
  return { participantId: `p-${replicaIndex}`, role: replicaIndex === 0 ? 'facilitator' : 'participant' };
}

/** What the scenario has done, to check the outcome against. */
export class History {
  readonly created = new Map<string, { authorId: string; text: string }>();
  readonly deleted = new Set<string>();
  readonly columnsSet = new Map<string, Set<ColumnId>>();
  readonly edited = new Set<string>();
  readonly ids: string[] = [];
  /** Whether an undo or redo changed something: then deletions no longer tell what survives. */
  undone = false;
  /** Replicas that changed (edited or moved) each card, and the replica that deleted it. */
  readonly changedBy = new Map<string, Set<number>>();
  readonly movedBy = new Map<string, Set<number>>();
  readonly deletedBy = new Map<string, number>();
  /** Replicas that inserted between the same two neighbours, keyed by column and neighbour keys. */
  readonly insertSpots = new Map<string, Set<number>>();
  /** Replicas that put each card into a theme, merged or dissolved its theme. */
  readonly regroupedBy = new Map<string, Set<number>>();
  /** Replicas that retitled each theme, and those that merged it away. */
  readonly retitledBy = new Map<string, Set<number>>();
  readonly mergedBy = new Map<string, Set<number>>();

  noteRegroup(map: Map<string, Set<number>>, id: string, replica: number): void {
    const set = map.get(id) ?? new Set<number>();
    set.add(replica);
    map.set(id, set);
  }

  noteInsert(doc: Y.Doc, cardId: string, column: ColumnId, replica: number): void {
    const cards = selectColumns(doc)[column];
    const at = cards.findIndex((card) => card.id === cardId);
    const spot = `${column}|${cards[at - 1]?.order ?? ''}|${cards[at + 1]?.order ?? ''}`;
    const replicas = this.insertSpots.get(spot) ?? new Set<number>();
    replicas.add(replica);
    this.insertSpots.set(spot, replicas);
  }

  noteChange(cardId: string, replica: number, moved: boolean): void {
    for (const map of moved ? [this.changedBy, this.movedBy] : [this.changedBy]) {
      const set = map.get(cardId) ?? new Set<number>();
      set.add(replica);
      map.set(cardId, set);
    }
  }

  /** Whether some card was moved by two replicas, and some card changed by one while another deleted it. */
  conflicts(): {
    concurrentMoves: boolean;
    changesOfDeleted: boolean;
    sameSpotInserts: boolean;
    concurrentGroupings: boolean;
    renamedWhileMerged: boolean;
  } {
    return {
      sameSpotInserts: [...this.insertSpots.values()].some((replicas) => replicas.size > 1),
      concurrentGroupings: [...this.regroupedBy.values()].some((replicas) => replicas.size > 1),
      renamedWhileMerged: [...this.retitledBy].some(([id, renamers]) =>
        [...(this.mergedBy.get(id) ?? [])].some((merger) => !renamers.has(merger) || renamers.size > 1),
      ),
      concurrentMoves: [...this.movedBy.values()].some((movers) => movers.size > 1),
      changesOfDeleted: [...this.deletedBy].some(([id, deleter]) =>
        [...(this.changedBy.get(id) ?? [])].some((replica) => replica !== deleter),
      ),
    };
  }
}

export class Replica {
  readonly doc = new Y.Doc();
  readonly actor: Actor;
  /** Tracks this replica's own commands only, as the app's undo will (remote changes never enter). */
  readonly undoManager: Y.UndoManager;
  private readonly entropy: Entropy;

  constructor(
    readonly index: number,
    seed: number,
    initialState: Uint8Array,
  ) {
    this.actor = actorFor(index);
    Y.applyUpdate(this.doc, initialState);
    this.undoManager = createUndoManager(this.doc);
    let next = 0;
    this.entropy = { random: seededRandom(seed * 31 + index), newId: () => `c-${index}-${next++}` };
  }

  /** A pick of zero or more names a visible card; a negative pick names any card ever made. */
  private pickCard(pick: number, history: History): string | undefined {
    const visible = selectCards(this.doc);
    if (pick >= 0 && visible.length > 0) return visible[pick % visible.length]?.id;
    return history.ids.length > 0 ? history.ids[-pick % history.ids.length] : undefined;
  }

  /** A visible theme, by pick. */
  private pickTheme(pick: number): string | undefined {
    const themes = selectLayout(this.doc).themes;
    return themes.length > 0 ? themes[pick % themes.length]?.id : undefined;
  }

  private themeCards(themeId: string): readonly string[] {
    return selectLayout(this.doc).themes.find((theme) => theme.id === themeId)?.cards.map((card) => card.id) ?? [];
  }

  /** Theme commands; answers false for a command that is not one. */
  private applyTheme(command: Command, history: History): boolean {
    const regrouped = (ids: readonly string[]) => {
      for (const id of ids) {
        history.noteRegroup(history.regroupedBy, id, this.index);
        history.noteChange(id, this.index, true);
      }
    };
    switch (command.kind) {
      case 'group': {
        const cardId = this.pickCard(command.card, history);
        const onto = this.pickCard(command.onto, history);
        if (cardId && onto && groupCards(this.doc, this.actor, cardId, onto, this.entropy).ok) regrouped([cardId, onto]);
        return true;
      }
      case 'intoTheme': {
        const cardId = this.pickCard(command.card, history);
        const themeId = this.pickTheme(command.theme);
        if (cardId && themeId && moveCardToTheme(this.doc, this.actor, cardId, themeId, command.index, this.entropy).ok) regrouped([cardId]);
        return true;
      }
      case 'moveTheme': {
        const themeId = this.pickTheme(command.theme);
        if (themeId) moveTheme(this.doc, this.actor, themeId, command.index, this.entropy);
        return true;
      }
      case 'merge': {
        const source = this.pickTheme(command.theme);
        const target = this.pickTheme(command.into);
        const cards = source ? this.themeCards(source) : [];
        if (source && target && mergeThemes(this.doc, this.actor, source, target, this.entropy).ok) {
          regrouped(cards);
          history.noteRegroup(history.mergedBy, source, this.index);
        }
        return true;
      }
      case 'dissolve': {
        const themeId = this.pickTheme(command.theme);
        const cards = themeId ? this.themeCards(themeId) : [];
        if (themeId && dissolveTheme(this.doc, this.actor, themeId).ok) regrouped(cards);
        return true;
      }
      case 'retitle': {
        const themeId = this.pickTheme(command.theme);
        if (themeId && setThemeTitle(this.doc, this.actor, themeId, command.text).ok) history.noteRegroup(history.retitledBy, themeId, this.index);
        return true;
      }
      case 'deleteEmpty':
        deleteEmptyThemes(this.doc, this.actor, selectLayout(this.doc).emptyThemes.map((empty) => empty.id));
        return true;
      default:
        return false;
    }
  }

  /** Runs the command through the model, recording what succeeded; each is its own undo step. */
  run(command: Command, history: History): void {
    this.apply(command, history);
    this.undoManager.stopCapturing();
  }

  private apply(command: Command, history: History): void {
    if (this.applyTheme(command, history)) return;
    const cardId = 'card' in command ? this.pickCard(command.card, history) : undefined;
    switch (command.kind) {
      case 'add': {
        const result = addCard(this.doc, this.actor, { column: command.column, index: command.index, text: command.text }, this.entropy);
        if (result.ok) {
          history.ids.push(result.value.cardId);
          history.created.set(result.value.cardId, { authorId: this.actor.participantId, text: command.text });
          history.columnsSet.set(result.value.cardId, new Set([command.column]));
          history.noteInsert(this.doc, result.value.cardId, command.column, this.index);
        }
        return;
      }
      case 'edit':
        if (cardId && editCardText(this.doc, this.actor, cardId, command).ok) {
          history.edited.add(cardId);
          history.noteChange(cardId, this.index, false);
        }
        return;
      case 'set':
        if (cardId && setCardText(this.doc, this.actor, cardId, command.text).ok) {
          history.edited.add(cardId);
          history.noteChange(cardId, this.index, false);
        }
        return;
      case 'move':
        if (cardId && moveCard(this.doc, this.actor, cardId, command, this.entropy).ok) {
          history.columnsSet.get(cardId)?.add(command.column);
          history.noteChange(cardId, this.index, true);
        }
        return;
      case 'delete':
        if (cardId && deleteCard(this.doc, this.actor, cardId).ok) {
          history.deleted.add(cardId);
          history.deletedBy.set(cardId, this.index);
        }
        return;
      case 'undo':
        history.undone ||= this.undoManager.undo() !== null;
        return;
      case 'redo':
        history.undone ||= this.undoManager.redo() !== null;
        return;
      default:
        return;
    }
  }
}

/** Where each card shows, as plain ids and titles: what must be identical on every replica (R45). */
export function layoutView(doc: Y.Doc): { columns: Record<string, string[]>; themes: { id: string; title: string; cards: string[] }[] } {
  const layout = selectLayout(doc);
  return {
    columns: Object.fromEntries(COLUMN_IDS.map((id) => [id, layout.columns[id].map((card) => card.id)])),
    themes: layout.themes.map((theme) => ({ id: theme.id, title: theme.title, cards: theme.cards.map((card) => card.id) })),
  };
}

/** Every card id the layout shows, columns and themes together. */
export function shownCardIds(doc: Y.Doc): string[] {
  const view = layoutView(doc);
  return [...Object.values(view.columns).flat(), ...view.themes.flatMap((theme) => theme.cards)];
}
