import type { VersionInfo } from '@hindsight/shared';

/** How many versions of a board history keeps (R68): the newest `keep`, and within `maxBytes` all told, never fewer than one. */
export interface HistoryRetention {
  readonly keep: number;
  readonly maxBytes: number;
}

/** A board's row: what the server knows besides its document. */
export interface BoardRecord {
  readonly id: string;
  readonly title: string;
  readonly createdAt: number;
  /** SHA-256 of the current facilitator key. */
  readonly facilitatorKeyHash: string;
  /** Counts key replacements; the key itself is derived from the server's secret and this. */
  readonly facilitatorKeyVersion: number;
}

/**
 * Durable storage of boards. Document methods take a room name: a board id, or a private
 * room `<boardId>~<participantId>` (step 6), stored beside its board and deleted with it. Async so that another engine (step 13: PostgreSQL) can stand
 * behind the same interface; the embedded SQLite store answers synchronously inside.
 */
export interface BoardStore {
  createBoard(board: BoardRecord, initialState: Uint8Array): Promise<void>;
  getBoard(id: string): Promise<BoardRecord | null>;
  /** Replaces the facilitator key (its version and hash), so links with the old key stop working. */
  setFacilitatorKey(id: string, version: number, hash: string): Promise<void>;
  /** The stored snapshot (if any) followed by every update appended since, in order. */
  loadUpdates(id: string): Promise<Uint8Array[]>;
  /** Appends updates in one transaction; answers the sequence number of the last one. */
  appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number>;
  /** Replaces the snapshot with `state`, dropping the updates it covers (up to `throughSeq`). */
  compact(id: string, state: Uint8Array, throughSeq: number): Promise<void>;
  /** Which participant first wrote with each Yjs client id of the board. */
  clientOwners(id: string): Promise<Map<number, string>>;
  bindClient(id: string, clientId: number, participantId: string): Promise<void>;
  /** Stores a version of a board's document and drops the oldest beyond `retention`, in one transaction (R68). */
  addVersion(boardId: string, info: Omit<VersionInfo, 'id'>, state: Uint8Array, retention: HistoryRetention): Promise<VersionInfo>;
  /** The board's versions, newest first, without their states. */
  listVersions(boardId: string): Promise<VersionInfo[]>;
  /** A version's encoded document, or null if the board has no such version. */
  versionState(boardId: string, versionId: number): Promise<Uint8Array | null>;
  deleteBoard(id: string): Promise<void>;
  close(): Promise<void>;
}
