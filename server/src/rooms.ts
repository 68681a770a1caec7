import * as Y from 'yjs';
import type { BoardStore } from './store';

/**
 * A loaded board: its document and the way changes to it become durable. The server
 * keeps deleted content (gc off) so the rule gate can check restores of deleted cards.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: false });

  constructor(
    readonly boardId: string,
    private readonly store: BoardStore,
  ) {}

  /** Runs a server write (its own transaction) and stores what it changed before answering. */
  async serverWrite(write: (doc: Y.Doc) => void): Promise<void> {
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
    if (updates.length > 0) await this.store.appendUpdates(this.boardId, [Y.mergeUpdates(updates)]);
  }
}

/** Loaded rooms by board id; a board is loaded once, fully, before anyone is answered. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<Room | null>>();

  constructor(private readonly store: BoardStore) {}

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

  private async load(boardId: string): Promise<Room | null> {
    if (!(await this.store.getBoard(boardId))) return null;
    const room = new Room(boardId, this.store);
    const updates = await this.store.loadUpdates(boardId);
    if (updates.length > 0) Y.applyUpdate(room.doc, Y.mergeUpdates(updates));
    return room;
  }
}
