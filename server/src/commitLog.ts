import * as Y from 'yjs';
import type { Connection } from './connection';
import { isStorageUnavailable, logLoudly } from './errors';
import type { BoardStore } from './store';

/** An update the room applied and must store before anyone else sees it. */
export interface Pending {
  readonly update: Uint8Array;
  /** The connection it came from, or null for the server's own writes. */
  readonly from: Connection | null;
}

/** Waits for the current batch to be committed; fails if storing it fails. */
export interface CommitWaiter {
  readonly done: () => void;
  readonly fail: (error: unknown) => void;
}

export interface CommitLogHooks {
  /** A batch is stored: send it on. */
  readonly stored: (batch: readonly Pending[]) => void;
  /** Everything pending is stored and every waiter answered. */
  readonly settled: () => void;
  /** Storing failed: the room must close, and say why. */
  readonly failed: (unavailable: boolean) => void;
  /** The document as it is now, for a compaction; answers its encoded state. */
  readonly encode: () => Uint8Array;
}

/**
 * A room's way to storage. What a room applies in one event-loop turn is stored in one
 * transaction, and only then handed back to be relayed. After a failed write nothing more is
 * stored and nothing is compacted: memory may hold what storage never got, and storing on top
 * of it would leave a gap no load could cross.
 */
export class CommitLog {
  private pending: Pending[] = [];
  private bindings: [number, string][] = [];
  private waiters: CommitWaiter[] = [];
  private flushing: Promise<void> | null = null;
  private lastSeq = 0;
  private sinceCompaction = 0;
  private lastCompaction = Date.now();
  /** Set when memory may hold something storage does not (a failed write, or an update Yjs threw on). */
  halted = false;
  /** Set when that failure was the storage's (full, read-only), not a bug. */
  storageUnavailable = false;

  constructor(
    private readonly boardId: string,
    private readonly store: BoardStore,
    private readonly timings: { readonly compactEveryUpdates: number; readonly compactEveryMs: number },
    private readonly hooks: CommitLogHooks,
  ) {}

  /** Records that a Yjs client id belongs to a writer (R17), stored with the next batch. */
  bind(clientId: number, owner: string): void {
    this.bindings.push([clientId, owner]);
  }

  append(pending: Pending): void {
    this.pending.push(pending);
    this.flushing ??= new Promise((resolve) => setImmediate(resolve))
      .then(() => this.flush())
      .catch((error: unknown) => console.error(`Board ${this.boardId}: flush failed`, error));
  }

  /** Answers once everything appended so far is stored (at once if nothing waits). */
  whenCommitted(waiter: CommitWaiter): void {
    if (this.pending.length === 0 && !this.flushing) waiter.done();
    else this.waiters.push(waiter);
  }

  /** Waits for a flush under way. */
  async drain(): Promise<void> {
    if (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      const bindings = this.bindings;
      this.pending = [];
      this.bindings = [];
      try {
        for (const [client, owner] of bindings) await this.store.bindClient(this.boardId, client, owner);
        this.lastSeq = await this.store.appendUpdates(this.boardId, batch.map((entry) => entry.update));
      } catch (error) {
        // Clients keep what was not stored and send it again when they reconnect.
        const unavailable = isStorageUnavailable(error);
        logLoudly(
          `store:${this.boardId}`,
          `Board ${this.boardId}: storing updates failed${unavailable ? ' (storage full, read-only or not answering)' : ''}; its clients were told and keep their edits`,
          error,
        );
        this.halted = true;
        this.storageUnavailable = unavailable;
        this.pending = [];
        this.flushing = null;
        for (const waiter of this.waiters.splice(0)) waiter.fail(error);
        this.hooks.failed(unavailable);
        return;
      }
      this.sinceCompaction += batch.length;
      this.hooks.stored(batch);
    }
    this.flushing = null;
    for (const waiter of this.waiters.splice(0)) {
      // One waiter's failure (a socket closing under it) must not cost the others their answer.
      try {
        waiter.done();
      } catch (error) {
        console.error(`Board ${this.boardId}: answering after a commit failed`, error);
      }
    }
    this.hooks.settled();
    await this.compactIfDue();
  }

  /** Folds the log into one snapshot when enough has gathered, or whenever something has with `force`. */
  async compactIfDue(force = false): Promise<void> {
    const due =
      this.sinceCompaction >= this.timings.compactEveryUpdates ||
      (this.sinceCompaction > 0 && Date.now() - this.lastCompaction >= this.timings.compactEveryMs);
    if (this.halted || !(force ? this.sinceCompaction > 0 : due) || this.pending.length > 0 || this.flushing) return;
    this.sinceCompaction = 0;
    this.lastCompaction = Date.now();
    try {
      await this.store.compact(this.boardId, this.hooks.encode(), this.lastSeq);
    } catch (error) {
      // The log still holds every update; the next compaction tries again.
      logLoudly(`compact:${this.boardId}`, `Board ${this.boardId}: compaction failed`, error);
    }
  }

  /** The merged update of a batch, the same bytes for every socket. */
  static merged(batch: readonly Pending[]): Uint8Array {
    return batch.length === 1 ? (batch[0] as Pending).update : Y.mergeUpdates(batch.map((entry) => entry.update));
  }
}
