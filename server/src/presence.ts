import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Connection } from './connection';
import { awarenessMessage } from './protocol';

/**
 * Presence changes (cursors, drags, who edits what) are gathered and sent to everyone at
 * most this often, one message for all of them: with 50 people moving cursors, each client
 * receives about 20 messages a second rather than one per cursor move of every other person.
 */
export const AWARENESS_FLUSH_MS = 50;

/** Awareness states one connection may hold: a few tabs' worth, never an unbounded set. */
const MAX_PRESENCES_PER_CONNECTION = 8;

/** A room's awareness: who is here and what they point at, relayed in batches, never stored. */
export class RoomPresence {
  readonly awareness: awarenessProtocol.Awareness;
  /** Awareness client ids by the participant presenting them (in memory only). */
  private readonly presenters = new Map<number, string>();
  private readonly changed = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private destroyed = false;

  constructor(
    doc: Y.Doc,
    /** Yjs client id → the participant who owns it (R17). */
    private readonly owners: ReadonlyMap<number, string>,
    private readonly broadcast: (message: Uint8Array) => void,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>) => {
      if (this.destroyed) return;
      for (const client of [...added, ...updated, ...removed]) this.changed.add(client);
      this.timer ??= setTimeout(() => this.flush(), AWARENESS_FLUSH_MS);
    });
  }

  private flush(): void {
    this.timer = null;
    if (this.changed.size === 0) return;
    const clients = [...this.changed];
    this.changed.clear();
    this.broadcast(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)));
  }

  /**
   * Whether the connection may present awareness state under `clientId`: the participant
   * who owns the Yjs client id (R17) or, for an id not yet written with, who first presented
   * it. Stops anyone from rewriting or hiding another person's cursor.
   */
  mayPresent(connection: Connection, clientId: number): boolean {
    const participantId = connection.participantId;
    const owner = this.owners.get(clientId) ?? this.presenters.get(clientId);
    if (owner !== undefined) return owner === participantId;
    if (connection.awarenessClients.size >= MAX_PRESENCES_PER_CONNECTION) return false;
    this.presenters.set(clientId, participantId);
    return true;
  }

  apply(connection: Connection, update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection);
  }

  /** Everyone's current state, to a connection that joins or asks. */
  sendTo(connection: Connection): void {
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length > 0) connection.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)));
  }

  /** A connection closed: its states go, for everyone, in the next batch. */
  leave(connection: Connection): void {
    awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessClients], null);
    for (const client of connection.awarenessClients) this.presenters.delete(client);
  }

  destroy(): void {
    // Destroying awareness clears its own state, which fires one last update: nobody is left to tell.
    this.destroyed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.awareness.destroy();
  }
}
