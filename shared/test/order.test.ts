import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareByOrder, isValidOrderKey, orderKeyAt, orderKeyBetween } from '../src/index';
import { PROPERTY_RUNS } from './helpers';

function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

describe('order keys', () => {
  it('[R13] a key placed at an index sorts exactly there', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 60 }), fc.integer(), (indexes, seed) => {
        const random = seeded(seed);
        const keys: string[] = [];
        for (const index of indexes) {
          const at = Math.min(index, keys.length);
          const key = orderKeyAt(keys, at, random);
          expect(isValidOrderKey(key)).toBe(true);
          keys.splice(at, 0, key);
        }
        expect([...keys].sort()).toEqual(keys);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('[R13] two replicas inserting at the same spot draw different keys', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 200; i++) keys.add(orderKeyBetween('a0', 'a1'));
    expect(keys.size).toBe(200);
  });

  it('[R13] between equal keys the new key goes before the next greater one, rewriting nothing', () => {
    const random = seeded(7);
    const keys = ['a0', 'a0V', 'a0V', 'a2'];
    const key = orderKeyAt(keys, 2, random);
    expect(key > 'a0V').toBe(true);
    expect(key < 'a2').toBe(true);
  });

  it('[R13] display order is by key, then by id', () => {
    const cards = [
      { id: 'b', order: 'a1' },
      { id: 'a', order: 'a1' },
      { id: 'z', order: 'a0' },
    ];
    expect([...cards].sort(compareByOrder).map((card) => card.id)).toEqual(['z', 'a', 'b']);
  });

  it('[R9] keys outside the alphabet, with a trailing zero or too long are invalid', () => {
    expect(isValidOrderKey('a0')).toBe(true);
    expect(isValidOrderKey('a0V3kq')).toBe(true);
    for (const bad of ['', 'a0!', 'a00', 'a', ' a0', 'a0 ', 7, null, `a0${'V'.repeat(200)}`]) {
      expect(isValidOrderKey(bad)).toBe(false);
    }
  });
});
