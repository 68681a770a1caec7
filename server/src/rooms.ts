import {
  CARD_PHASE,
  CLOSE,
  COLUMN_IDS,
  cardsMap,
  clearDrafts,
  countDrafts,
  draftRoomName,
  ensureFactsSummary,
  isDrafting,
  isRemoved,
  markLate,
  parseRoomName,
  revealDrafts,
  sameDraft,
  selectCard,
  selectCards,
  selectSession,
  setDraftCounts,
  type CardSnapshot,
  type DraftCounts,
  type PhaseId,
} from '@hindsight/shared';
import * as Y from 'yjs';
import { BoardDamagedError, BoardUnavailableError, isStorageCorrupt } from './errors';

/** After storage refused a board's write, its clients are turned away this long before it reloads: no reload per retry. */
const STORAGE_COOLDOWN_MS = 5000;
import type { BoardHistory } from './history';
import { Room, type RoomTimings } from './room';
import type { BoardStore } from './store';
import { VoteCounter } from './votes';

/** What the board shows of someone with no drafts, or whose drafts are not counted (removed). */
export const NO_DRAFTS = Object.fromEntries(COLUMN_IDS.map((id) => [id, 0])) as DraftCounts;

/** Loaded rooms by board id; a board is loaded once, fully, before anyone is answered. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<Room | null>>();
  private readonly closing = new Map<string, Promise<void>>();
  /** Boards whose storage just refused a write: until when they are not loaded again. */
  private readonly coolingUntil = new Map<string, number>();
  /** Rooms whose load finished, to forget a closing one synchronously. */
  private readonly loaded = new Map<string, Room>();
  /** Counts dots from the private rooms into their boards (R48, R50). */
  readonly votes = new VoteCounter({ getOpen: (name) => this.getOpen(name), loadedBoard: (id) => this.loadedBoard(id) });

  constructor(
    private readonly store: BoardStore,
    private readonly timings: RoomTimings,
    /** Keeps versions of boards as they change and unload (R68). */
    private readonly history: BoardHistory | null = null,
  ) {}

  /** The loaded room; a room still closing is waited for, so one board never has two rooms. */
  get(boardId: string): Promise<Room | null> {
    const coolingUntil = this.coolingUntil.get(boardId) ?? 0;
    if (coolingUntil > Date.now()) return Promise.reject(new BoardUnavailableError(boardId));
    this.coolingUntil.delete(boardId);
    let room = this.rooms.get(boardId);
    if (!room) {
      const previous = this.closing.get(boardId)?.catch(() => undefined) ?? Promise.resolve();
      room = previous.then(() => this.load(boardId));
      this.rooms.set(boardId, room);
      // A failed or missing load is not cached, so a later request tries again.
      room.then(
        (loaded) => loaded ?? this.forget(boardId, room),
        () => this.forget(boardId, room),
      );
    }
    return room;
  }

  /** Like get, but never a room that has begun closing: that one is waited out and reloaded. */
  async getOpen(boardId: string): Promise<Room | null> {
    const room = await this.get(boardId);
    return room?.isClosing ? this.get(boardId) : room;
  }

  /** The board's room if it is loaded and not closing; never loads one. */
  loadedBoard(boardId: string): Room | null {
    const room = this.loaded.get(boardId);
    return room && !room.isClosing ? room : null;
  }

  private forget(boardId: string, room: Promise<Room | null> | undefined): void {
    if (this.rooms.get(boardId) === room) this.rooms.delete(boardId);
  }

  async closeAll(): Promise<void> {
    const rooms = await Promise.all(this.rooms.values());
    await Promise.all(rooms.map((room) => (room ? room.close() : Promise.resolve())));
    await this.history?.settled();
  }

  private async load(boardId: string): Promise<Room | null> {
    const { boardId: board, owner } = parseRoomName(boardId);
    if (!(await this.store.getBoard(board))) return null;
    const afterCommit =
      owner === null
        ? (committed: Room) => {
            this.votes.boardChanged(committed);
            this.history?.committed(committed);
          }
        : (drafts: Room) => {
            this.publishDraftCounts(board, owner, drafts);
            this.votes.noteBallot(board, owner, drafts);
          };
    const room = new Room(boardId, this.store, await this.store.clientOwners(boardId), this.timings, (closedRoom, closed) => {
      // A private room reads who speaks and whether the session ended from its board: when
      // the board closes, its private rooms close too, and their clients reconnect to fresh ones.
      if (owner === null) {
        this.history?.closing(closedRoom);
        for (const drafts of this.loadedDraftRooms(boardId)) void drafts.close(CLOSE.goingAway);
        this.votes.forget(boardId);
      }
      if (closedRoom.storageFailed) this.coolingUntil.set(boardId, Date.now() + STORAGE_COOLDOWN_MS);
      if (this.loaded.get(boardId) === closedRoom) {
        this.loaded.delete(boardId);
        this.rooms.delete(boardId);
      }
      this.closing.set(boardId, closed);
      const forgetClosing = (): void => {
        if (this.closing.get(boardId) === closed) this.closing.delete(boardId);
      };
      closed.then(forgetClosing, forgetClosing);
    }, afterCommit);
    let stored: Uint8Array[];
    try {
      stored = await this.store.loadUpdates(boardId);
    } catch (error) {
      room.discard();
      if (isStorageCorrupt(error)) throw new BoardDamagedError(boardId, error instanceof Error ? error.message : String(error));
      throw error;
    }
    this.applyStored(room, stored);
    room.measure();
    this.loaded.set(boardId, room);
    if (owner === null) await room.serverWrite(ensureFactsSummary);
    else this.votes.noteBallot(board, owner, room);
    room.unloadWhenIdle();
    return room;
  }

  /**
   * Loads what storage holds into a new room. Anything that does not decode, or that leaves
   * parts waiting for items nobody stored, marks the board damaged: loading the rest would
   * show a board with holes, and its next compaction would make the holes permanent.
   */
  private applyStored(room: Room, updates: readonly Uint8Array[]): void {
    try {
      // Merging decodes every update whole before anything reaches the room's document.
      if (updates.length > 0) Y.applyUpdate(room.doc, Y.mergeUpdates([...updates]));
    } catch (error) {
      room.discard();
      throw new BoardDamagedError(room.boardId, error instanceof Error ? error.message : String(error));
    }
    if (room.doc.store.pendingStructs || room.doc.store.pendingDs) {
      room.discard();
      throw new BoardDamagedError(room.boardId, 'updates depend on changes that were never stored');
    }
  }

  /**
   * The board learns how many drafts a private room holds per column, never what they say
   * (R38). Drafts that reach a room after its owner's drafts were revealed (written offline,
   * sent late) are revealed at once, marked late outside Reflect; so are drafts whose card the
   * board already holds, left over from a reveal that was cut off.
   */
  private publishDraftCounts(boardId: string, owner: string, drafts: Room): void {
    this.getOpen(boardId)
      .then(async (board) => {
        if (!board) return;
        // A removed participant's drafts stay private and uncounted (R39), whatever wrote to their room.
        if (isRemoved(board.doc, owner)) return void (await board.serverWrite((doc) => setDraftCounts(doc, owner, NO_DRAFTS)));
        const session = selectSession(board.doc);
        const ids = [...cardsMap(drafts.doc).keys()];
        const leftOver = ids.some((id) => cardsMap(board.doc)._map.has(id));
        if (ids.length > 0 && (leftOver || !isDrafting(session, owner))) {
          const late = session.phase === CARD_PHASE || session.phase === 'prepare' ? null : session.phase;
          await this.revealDrafts(board, [owner], late);
        } else {
          await board.serverWrite((doc) => setDraftCounts(doc, owner, countDrafts(drafts.doc)));
        }
      })
      .catch((error: unknown) => console.error(`Board ${boardId}: publishing draft counts failed`, error));
  }

  /**
   * Moves the drafts of `owners` onto the board (R39): one server transaction on the board,
   * committed first; then each private room drops the drafts that are still as they were
   * moved. A draft edited in between stays, and the next round brings the board's card up
   * to date, so an edit made during a reveal is never lost.
   */
  async revealDrafts(board: Room, owners: readonly string[], markLateIn: PhaseId | null = null): Promise<number> {
    let revealed = 0;
    const touched = new Map<string, Room>();
    for (let round = 0; round < 3; round++) {
      const drafts: { owner: string; room: Room; cards: CardSnapshot[] }[] = [];
      for (const owner of owners) {
        const room = await this.getOpen(draftRoomName(board.boardId, owner)).catch((error: unknown) => {
          // One participant's damaged room must not keep everyone's drafts from the board.
          if (!(error instanceof BoardDamagedError)) throw error;
          console.error(`${error.message} Its drafts are not revealed.`);
          return null;
        });
        const cards = room ? [...selectCards(room.doc)] : [];
        if (room && cards.length > 0) drafts.push({ owner, room, cards });
      }
      if (drafts.length === 0) break;
      await board.serverWrite((doc) => {
        const created = revealDrafts(doc, drafts);
        revealed += created.length;
        if (markLateIn) markLate(doc, created, markLateIn);
      });
      await Promise.all(
        drafts.map(({ owner, room, cards }) => {
          touched.set(owner, room);
          return room.serverWrite((doc) => {
            const unchanged = cards.filter((card) => sameDraft(selectCard(doc, card.id), card));
            clearDrafts(doc, unchanged.map((card) => card.id));
          });
        }),
      );
    }
    await board.serverWrite((doc) => {
      for (const [owner, room] of touched) setDraftCounts(doc, owner, countDrafts(room.doc));
    });
    return revealed;
  }

  /** Every loaded private room of a board, for reveals and deletion. */
  loadedDraftRooms(boardId: string): Room[] {
    return [...this.loaded.values()].filter((room) => parseRoomName(room.boardId).boardId === boardId && room.boardId !== boardId);
  }
}
