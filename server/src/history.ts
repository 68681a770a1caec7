import { versionCounts, versionPhase, type VersionInfo, type VersionReason } from '@hindsight/shared';
import * as Y from 'yjs';
import type { Room } from './room';
import type { BoardStore, HistoryRetention } from './store';

export interface HistorySettings extends HistoryRetention {
  /** A board with changes takes a version this long after the first change since its last one. */
  readonly everyMs: number;
}

interface Tracked {
  /** The newest change no version holds yet is this old, or null. */
  changedAt: number | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Keeps versions of boards (R68): after 5 minutes of activity, before each phase change and
 * each restore, and when a board unloads with changes no version holds. A version is the
 * board's whole encoded document, so it restores even if the live document's log is lost.
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

  /** The board unloads: changes since the last version are kept as one more. */
  closing(room: Room): void {
    const tracked = this.tracked.get(room.boardId);
    if (!tracked) return;
    if (tracked.timer) clearTimeout(tracked.timer);
    this.tracked.delete(room.boardId);
    if (tracked.changedAt !== null) void this.take(room, 'activity').catch(() => undefined);
  }

  /** The board is being deleted: nothing more is kept of it (R30). */
  forget(boardId: string): void {
    const tracked = this.tracked.get(boardId);
    if (tracked?.timer) clearTimeout(tracked.timer);
    this.tracked.delete(boardId);
  }

  /** Stores the board as it is now. Failing loudly is the caller's choice: a phase change must not depend on it. */
  take(room: Room, reason: VersionReason, detail = ''): Promise<VersionInfo> {
    const tracked = this.trackedFor(room.boardId);
    if (tracked.timer) clearTimeout(tracked.timer);
    tracked.timer = null;
    tracked.changedAt = null;
    const info = { takenAt: Date.now(), reason, detail, phase: versionPhase(room.doc), counts: versionCounts(room.doc) };
    const written = this.store.addVersion(room.boardId, info, Y.encodeStateAsUpdate(room.doc), this.settings);
    this.writing.add(written);
    const settle = (): void => void this.writing.delete(written);
    written.then(settle, (error: unknown) => {
      settle();
      console.error(`Board ${room.boardId}: keeping a version failed`, error);
    });
    return written;
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
      tracked = { changedAt: null, timer: null };
      this.tracked.set(boardId, tracked);
    }
    return tracked;
  }
}
