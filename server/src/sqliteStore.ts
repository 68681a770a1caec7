import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isPhaseId, parseRoomName, type VersionCounts, type VersionInfo, type VersionReason } from '@hindsight/shared';
import type { BoardRecord, BoardStore, HistoryRetention } from './store';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS boards (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    facilitator_key_hash TEXT NOT NULL,
    facilitator_key_version INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS snapshots (
    board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
    state BLOB NOT NULL
  );
  CREATE TABLE IF NOT EXISTS updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    data BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS updates_by_board ON updates(board_id, seq);
  CREATE TABLE IF NOT EXISTS draft_snapshots (
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL,
    state BLOB NOT NULL,
    PRIMARY KEY (board_id, participant_id)
  );
  CREATE TABLE IF NOT EXISTS draft_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS draft_updates_by_room ON draft_updates(board_id, participant_id, seq);
  CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    taken_at INTEGER NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    phase TEXT NOT NULL,
    counts TEXT NOT NULL,
    state BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS versions_by_board ON versions(board_id, id);
  CREATE TABLE IF NOT EXISTS client_ids (
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    client_id INTEGER NOT NULL,
    participant_id TEXT NOT NULL,
    PRIMARY KEY (board_id, client_id)
  );
`;

interface VersionRow {
  id: number;
  taken_at: number;
  reason: string;
  detail: string;
  phase: string;
  counts: string;
  bytes: number;
}

interface BoardRow {
  id: string;
  title: string;
  created_at: number;
  facilitator_key_hash: string;
  facilitator_key_version: number;
}

const EMPTY_COUNTS: VersionCounts = { cards: 0, themes: 0, votes: 0, actions: 0 };

function versionInfo(row: VersionRow): VersionInfo {
  let counts = EMPTY_COUNTS;
  try {
    counts = { ...EMPTY_COUNTS, ...(JSON.parse(row.counts) as Partial<VersionCounts>) };
  } catch {
    // A damaged list entry still lists; its state is checked when it is opened.
  }
  const reason: VersionReason = row.reason === 'phase' || row.reason === 'restore' ? row.reason : 'activity';
  return { id: row.id, takenAt: row.taken_at, reason, detail: row.detail, phase: isPhaseId(row.phase) ? row.phase : 'prepare', counts };
}

/** The embedded default: one SQLite file (WAL) under the data directory. */
export class SqliteBoardStore implements BoardStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(dataDir: string, options: { readonly maxBytes?: number } = {}) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'hindsight.sqlite'));
    this.db.pragma('journal_mode = WAL');
    // A quota: past it SQLite answers SQLITE_FULL, exactly as it does when the disk is full.
    if (options.maxBytes) {
      const pageSize = Number(this.db.pragma('page_size', { simple: true }));
      this.db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
    }
    // Every commit reaches the disk before the server relays it (kill -9 must lose nothing relayed).
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    // A deleted board is overwritten on disk, not merely unlinked from the b-tree (R30).
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
    // Data directories made before key versions existed get the column (their keys are version 0).
    const columns = this.db.prepare<[], { name: string }>('PRAGMA table_info(boards)').all().map((column) => column.name);
    if (!columns.includes('facilitator_key_version')) {
      this.db.exec('ALTER TABLE boards ADD COLUMN facilitator_key_version INTEGER NOT NULL DEFAULT 0');
    }
    this.statements = {
      insertBoard: this.db.prepare(
        'INSERT INTO boards (id, title, created_at, facilitator_key_hash, facilitator_key_version) VALUES (?, ?, ?, ?, ?)',
      ),
      setFacilitatorKey: this.db.prepare('UPDATE boards SET facilitator_key_version = ?, facilitator_key_hash = ? WHERE id = ?'),
      getBoard: this.db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
      getSnapshot: this.db.prepare<[string], { state: Buffer }>('SELECT state FROM snapshots WHERE board_id = ?'),
      putSnapshot: this.db.prepare('INSERT OR REPLACE INTO snapshots (board_id, state) VALUES (?, ?)'),
      getUpdates: this.db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE board_id = ? ORDER BY seq'),
      insertUpdate: this.db.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)'),
      dropUpdates: this.db.prepare('DELETE FROM updates WHERE board_id = ? AND seq <= ?'),
      getOwners: this.db.prepare<[string], { client_id: number; participant_id: string }>(
        'SELECT client_id, participant_id FROM client_ids WHERE board_id = ?',
      ),
      bindClient: this.db.prepare('INSERT OR IGNORE INTO client_ids (board_id, client_id, participant_id) VALUES (?, ?, ?)'),
      deleteBoard: this.db.prepare('DELETE FROM boards WHERE id = ?'),
      insertVersion: this.db.prepare(
        'INSERT INTO versions (board_id, taken_at, reason, detail, phase, counts, state) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      listVersions: this.db.prepare<[string], VersionRow>(
        'SELECT id, taken_at, reason, detail, phase, counts, length(state) AS bytes FROM versions WHERE board_id = ? ORDER BY id DESC',
      ),
      versionState: this.db.prepare<[string, number], { state: Buffer }>('SELECT state FROM versions WHERE board_id = ? AND id = ?'),
      dropVersion: this.db.prepare('DELETE FROM versions WHERE id = ?'),
      getDraftSnapshot: this.db.prepare<[string, string], { state: Buffer }>(
        'SELECT state FROM draft_snapshots WHERE board_id = ? AND participant_id = ?',
      ),
      putDraftSnapshot: this.db.prepare('INSERT OR REPLACE INTO draft_snapshots (board_id, participant_id, state) VALUES (?, ?, ?)'),
      getDraftUpdates: this.db.prepare<[string, string], { data: Buffer }>(
        'SELECT data FROM draft_updates WHERE board_id = ? AND participant_id = ? ORDER BY seq',
      ),
      insertDraftUpdate: this.db.prepare('INSERT INTO draft_updates (board_id, participant_id, data) VALUES (?, ?, ?)'),
      dropDraftUpdates: this.db.prepare('DELETE FROM draft_updates WHERE board_id = ? AND participant_id = ? AND seq <= ?'),
    };
  }

  createBoard(board: BoardRecord, initialState: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      this.statements.insertBoard.run(board.id, board.title, board.createdAt, board.facilitatorKeyHash, board.facilitatorKeyVersion);
      this.statements.putSnapshot.run(board.id, initialState);
    })();
    return Promise.resolve();
  }

  getBoard(id: string): Promise<BoardRecord | null> {
    const row = this.statements.getBoard.get(id);
    return Promise.resolve(
      row
        ? {
            id: row.id,
            title: row.title,
            createdAt: row.created_at,
            facilitatorKeyHash: row.facilitator_key_hash,
            facilitatorKeyVersion: row.facilitator_key_version,
          }
        : null,
    );
  }

  setFacilitatorKey(id: string, version: number, hash: string): Promise<void> {
    this.statements.setFacilitatorKey.run(version, hash, id);
    return Promise.resolve();
  }

  loadUpdates(id: string): Promise<Uint8Array[]> {
    const { boardId, owner } = parseRoomName(id);
    const snapshot = owner === null ? this.statements.getSnapshot.get(id) : this.statements.getDraftSnapshot.get(boardId, owner);
    const rows = owner === null ? this.statements.getUpdates.all(id) : this.statements.getDraftUpdates.all(boardId, owner);
    const updates = rows.map((row) => new Uint8Array(row.data));
    return Promise.resolve(snapshot ? [new Uint8Array(snapshot.state), ...updates] : updates);
  }

  appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number> {
    const { boardId, owner } = parseRoomName(id);
    const seq = this.db.transaction(() => {
      let last = 0;
      for (const update of updates) {
        const row = owner === null ? this.statements.insertUpdate.run(id, update) : this.statements.insertDraftUpdate.run(boardId, owner, update);
        last = Number(row.lastInsertRowid);
      }
      return last;
    })();
    return Promise.resolve(seq);
  }

  compact(id: string, state: Uint8Array, throughSeq: number): Promise<void> {
    const { boardId, owner } = parseRoomName(id);
    this.db.transaction(() => {
      if (owner === null) {
        this.statements.putSnapshot.run(id, state);
        this.statements.dropUpdates.run(id, throughSeq);
      } else {
        this.statements.putDraftSnapshot.run(boardId, owner, state);
        this.statements.dropDraftUpdates.run(boardId, owner, throughSeq);
      }
    })();
    return Promise.resolve();
  }

  /** Client-id bindings (R17) matter on the shared board only: a private room has one writer. */
  clientOwners(id: string): Promise<Map<number, string>> {
    if (parseRoomName(id).owner !== null) return Promise.resolve(new Map<number, string>());
    const rows = this.statements.getOwners.all(id);
    return Promise.resolve(new Map(rows.map((row) => [row.client_id, row.participant_id])));
  }

  bindClient(id: string, clientId: number, participantId: string): Promise<void> {
    if (parseRoomName(id).owner === null) this.statements.bindClient.run(id, clientId, participantId);
    return Promise.resolve();
  }

  addVersion(boardId: string, info: Omit<VersionInfo, 'id'>, state: Uint8Array, retention: HistoryRetention): Promise<VersionInfo> {
    const id = this.db.transaction(() => {
      const row = this.statements.insertVersion.run(boardId, info.takenAt, info.reason, info.detail, info.phase, JSON.stringify(info.counts), state);
      // Newest first: keep while within both bounds; the version just taken always stays.
      let bytes = 0;
      this.statements.listVersions.all(boardId).forEach((version, index) => {
        bytes += version.bytes;
        if (index > 0 && (index >= retention.keep || bytes > retention.maxBytes)) this.statements.dropVersion.run(version.id);
      });
      return Number(row.lastInsertRowid);
    })();
    return Promise.resolve({ id, ...info });
  }

  listVersions(boardId: string): Promise<VersionInfo[]> {
    return Promise.resolve(this.statements.listVersions.all(boardId).map(versionInfo));
  }

  versionState(boardId: string, versionId: number): Promise<Uint8Array | null> {
    const row = this.statements.versionState.get(boardId, versionId);
    return Promise.resolve(row ? new Uint8Array(row.state) : null);
  }

  deleteBoard(id: string): Promise<void> {
    this.statements.deleteBoard.run(id);
    // The write-ahead log still holds the pages as they were; fold it back and truncate it.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
