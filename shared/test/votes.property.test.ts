import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  castVote,
  checkEncodedUpdate,
  countBallot,
  mayAddDot,
  readVotes,
  pickDotToTakeBack,
  withdrawVotes,
  type BallotCount,
  type ItemKey,
  type GateScope,
  type ItemResolver,
  type VoteRules,
} from '../src/index';
import { ALICE, PROPERTY_RUNS } from './helpers';

const ITEMS: readonly ItemKey[] = ['card:a', 'card:b', 'card:c', 'theme:t'];
/** Items still on the board; `card:c` was deleted, so dots on it count for nothing. */
const resolve: ItemResolver = (item) => (item === 'card:c' ? null : item);
const PRIVATE: GateScope = { privateRoom: true, boardEnded: false };

/** What a tab does: add a dot where its own view says one still counts, take one back, or sync with the server. */
type Step = { readonly tab: number; readonly kind: 'add' | 'remove' | 'sync'; readonly item: ItemKey };

const stepArb: fc.Arbitrary<Step> = fc.record({
  tab: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom('add', 'add', 'remove', 'sync'),
  item: fc.constantFrom(...ITEMS),
});

/** A tab, as the app runs it: a replica of the private room that adds only dots its own count says still count. */
class Tab {
  readonly doc = new Y.Doc();
  private clock: number;
  constructor(
    start: number,
    private readonly random: () => number,
  ) {
    this.clock = start;
  }

  count(rules: VoteRules): BallotCount {
    return countBallot(readVotes(this.doc), resolve, rules);
  }

  act(step: Step, rules: VoteRules): void {
    const count = this.count(rules);
    if (step.kind === 'add' && mayAddDot(count, step.item, rules)) castVote(this.doc, step.item, { now: () => (this.clock += 1000), random: this.random });
    const pick = step.kind === 'remove' ? pickDotToTakeBack(count, step.item) : null;
    if (pick) withdrawVotes(this.doc, [pick]);
  }
}

/** Syncs a tab with the server both ways; every update the tab sends must pass the gate (R46). */
function sync(tab: Tab, server: Y.Doc): void {
  const update = Y.encodeStateAsUpdate(tab.doc, Y.encodeStateVector(server));
  const verdict = checkEncodedUpdate(server, update, ALICE, PRIVATE);
  expect(verdict).toMatchObject({ ok: true });
  Y.applyUpdate(server, update);
  Y.applyUpdate(tab.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(tab.doc)));
}

describe('dot voting across replicas', () => {
  it('[R48] tabs of one participant voting offline at once: after syncing, every replica counts the same dots, within budget and cap', () => {
    let excessSeen = 0;
    fc.assert(
      fc.property(
        fc.record({
          budget: fc.integer({ min: 1, max: 6 }),
          cap: fc.integer({ min: 1, max: 4 }),
          seed: fc.integer({ min: 1, max: 2 ** 30 }),
          steps: fc.array(stepArb, { minLength: 5, maxLength: 60 }),
        }),
        ({ budget, cap, seed, steps }) => {
          const rules = { budget, cap: Math.min(cap, budget) };
          let state = seed;
          const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
          const server = new Y.Doc({ gc: false });
          // Each tab's clock runs differently: ids interleave as they would across devices.
          const tabs = [new Tab(1_000_000, random), new Tab(1_000_500, random), new Tab(999_000, random)];
          for (const step of steps) {
            const tab = tabs[step.tab] as Tab;
            if (step.kind === 'sync') sync(tab, server);
            else tab.act(step, rules);
          }
          for (const tab of tabs) sync(tab, server);
          for (const tab of tabs) sync(tab, server);

          const counts = [server, ...tabs.map((tab) => tab.doc)].map((doc) => countBallot(readVotes(doc), resolve, rules));
          const [first] = counts as [BallotCount];
          for (const count of counts) {
            expect([...count.counted]).toEqual([...first.counted]);
            expect([...count.notCounted]).toEqual([...first.notCounted]);
          }
          expect(first.used).toBeLessThanOrEqual(rules.budget);
          for (const dots of first.counted.values()) expect(dots).toBeLessThanOrEqual(rules.cap);
          // What does not count, and only that, is shown as not counted.
          const all = readVotes(server);
          expect(first.used + first.notCounted.size).toBe(all.length);
          // A dot is left out for the budget only once the whole budget counts.
          const budgetSkipped = [...first.notCounted].filter(([, reason]) => reason === 'budget').map(([id]) => id);
          if (budgetSkipped.length > 0) {
            excessSeen++;
            expect(first.used).toBe(rules.budget);
          }
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
    // The scenarios do reach two tabs spending the same budget offline.
    expect(excessSeen).toBeGreaterThan(0);
  });
});
