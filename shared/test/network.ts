import fc from 'fast-check';
import * as Y from 'yjs';
import { addCard, COLUMN_IDS, groupCards, type ColumnId } from '../src/index';
import { FACILITATOR, serverBoard } from './helpers';
import { Replica, type Command, type History } from './simulation';

/** Network steps between peers: deliver one held update, split the peers into groups, heal. */
export type Step =
  | { kind: 'command'; command: Command }
  | { kind: 'deliver'; replica: number; pick: number }
  | { kind: 'partition'; groups: number[] }
  | { kind: 'heal' };

export function stepArb(commands: fc.Arbitrary<Command>): fc.Arbitrary<Step> {
  return fc.oneof(
    { arbitrary: commands.map((command) => ({ kind: 'command' as const, command })), weight: 6 },
    { arbitrary: fc.record({ kind: fc.constant('deliver' as const), replica: fc.nat({ max: 4 }), pick: fc.nat() }), weight: 5 },
    {
      arbitrary: fc.record({ kind: fc.constant('partition' as const), groups: fc.array(fc.nat({ max: 1 }), { minLength: 5, maxLength: 5 }) }),
      weight: 1,
    },
    { arbitrary: fc.constant({ kind: 'heal' as const }), weight: 1 },
  );
}

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
export class PeerNetwork {
  readonly replicas: Replica[];
  readonly inboxes: Held[][];
  private groups: number[] = [];

  constructor(count: number, seed: number, board: Y.Doc = serverBoard()) {
    const initial = Y.encodeStateAsUpdate(board);
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


/** Runs a scenario's steps on a network of `count` peers, then delivers everything. */
export function runScenario(
  count: number,
  seed: number,
  steps: readonly Step[],
  history: History,
  random: () => number,
  startingCards = 0,
): PeerNetwork {
  const board = serverBoard();
  for (let i = 0; i < startingCards; i++) {
    const column = COLUMN_IDS[i % COLUMN_IDS.length] as ColumnId;
    const added = addCard(board, FACILITATOR, { column, text: `card ${i}`, id: `start-${i}` });
    if (!added.ok) throw new Error(added.error.message);
    history.ids.push(`start-${i}`);
    history.created.set(`start-${i}`, { authorId: FACILITATOR.participantId, text: `card ${i}` });
    history.columnsSet.set(`start-${i}`, new Set([column]));
  }
  // Two themes to start with, so merges and renames race from the first step.
  if (startingCards >= 4) {
    groupCards(board, FACILITATOR, 'start-1', 'start-0');
    groupCards(board, FACILITATOR, 'start-3', 'start-2');
  }
  const network = new PeerNetwork(count, seed, board);
  for (const step of steps) {
    if (step.kind === 'command') (network.replicas[step.command.replica % count] as Replica).run(step.command, history);
    else if (step.kind === 'deliver') network.deliver(step.replica % count, step.pick);
    else if (step.kind === 'partition') network.partition(step.groups);
    else network.heal();
  }
  network.deliverEverything(random);
  return network;
}
