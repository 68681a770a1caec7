import {
  CARD_PHASE,
  CLOSE,
  markLate,
  markLateGrouping,
  markLateVotes,
  parseRoomName,
  ROOT,
  selectSession,
  type CloseCode,
  type DecodedUpdate,
  type PhaseId,
  type Regrouping,
  type VoteChanges,
  liveVoteItems,
} from '@hindsight/shared';
import * as Y from 'yjs';
import type { Connection } from './connection';
import { RoomPresence } from './presence';
import { syncMessage, SYNC } from './protocol';
import { CommitLog, type Pending } from './commitLog';
import { BoardUnavailableError } from './errors';
import type { BoardStore } from './store';

/** The owner recorded for the server's own Yjs client ids (R17); no participant id has a `~`. */
export const SERVER_WRITER = '~server';

export interface RoomTimings {
  /** A room is unloaded this long after its last client leaves. */
  readonly unloadAfterMs: number;
  /** The update log is folded into one snapshot after this many updates, or this much activity. */
  readonly compactEveryUpdates: number;
  readonly compactEveryMs: number;
  /** The most a board's document may hold, in encoded bytes; an update past it is refused (R66). */
  readonly maxDocumentBytes?: number;
}

/** What the server marks in the same commit as an update it accepted late (R44, R49). */
export interface LateMarks {
  /** Regrouping by a participant outside the Group phase. */
  readonly grouping?: Regrouping | null;
  /** Votes cast or taken back outside the Vote phase, with the board's phase then (R49). */
  readonly votes?: (VoteChanges & { readonly phase: PhaseId }) | null;
}

/**
 * A loaded board with its clients. Incoming updates are judged and applied as they come;
 * once per event-loop turn the room commits them in one transaction and only then relays
 * one merged update, the same bytes to every socket. Nothing uncommitted leaves the room.
 */
export class Room {
  /** Deleted content is kept (gc off) so the rule gate can check restores of deleted cards. */
  readonly doc = new Y.Doc({ gc: false });
  readonly presence: RoomPresence;
  private readonly connections = new Set<Connection>();
  /** A participant's private room (step 6): no session of its own, so nothing in it is marked late but votes. */
  private readonly isPrivate: boolean;
  private readonly log: CommitLog;
  private fullState: Uint8Array | null = null;
  /** The document's encoded size: measured on load and compaction, grown by each update applied since (R66). */
  private sizeBytes = 0;
  private unloadTimer: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;
  /** Whether the binding of this document's client id to the server is on its way to storage. */
  private serverIdBound = false;

  constructor(
    readonly boardId: string,
    private readonly store: BoardStore,
    private readonly owners: Map<number, string>,
    private readonly timings: RoomTimings,
    /** Called as closing starts, so the registry loads a fresh room only after this one is done. */
    private readonly unload: (room: Room, closed: Promise<void>) => void,
    /** Called after each commit: a private room publishes its draft counts to its board (R38), votes are recounted (R48). */
    private readonly afterCommit: ((room: Room) => void) | null = null,
  ) {
    this.isPrivate = parseRoomName(boardId).owner !== null;
    // The server writes under this document's client id: no participant may claim it (R17).
    this.owners.set(this.doc.clientID, SERVER_WRITER);
    this.presence = new RoomPresence(this.doc, owners, (message) => {
      for (const connection of this.connections) connection.send(message);
    });
    this.doc.on('update', () => {
      this.fullState = null;
    });
    this.log = new CommitLog(boardId, store, timings, {
      stored: (batch) => this.relay(batch),
      settled: () => this.afterCommit?.(this),
      failed: (unavailable) => void this.close(unavailable ? CLOSE.storageUnavailable : CLOSE.serverError),
      encode: () => {
        const state = Y.encodeStateAsUpdate(this.doc);
        this.sizeBytes = state.length;
        return state;
      },
    });
  }

  /** The document may hold what storage refused or never got: nothing is kept from it, nor written from it. */
  get holdsUnstored(): boolean {
    return this.log.halted;
  }

  /** Storage refused a write for want of room or access (not a bug): the registry waits before reloading. */
  get storageFailed(): boolean {
    return this.log.storageUnavailable;
  }

  get isClosing(): boolean {
    return this.closing !== null;
  }

  join(connection: Connection): void {
    if (this.closing) return connection.close(CLOSE.goingAway);
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
    this.connections.add(connection);
    this.log.whenCommitted({ done: () => connection.send(syncMessage(SYNC.step1, Y.encodeStateVector(this.doc))), fail: () => undefined });
    this.presence.sendTo(connection);
  }

  leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    this.presence.leave(connection);
    this.unloadWhenIdle();
  }

  /**
   * With nobody connected, the room unloads after a while. Armed on leave, on load and on
   * every server write, so a room loaded only by HTTP requests does not stay in memory.
   */
  unloadWhenIdle(): void {
    if (this.connections.size > 0 || this.retainers > 0 || this.closing) return;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = setTimeout(() => void this.close(), this.timings.unloadAfterMs);
  }

  /** Frees a room that never loaded: nobody joined it and the registry never held it. */
  discard(): void {
    this.presence.destroy();
    this.doc.destroy();
  }

  /**
   * How many bytes a write would add, and whether the board could take them (R66): tried on a
   * copy, so a write too large for the board is refused before anyone sees any of it.
   */
  trialWrite(write: (doc: Y.Doc) => void): { bytes: number; fits: boolean } {
    const trial = new Y.Doc({ gc: false });
    Y.applyUpdate(trial, Y.encodeStateAsUpdate(this.doc));
    const updates: Uint8Array[] = [];
    trial.on('update', (update: Uint8Array) => updates.push(update));
    write(trial);
    trial.destroy();
    const bytes = updates.length === 0 ? 0 : Y.mergeUpdates(updates).length;
    return { bytes, fits: this.sizeBytes + bytes <= (this.timings.maxDocumentBytes ?? Number.POSITIVE_INFINITY) };
  }

  /** Sets the measured size of the document, as loaded (R66). */
  measure(): void {
    this.sizeBytes = Y.encodeStateAsUpdate(this.doc).length;
  }

  /** Answers a client's state vector with what it lacks, once everything applied is committed. */
  answerStep1(connection: Connection, stateVector: Uint8Array): void {
    this.log.whenCommitted({
      done: () => {
        const missing = stateVector.length <= 1 ? (this.fullState ??= Y.encodeStateAsUpdate(this.doc)) : Y.encodeStateAsUpdate(this.doc, stateVector);
        connection.send(syncMessage(SYNC.step2, missing));
      },
      fail: () => undefined,
    });
  }

  /**
   * Applies an update the gate allowed, after binding its new Yjs client ids to the writer:
   * a client id belongs to the participant who first wrote with it (R17). Answers the
   * reason for a refusal, or null.
   */
  receive(connection: Connection, decoded: DecodedUpdate, late: LateMarks = {}): string | null {
    // Storing on top of what storage never got would leave a gap no load could cross; the
    // socket is closing, and its client sends this again to the reloaded room.
    if (this.holdsUnstored) return null;
    const participantId = connection.participantId;
    const claimed = new Set<number>();
    const created: string[] = [];
    for (const struct of decoded.structs) {
      const client = struct.id.client;
      if (struct instanceof Y.Skip || struct.id.clock + struct.length <= Y.getState(this.doc.store, client)) continue;
      // A card id's first value names the cards map itself on the wire; a later one (a restore)
      // names the value before it. Counting these, even deleted at once, keeps a card made and
      // deleted in one update and restored later from dodging its late mark.
      if (struct instanceof Y.Item && (struct.parent as unknown) === ROOT.cards && typeof struct.parentSub === 'string') created.push(struct.parentSub);
      const owner = this.owners.get(client);
      if (owner !== undefined && owner !== participantId) return `R17: Yjs client ${client} belongs to ${owner === SERVER_WRITER ? 'the server' : 'another participant'}.`;
      if (owner === undefined) claimed.add(client);
    }
    const update = decoded.bytes;
    const limit = this.timings.maxDocumentBytes ?? Number.POSITIVE_INFINITY;
    // An update that only deletes is let through: deleting is how a full board makes room.
    const inserts = decoded.structs.some((struct) => !(struct instanceof Y.Skip));
    if (inserts && this.sizeBytes + update.length > limit) return `R66: The board is full (${limit} bytes); delete something, or start a new board.`;
    // What a late take-back took is read before it is applied, so the dot can keep counting (R49).
    const withdrawnLate = late.votes ? liveVoteItems(this.doc, late.votes.withdrawn) : null;
    // What the board actually gained: a resent or empty update (every sync step 2 of a client
    // that has nothing new) changes nothing and is neither stored nor relayed.
    let gained: Uint8Array | null = null;
    const capture = (change: Uint8Array, origin: unknown): void => {
      if (origin === connection) gained = change;
    };
    this.doc.on('update', capture);
    try {
      Y.applyUpdate(this.doc, update, connection);
    } catch (error) {
      // The gate allowed it, yet Yjs threw: part of it may be in memory, none in storage.
      // Drop the room so the next client gets it reloaded from what was committed.
      console.error(`Board ${this.boardId}: applying an allowed update failed; reloading the room`, error);
      // The document may hold part of it: nothing more is stored or compacted from this room.
      this.log.halted = true;
      void this.close(CLOSE.serverError);
      return 'The server could not apply this change.';
    } finally {
      this.doc.off('update', capture);
    }
    if (gained === null) return null;
    this.sizeBytes += (gained as Uint8Array).length;
    for (const client of claimed) {
      this.owners.set(client, participantId);
      this.log.bind(client, participantId);
    }
    this.log.append({ update: gained, from: connection });
    this.markLateCards(created);
    if (late.grouping && !this.isPrivate) {
      const { phase } = selectSession(this.doc);
      const ids = [...late.grouping.cards, ...late.grouping.themes];
      void this.serverWrite((doc) => markLateGrouping(doc, ids, phase)).catch(() => undefined);
    }
    const votes = late.votes;
    if (votes && withdrawnLate) {
      void this.serverWrite((doc) => markLateVotes(doc, { cast: votes.cast, withdrawn: withdrawnLate }, votes.phase)).catch(() => undefined);
    }
    return null;
  }

  /**
   * Cards written outside Reflect once the session has started are kept and marked late
   * (R31), in the same commit as the cards. Before the session there is no phase to be late for.
   */
  private markLateCards(cardIds: readonly string[]): void {
    // A private room has no session: its drafts are marked, if late, when they are revealed.
    if (cardIds.length === 0 || this.isPrivate) return;
    const { phase } = selectSession(this.doc);
    if (phase === CARD_PHASE || phase === 'prepare') return;
    void this.serverWrite((doc) => markLate(doc, cardIds, phase)).catch(() => undefined);
  }

  /** Connections to this board's private rooms: while any is open, the board stays loaded. */
  private retainers = 0;

  retain(): void {
    this.retainers++;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
  }

  release(): void {
    this.retainers = Math.max(0, this.retainers - 1);
    this.unloadWhenIdle();
  }

  /** Closes every socket of one participant: a facilitator removed them (R27). */
  closeParticipant(participantId: string, close: CloseCode, detail: string): void {
    for (const connection of [...this.connections]) if (connection.participantId === participantId) connection.close(close, detail);
  }

  /** A write only the server makes; resolves once it is committed and relayed. */
  serverWrite(write: (doc: Y.Doc) => void): Promise<void> {
    if (this.holdsUnstored) return Promise.reject(new BoardUnavailableError(this.boardId));
    const updates: Uint8Array[] = [];
    const record = (update: Uint8Array): void => {
      updates.push(update);
    };
    this.doc.on('update', record);
    try {
      write(this.doc);
    } finally {
      this.doc.off('update', record);
    }
    this.unloadWhenIdle();
    if (updates.length === 0) return Promise.resolve();
    const merged = Y.mergeUpdates(updates);
    // The server's own writes count toward the board's size too (R66).
    this.sizeBytes += merged.length;
    // Stored with the board, so its client ids stay the server's after this room unloads (R17).
    if (!this.serverIdBound) this.log.bind(this.doc.clientID, SERVER_WRITER);
    this.serverIdBound = true;
    return new Promise((resolve, reject) => {
      this.log.append({ update: merged, from: null });
      this.log.whenCommitted({ done: resolve, fail: reject });
    });
  }

  private relay(batch: readonly Pending[]): void {
    const message = syncMessage(SYNC.update, CommitLog.merged(batch));
    const senders = new Set(batch.map((entry) => entry.from));
    // One sender already has all of it; several senders get the one merged message too.
    const skip = senders.size === 1 ? [...senders][0] : undefined;
    for (const connection of this.connections) if (connection !== skip) connection.send(message);
  }

  /**
   * Commits what is pending, folds the log into a snapshot and lets the registry forget the
   * room. Runs once. With `deleteBoard`, the board is deleted from storage instead (R30),
   * before the registry may load it again.
   */
  close(reason: CloseCode = CLOSE.goingAway, options: { detail?: string; deleteBoard?: boolean } = {}): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = (async () => {
      if (this.unloadTimer) clearTimeout(this.unloadTimer);
      for (const connection of [...this.connections]) connection.close(reason, options.detail);
      try {
        await this.log.drain();
        if (options.deleteBoard) await this.store.deleteBoard(this.boardId);
        else await this.log.compactIfDue(true);
      } finally {
        this.presence.destroy();
      }
    })();
    this.unload(this, this.closing);
    return this.closing;
  }
}
