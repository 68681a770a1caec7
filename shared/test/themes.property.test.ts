import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectCards } from '../src/index';
import { PROPERTY_RUNS } from './helpers';
import { runScenario, stepArb } from './network';
import { boardCommandArb, History, layoutView, seededRandom, shownCardIds } from './simulation';

const scenarioArb = fc.record({
  replicas: fc.integer({ min: 3, max: 5 }),
  seed: fc.integer(),
  steps: fc.array(stepArb(boardCommandArb), { minLength: 20, maxLength: 120 }),
});

describe('themes under concurrency', () => {
  it('[R45] after any interleaving of moves, groupings, merges and dissolves through partitions, every card is in exactly one place, the same on every replica', () => {
    const seen = { concurrentGroupings: 0, renamedWhileMerged: 0, changesOfDeleted: 0 };
    fc.assert(
      fc.property(scenarioArb, ({ replicas: count, seed, steps }) => {
        const history = new History();
        const network = runScenario(count, seed, steps, history, seededRandom(seed), 6);
        const conflicts = history.conflicts();
        if (conflicts.concurrentGroupings) seen.concurrentGroupings++;
        if (conflicts.renamedWhileMerged) seen.renamedWhileMerged++;
        if (conflicts.changesOfDeleted) seen.changesOfDeleted++;

        const [first, ...others] = network.replicas.map((replica) => replica.doc);
        if (!first) throw new Error('no replica');
        const view = layoutView(first);
        // One layout everywhere: the same cards in the same places, and each theme with one title.
        for (const doc of others) expect(layoutView(doc)).toEqual(view);
        const shown = shownCardIds(first);
        expect(new Set(shown).size).toBe(shown.length);
        expect([...shown].sort()).toEqual(selectCards(first).map((card) => card.id).sort());
        const expected = [...history.created.keys()].filter((id) => !history.deleted.has(id));
        expect([...shown].sort()).toEqual(expected.sort());
        // A visible theme always holds a card; hidden ones are never shown.
        for (const theme of view.themes) expect(theme.cards.length).toBeGreaterThan(0);
      }),
      { numRuns: PROPERTY_RUNS },
    );
    // The scenarios must really contain the races this property is about.
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(PROPERTY_RUNS / 20);
  });
});
