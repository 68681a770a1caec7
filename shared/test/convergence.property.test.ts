import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compareByOrder, isValidOrderKey, selectCards, selectColumns, COLUMN_IDS } from '../src/index';
import { PROPERTY_RUNS } from './helpers';
import { runScenario, stepArb } from './network';
import { commandArb, History, seededRandom } from './simulation';

const scenarioArb = fc.record({
  replicas: fc.integer({ min: 3, max: 5 }),
  seed: fc.integer(),
  steps: fc.array(stepArb(commandArb), { minLength: 20, maxLength: 120 }),
});

describe('convergence of replicas', () => {
  it('[R14] replicas exchanging updates in any order and through partitions converge; no card is duplicated or lost unless deleted', () => {
    const seen = { concurrentMoves: 0, changesOfDeleted: 0, sameSpotInserts: 0 };
    fc.assert(
      fc.property(scenarioArb, ({ replicas: count, seed, steps }) => {
        const history = new History();
        const network = runScenario(count, seed, steps, history, seededRandom(seed));
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
