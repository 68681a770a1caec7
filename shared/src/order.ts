import { BASE_62_DIGITS, generateKeyBetween } from 'fractional-indexing';

/** Longest order key the model accepts; honest keys stay far below it. */
export const MAX_ORDER_KEY_LENGTH = 128;

/** Random digits appended to every new key, so two replicas inserting at one spot differ. */
const JITTER_DIGITS = 4;

const KEY_PATTERN = /^[A-Za-z][0-9A-Za-z]*$/;

/**
 * True for keys the fractional-indexing library can order against. The library maps
 * characters outside its alphabet to digit zero without complaint, which would order
 * keys wrongly, so the alphabet is checked here.
 */
export function isValidOrderKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length > MAX_ORDER_KEY_LENGTH || !KEY_PATTERN.test(key)) {
    return false;
  }
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

/** Display order: by key, then by id, so equal keys from concurrent inserts are harmless. */
export function compareByOrder(a: { order: string; id: string }, b: { order: string; id: string }): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

function jitterSuffix(random: () => number): string {
  let suffix = '';
  for (let i = 0; i < JITTER_DIGITS; i++) {
    // Digit zero is left out: a key may not end in the alphabet's smallest digit.
    suffix += BASE_62_DIGITS[1 + Math.floor(random() * (BASE_62_DIGITS.length - 1))];
  }
  return suffix;
}

/** A fresh, jittered key strictly between `before` and `after` (null for an open end). */
export function orderKeyBetween(
  before: string | null,
  after: string | null,
  random: () => number = Math.random,
): string {
  const base = generateKeyBetween(before, after);
  const jittered = base + jitterSuffix(random);
  // Appending digits keeps the key above `base`; it can pass `after` only when `base` is a
  // prefix of `after`, and then the plain midpoint is used.
  return after === null || jittered < after ? jittered : base;
}

/**
 * The key for an item placed at `index` among `sortedKeys` (display order, the moved item
 * left out). Neighbours can carry equal keys (two replicas once drew the same one); no key
 * lies between equals, so the new key goes just before the next greater key instead,
 * which misplaces by the size of the tie at worst and never rewrites anyone's key.
 */
export function orderKeyAt(sortedKeys: readonly string[], index: number, random: () => number = Math.random): string {
  const at = Math.max(0, Math.min(index, sortedKeys.length));
  // An empty key is a field not (yet) there, as when a partly delivered update removed the
  // old value before its replacement arrived: it bounds nothing.
  let before: string | null = null;
  for (let i = at - 1; i >= 0 && before === null; i--) before = sortedKeys[i] || null;
  let after: string | null = null;
  for (let i = at; i < sortedKeys.length && after === null; i++) {
    const key = sortedKeys[i] ?? '';
    if (key !== '' && (before === null || key > before)) after = key;
  }
  return orderKeyBetween(before, after, random);
}
