import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  cardsMap,
  deleteCard,
  groupCards,
  restoreVersion,
  RESTORED_ROOTS,
  runSessionCommand,
  selectCards,
  selectParticipants,
  selectSession,
  setCardText,
  ServerOrigin,
  versionCounts,
} from '../src/index';
import { ALICE, BOB, FACILITATOR, PROPERTY_RUNS, receive, replicaOf, serverBoard, testCard, updateOf } from './helpers';
import { PeerNetwork, stepArb, type Step } from './network';
import { boardCommandArb, History, seededRandom, type Replica } from './simulation';

/** The restorable roots as plain values: equal when a restore did its job. */
function content(doc: Y.Doc): Record<string, unknown> {
  return Object.fromEntries(RESTORED_ROOTS.map((root) => [root, doc.getMap(root).toJSON()]));
}

/** A frozen copy of a document, as the server keeps a version. */
function versionOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function run(network: PeerNetwork, steps: readonly Step[], history: History): void {
  const count = network.replicas.length;
  for (const step of steps) {
    if (step.kind === 'command') (network.replicas[step.command.replica % count] as Replica).run(step.command, history);
    else if (step.kind === 'deliver') network.deliver(step.replica % count, step.pick);
    else if (step.kind === 'partition') network.partition(step.groups);
    else network.heal();
  }
}

describe('version history', () => {
  it('[R68] restoring a version brings back exactly its content, whatever happened since, and the gate accepts edits to it', () => {
    const scenario = fc.record({
      seed: fc.integer(),
      before: fc.array(stepArb(boardCommandArb), { minLength: 10, maxLength: 60 }),
      after: fc.array(stepArb(boardCommandArb), { minLength: 10, maxLength: 60 }),
    });
    fc.assert(
      fc.property(scenario, ({ seed, before, after }) => {
        const history = new History();
        const network = new PeerNetwork(3, seed);
        run(network, before, history);
        network.deliverEverything(seededRandom(seed));
        const version = versionOf((network.replicas[0] as Replica).doc);
        run(network, after, history);
        network.deliverEverything(seededRandom(seed + 1));
        // The server's copy keeps deleted content (gc off), as the real one does.
        const server = serverBoard();
        for (const replica of network.replicas) Y.applyUpdate(server, Y.encodeStateAsUpdate(replica.doc));
        restoreVersion(server, version);
        expect(content(server)).toEqual(content(version));
        // Every client converges on the restore, and the authors of restored cards may edit them.
        const client = replicaOf(server);
        expect(content(client)).toEqual(content(version));
        for (const card of selectCards(client).slice(0, 3)) {
          const author = [FACILITATOR, ALICE, BOB].find((actor) => actor.participantId === card.authorId);
          if (!author) continue;
          const update = updateOf(client, () => setCardText(client, author, card.id, `${card.text} (edited)`));
          expect(receive(server, update, author)).toEqual({ ok: true });
        }
      }),
      { numRuns: Math.ceil(PROPERTY_RUNS / 2) },
    );
  });

  it('[R68] a restore is one server transaction that leaves participants, roles, phase and action numbers alone', () => {
    const server = serverBoard();
    const kept = testCard(server, ALICE, 'Kept');
    const version = versionOf(server);
    testCard(server, BOB, 'Added later');
    expect(runSessionCommand(server, FACILITATOR.participantId, { type: 'setPhase', phase: 'group' }, Date.now()).ok).toBe(true);
    const participants = selectParticipants(server);
    const origins: unknown[] = [];
    server.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    restoreVersion(server, version);
    expect(origins).toHaveLength(1);
    expect(origins[0]).toBeInstanceOf(ServerOrigin);
    expect(selectCards(server).map((card) => card.id)).toEqual([kept]);
    expect(selectSession(server).phase).toBe('group');
    expect(selectParticipants(server)).toEqual(participants);
  });

  it('[R68] a restore edits only the part of a text that differs, so a concurrent edit elsewhere in it survives', () => {
    const server = serverBoard();
    const id = testCard(server, ALICE, 'Deploy at 14:00 by Ann, rolled back');
    const version = versionOf(server);
    setCardText(server, ALICE, id, 'Deploy at 14:05 by Ann, rolled back');
    // Alice's copy, made before the restore, cuts the end of the same text concurrently.
    const alice = replicaOf(server);
    const aliceEdit = updateOf(alice, () => setCardText(alice, ALICE, id, 'Deploy at 14:05 by Ann'));
    restoreVersion(server, version);
    expect(receive(server, aliceEdit, ALICE)).toEqual({ ok: true });
    expect(selectCards(server)[0]?.text).toBe('Deploy at 14:00 by Ann');
  });

  it('[R68] a card deleted since the version comes back with its author, time and theme; one made since goes', () => {
    const server = serverBoard();
    const a = testCard(server, ALICE, 'A');
    const b = testCard(server, BOB, 'B');
    groupCards(server, FACILITATOR, b, a);
    const version = versionOf(server);
    deleteCard(server, ALICE, a);
    const later = addCard(server, BOB, { column: 'went-well', text: 'later' });
    expect(later.ok).toBe(true);
    restoreVersion(server, version);
    expect(selectCards(server)).toEqual(selectCards(version));
    expect(cardsMap(server).get(a)).not.toBe(undefined);
    expect(versionCounts(server)).toEqual(versionCounts(version));
    expect(versionCounts(server)).toMatchObject({ cards: 2, themes: 1 });
  });
});
