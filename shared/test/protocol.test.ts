import { describe, expect, it } from 'vitest';
import { CLOSE, closeReason } from '../src/index';

describe('close reasons', () => {
  it('fit the 123-byte limit whatever a client put in the detail', () => {
    const reason = closeReason(CLOSE.ruleViolation, `R1: Clients may not write the "${'ü'.repeat(100)}" part of the board.`);
    expect(reason.startsWith('R1: ')).toBe(true);
    // Printable ASCII only, so its length in characters is its length in bytes.
    expect(/^[\x20-\x7e]*$/.test(reason) && reason.length <= 123).toBe(true);
    expect(closeReason(CLOSE.unknownBoard)).toBe(CLOSE.unknownBoard.reason);
  });
});
