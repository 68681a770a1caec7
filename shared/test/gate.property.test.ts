import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkEncodedUpdate, selectCards, type Verdict } from '../src/index';
import { PROPERTY_RUNS, serverBoard } from './helpers';
import { actorFor, boardCommandArb, History, layoutView, Replica, undoArb, type Command } from './simulation';

type Step =
  | { kind: 'command'; command: Command }
  | { kind: 'upload'; replica: number }
  | { kind: 'download'; replica: number }
  | { kind: 'drop'; replica: number }
  | { kind: 'reconnect'; replica: number; serverFirst: boolean };

const replica = fc.nat({ max: 4 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: boardCommandArb.map((command) => ({ kind: 'command' as const, command })), weight: 6 },
  { arbitrary: undoArb.map((command) => ({ kind: 'command' as const, command })), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('upload' as const), replica }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('download' as const), replica }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('drop' as const), replica }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('reconnect' as const), replica, serverFirst: fc.boolean() }), weight: 1 },
);

const REMOTE = Symbol('remote');

/**
 * Clients around one server, as with y-websocket: each connection delivers in order;
 * the server judges every update with the gate before applying and relaying it. A dropped
 * connection loses what was in flight, and reconnecting runs the sync handshake, in
 * either order, as the two sync messages can cross.
 */
class StarNetwork {
  readonly server = serverBoard([0, 1, 2, 3, 4].map(actorFor));
  readonly replicas: Replica[];
  readonly verdicts: Verdict[] = [];
  private readonly outboxes: Uint8Array[][];
  private readonly inboxes: Uint8Array[][];
  private readonly online: boolean[];

  constructor(count: number, seed: number) {
    const initial = Y.encodeStateAsUpdate(this.server);
    this.replicas = Array.from({ length: count }, (_, i) => new Replica(i, seed, initial));
    this.outboxes = this.replicas.map(() => []);
    this.inboxes = this.replicas.map(() => []);
    this.online = this.replicas.map(() => true);
    for (const client of this.replicas) {
      client.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE && this.online[client.index]) this.outboxes[client.index]?.push(update);
      });
    }
  }

  private receive(from: Replica, update: Uint8Array): void {
    const verdict = checkEncodedUpdate(this.server, update, from.actor);
    this.verdicts.push(verdict);
    if (!verdict.ok) return;
    Y.applyUpdate(this.server, update);
    this.inboxes.forEach((inbox, to) => {
      if (to !== from.index && this.online[to]) inbox.push(update);
    });
  }

  upload(index: number): boolean {
    const update = this.outboxes[index]?.shift();
    if (update) this.receive(this.replicas[index] as Replica, update);
    return update !== undefined;
  }

  download(index: number): boolean {
    const update = this.inboxes[index]?.shift();
    if (update) Y.applyUpdate((this.replicas[index] as Replica).doc, update, REMOTE);
    return update !== undefined;
  }

  drop(index: number): void {
    this.online[index] = false;
    this.outboxes[index] = [];
    this.inboxes[index] = [];
  }

  reconnect(index: number, serverFirst: boolean): void {
    if (this.online[index]) return;
    this.online[index] = true;
    const client = this.replicas[index] as Replica;
    const fromServer = Y.encodeStateAsUpdate(this.server, Y.encodeStateVector(client.doc));
    if (serverFirst) Y.applyUpdate(client.doc, fromServer, REMOTE);
    this.receive(client, Y.encodeStateAsUpdate(client.doc, Y.encodeStateVector(this.server)));
    if (!serverFirst) Y.applyUpdate(client.doc, fromServer, REMOTE);
  }

  settle(): void {
    this.replicas.forEach((_, i) => this.reconnect(i, true));
    let moved = true;
    while (moved) {
      moved = false;
      for (let i = 0; i < this.replicas.length; i++) moved = this.upload(i) || this.download(i) || moved;
    }
  }
}

describe('rule gate against honest clients', () => {
  it('[R15] every update honest commands make (cards and themes), undo and redo included, passes the gate through drops and reconnects, and all converge', () => {
    let reconnects = 0;
    let undone = 0;
    fc.assert(
      fc.property(
        fc.record({ replicas: fc.integer({ min: 3, max: 5 }), seed: fc.integer(), steps: fc.array(stepArb, { minLength: 20, maxLength: 120 }) }),
        ({ replicas: count, seed, steps }) => {
          const network = new StarNetwork(count, seed);
          const history = new History();
          for (const step of steps) {
            const index = 'replica' in step ? step.replica % count : step.command.replica % count;
            if (step.kind === 'command') (network.replicas[index] as Replica).run(step.command, history);
            else if (step.kind === 'upload') network.upload(index);
            else if (step.kind === 'download') network.download(index);
            else if (step.kind === 'drop') network.drop(index);
            else network.reconnect(index, step.serverFirst);
          }
          const before = network.verdicts.length;
          network.settle();
          reconnects += network.verdicts.length > before ? 1 : 0;

          expect(network.verdicts.filter((verdict) => !verdict.ok)).toEqual([]);
          expect(network.server.store.pendingStructs).toBeNull();
          const board = selectCards(network.server);
          for (const client of network.replicas) expect(selectCards(client.doc)).toEqual(board);
          for (const client of network.replicas) expect(layoutView(client.doc)).toEqual(layoutView(network.server));
          for (const card of board) expect(card.authorId).toBe(history.created.get(card.id)?.authorId);
          const ids = board.map((card) => card.id).sort();
          if (history.undone) {
            undone++;
            expect(new Set(ids).size).toBe(ids.length);
          } else {
            expect(ids).toEqual([...history.created.keys()].filter((id) => !history.deleted.has(id)).sort());
          }
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
    expect(reconnects).toBeGreaterThan(PROPERTY_RUNS / 4);
    expect(undone).toBeGreaterThan(PROPERTY_RUNS / 4);
  });
});
