import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compareByOrder, isValidOrderKey, selectCards, selectColumns, COLUMN_IDS } from '../src/index';
import { PROPERTY_RUNS, serverBoard } from './helpers';
import { commandArb, History, Replica, seededRandom, type Command } from './simulation';

/** Network steps between peers: deliver one held update, split the peers into groups, heal. */
type Step =
  | { kind: 'command'; command: Command }
  | { kind: 'deliver'; replica: number; pick: number }
  | { kind: 'partition'; groups: number[] }
  | { kind: 'heal' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: commandArb.map((command) => ({ kind: 'command' as const, command })), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('deliver' as const), replica: fc.nat({ max: 4 }), pick: fc.nat() }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('partition' as const), groups: fc.array(fc.nat({ max: 1 }), { minLength: 5, maxLength: 5 }) }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'heal' as const }), weight: 1 },
);

const REMOTE = Symbol('remote');

interface Held {
  readonly from: number;
  readonly update: Uint8Array;
}

/**
 * Peers that send every local update to every other peer; updates wait in each peer's
 * inbox and are delivered one at a time in an order the test picks, so they arrive out of
 * order, and not at all across a partition until it heals.
 */
class PeerNetwork {
  readonly replicas: Replica[];
  readonly inboxes: Held[][];
  private groups: number[] = [];

  constructor(count: number, seed: number) {
    const initial = Y.encodeStateAsUpdate(serverBoard());
    this.replicas = Array.from({ length: count }, (_, i) => new Replica(i, seed, initial));
    this.inboxes = this.replicas.map(() => []);
    for (const replica of this.replicas) {
      replica.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === REMOTE) return;
        this.inboxes.forEach((inbox, to) => {
          if (to !== replica.index) inbox.push({ from: replica.index, update });
        });
      });
    }
    this.heal();
  }

  partition(groups: readonly number[]): void {
    this.groups = this.replicas.map((_, i) => groups[i] ?? 0);
  }

  heal(): void {
    this.groups = this.replicas.map(() => 0);
  }

  deliver(to: number, pick: number): boolean {
    const inbox = this.inboxes[to] ?? [];
    const reachable = inbox.filter((held) => this.groups[held.from] === this.groups[to]);
    const held = reachable[pick % Math.max(1, reachable.length)];
    if (!held) return false;
    inbox.splice(inbox.indexOf(held), 1);
    Y.applyUpdate((this.replicas[to] as Replica).doc, held.update, REMOTE);
    return true;
  }

  deliverEverything(random: () => number): void {
    this.heal();
    for (;;) {
      const waiting = this.replicas.filter((_, i) => (this.inboxes[i] ?? []).length > 0);
      if (waiting.length === 0) return;
      const target = waiting[Math.floor(random() * waiting.length)] as Replica;
      this.deliver(target.index, Math.floor(random() * 1000));
    }
  }
}

const scenarioArb = fc.record({
  replicas: fc.integer({ min: 3, max: 5 }),
  seed: fc.integer(),
  steps: fc.array(stepArb, { minLength: 20, maxLength: 120 }),
});

describe('convergence of replicas', () => {
  it('[R14] replicas exchanging updates in any order and through partitions converge; no card is duplicated or lost unless deleted', () => {
    const seen = { concurrentMoves: 0, changesOfDeleted: 0, sameSpotInserts: 0 };
    fc.assert(
      fc.property(scenarioArb, ({ replicas: count, seed, steps }) => {
        const network = new PeerNetwork(count, seed);
        const history = new History();
        for (const step of steps) {
          if (step.kind === 'command') {
            const replica = network.replicas[step.command.replica % count] as Replica;
            replica.run(step.command, history);
          } else if (step.kind === 'deliver') network.deliver(step.replica % count, step.pick);
          else if (step.kind === 'partition') network.partition(step.groups);
          else network.heal();
        }
        network.deliverEverything(seededRandom(seed));
        const conflicts = history.conflicts();
        if (conflicts.concurrentMoves) seen.concurrentMoves++;
        if (conflicts.changesOfDeleted) seen.changesOfDeleted++;
        if (conflicts.sameSpotInserts) seen.sameSpotInserts++;

        const boards = network.replicas.map((replica) => selectCards(replica.doc));
        for (const replica of network.replicas) expect(replica.doc.store.pendingStructs).toBeNull();
        for (const board of boards.slice(1)) expect(board).toEqual(boards[0]);

        const board = boards[0] ?? [];
        const ids = board.map((card) => card.id);
        expect(new Set(ids).size).toBe(ids.length);
        const expected = [...history.created.keys()].filter((id) => !history.deleted.has(id));
        expect([...ids].sort()).toEqual(expected.sort());

        for (const card of board) {
          const created = history.created.get(card.id);
          expect(card.authorId).toBe(created?.authorId);
          expect(history.columnsSet.get(card.id)?.has(card.column)).toBe(true);
          expect(isValidOrderKey(card.order)).toBe(true);
          if (!history.edited.has(card.id)) expect(card.text).toBe(created?.text);
        }
        const columns = selectColumns(network.replicas[0]?.doc as Y.Doc);
        for (const column of COLUMN_IDS) {
          expect([...columns[column]].sort(compareByOrder)).toEqual(columns[column]);
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
    // The scenarios must really contain the conflicts this property is about.
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(PROPERTY_RUNS / 20);
  });
});
