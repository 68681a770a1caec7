import { ensureFactsSummary } from '@hindsight/shared';
import * as Y from 'yjs';
import { Room, type RoomTimings } from './room';
import type { BoardStore } from './store';

/** Loaded rooms by board id; a board is loaded once, fully, before anyone is answered. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<Room | null>>();
  private readonly closing = new Map<string, Promise<void>>();
  /** Rooms whose load finished, to forget a closing one synchronously. */
  private readonly loaded = new Map<string, Room>();

  constructor(
    private readonly store: BoardStore,
    private readonly timings: RoomTimings,
  ) {}

  /** The loaded room; a room still closing is waited for, so one board never has two rooms. */
  get(boardId: string): Promise<Room | null> {
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

  private forget(boardId: string, room: Promise<Room | null> | undefined): void {
    if (this.rooms.get(boardId) === room) this.rooms.delete(boardId);
  }

  async closeAll(): Promise<void> {
    const rooms = await Promise.all(this.rooms.values());
    await Promise.all(rooms.map((room) => (room ? room.close() : Promise.resolve())));
  }

  private async load(boardId: string): Promise<Room | null> {
    if (!(await this.store.getBoard(boardId))) return null;
    const room = new Room(boardId, this.store, await this.store.clientOwners(boardId), this.timings, (closedRoom, closed) => {
      if (this.loaded.get(boardId) === closedRoom) {
        this.loaded.delete(boardId);
        this.rooms.delete(boardId);
      }
      this.closing.set(boardId, closed);
      const forgetClosing = (): void => {
        if (this.closing.get(boardId) === closed) this.closing.delete(boardId);
      };
      closed.then(forgetClosing, forgetClosing);
    });
    const updates = await this.store.loadUpdates(boardId);
    if (updates.length > 0) Y.applyUpdate(room.doc, Y.mergeUpdates(updates));
    this.loaded.set(boardId, room);
    await room.serverWrite(ensureFactsSummary);
    room.unloadWhenIdle();
    return room;
  }
}
