import * as Y from 'yjs';
import { Room, type RoomTimings } from './room';
import type { BoardStore } from './store';

/** Loaded rooms by board id; a board is loaded once, fully, before anyone is answered. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<Room | null>>();

  constructor(
    private readonly store: BoardStore,
    private readonly timings: RoomTimings,
  ) {}

  get(boardId: string): Promise<Room | null> {
    let room = this.rooms.get(boardId);
    if (!room) {
      room = this.load(boardId);
      this.rooms.set(boardId, room);
      // A failed or missing load is not cached, so a later request tries again.
      room.then(
        (loaded) => loaded ?? this.rooms.delete(boardId),
        () => this.rooms.delete(boardId),
      );
    }
    return room;
  }

  async closeAll(): Promise<void> {
    const rooms = await Promise.all(this.rooms.values());
    await Promise.all(rooms.map((room) => (room ? room.close() : Promise.resolve())));
  }

  private async load(boardId: string): Promise<Room | null> {
    if (!(await this.store.getBoard(boardId))) return null;
    const room = new Room(boardId, this.store, await this.store.clientOwners(boardId), this.timings, (closed) => {
      void this.rooms.get(boardId)?.then((current) => {
        if (current === closed) this.rooms.delete(boardId);
      });
    });
    const updates = await this.store.loadUpdates(boardId);
    if (updates.length > 0) Y.applyUpdate(room.doc, Y.mergeUpdates(updates));
    return room;
  }
}
