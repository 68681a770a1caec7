import { createHash } from 'node:crypto';
import { RESTORED_ROOTS, versionCounts, versionPhase, type VersionInfo, type VersionReason } from '@hindsight/shared';
import * as Y from 'yjs';
import type { Room } from './room';
import type { BoardStore, HistoryRetention } from './store';

export interface HistorySettings extends HistoryRetention {
  /** A board with changes takes a version this long after the first change since its last one. */
  readonly everyMs: number;
}

/** A board as it was at one moment, not yet stored: kept only if the caller still wants it. */
export interface CapturedVersion {
  readonly info: Omit<VersionInfo, 'id'>;
  readonly state: Uint8Array;
  /** Of what a restore would bring back: equal digests, nothing new to keep. */
  readonly digest: string;
}

interface Tracked {
  /** The newest change no version holds yet is this old, or null. */
  changedAt: number | null;
  timer: NodeJS.Timeout | null;
  /** The newest version kept since the board loaded. */
  last: { readonly digest: string; readonly version: VersionInfo } | null;
}

/**
 * Keeps versions of boards (R68): after 5 minutes of activity, before each phase change and
 * each restore, and when a board unloads with changes no version holds. A version is the
 * board's whole encoded document, so it restores even if the live document's log is lost.
 * A version whose content equals the newest one's is not kept again: phase changes back and
 * forth cannot push real history out.
 */
export class BoardHistory {
  private readonly tracked = new Map<string, Tracked>();
  /** Versions being written, so closing the store waits for them. */
  private readonly writing = new Set<Promise<unknown>>();

  constructor(
    private readonly store: BoardStore,
    private readonly settings: HistorySettings,
  ) {}

  /** After each commit on a board: the first change since the last version arms the timer. */
  committed(room: Room): void {
    const tracked = this.trackedFor(room.boardId);
    if (tracked.changedAt !== null) return;
    tracked.changedAt = Date.now();
    tracked.timer = setTimeout(() => {
      tracked.timer = null;
      if (!room.isClosing) void this.take(room, 'activity').catch(() => undefined);
    }, this.settings.everyMs);
    tracked.timer.unref();
  }

  /** The board unloads: changes since the last version are kept as one more, unless storage may lack them. */
  closing(room: Room): void {
    const tracked = this.tracked.get(room.boardId);
    if (!tracked) return;
    if (tracked.timer) clearTimeout(tracked.timer);
    if (tracked.changedAt !== null && !room.holdsUnstored) void this.take(room, 'activity').catch(() => undefined);
    this.tracked.delete(room.boardId);
  }

  /** The board is being deleted: nothing more is kept of it (R30). */
  forget(boardId: string): void {
    const tracked = this.tracked.get(boardId);
    if (tracked?.timer) clearTimeout(tracked.timer);
    this.tracked.delete(boardId);
  }

  /** The board as it is now, in memory only; `keep` stores it. */
  capture(room: Room, reason: VersionReason, detail = ''): CapturedVersion {
    const content = JSON.stringify(RESTORED_ROOTS.map((root) => room.doc.getMap(root).toJSON()));
    return {
      info: { takenAt: Date.now(), reason, detail, phase: versionPhase(room.doc), counts: versionCounts(room.doc) },
      state: Y.encodeStateAsUpdate(room.doc),
      digest: createHash('sha256').update(content).digest('base64'),
    };
  }

  /** Stores a captured version, or answers the newest one if it holds the same content. Rejects if storage fails. */
  async keep(boardId: string, captured: CapturedVersion): Promise<VersionInfo> {
    const tracked = this.tracked.get(boardId);
    if (tracked) {
      if (tracked.timer) clearTimeout(tracked.timer);
      tracked.timer = null;
      tracked.changedAt = null;
      if (tracked.last?.digest === captured.digest) return tracked.last.version;
    }
    const written = (async () => this.store.addVersion(boardId, captured.info, captured.state, this.settings))();
    this.writing.add(written);
    try {
      const version = await written;
      const current = this.tracked.get(boardId);
      if (current) current.last = { digest: captured.digest, version };
      return version;
    } catch (error) {
      console.error(`Board ${boardId}: keeping a version failed`, error);
      throw error;
    } finally {
      this.writing.delete(written);
    }
  }

  /** Captures and keeps the board as it is now. */
  take(room: Room, reason: VersionReason, detail = ''): Promise<VersionInfo> {
    try {
      return this.keep(room.boardId, this.capture(room, reason, detail));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  list(boardId: string): Promise<VersionInfo[]> {
    return this.store.listVersions(boardId);
  }

  /** Waits for versions being written, before the store closes. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.writing]);
  }

  private trackedFor(boardId: string): Tracked {
    let tracked = this.tracked.get(boardId);
    if (!tracked) {
      tracked = { changedAt: null, timer: null, last: null };
      this.tracked.set(boardId, tracked);
    }
    return tracked;
  }
}
