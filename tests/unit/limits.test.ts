import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { clientAddress, ConnectionSlots, CreationWindow, TokenBucket } from '../../server/src/limits';

describe('[R64][R65] the limit bookkeeping', () => {
  it('a token bucket lets a burst through, then the rate, and refills with time', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    expect(Array.from({ length: 6 }, () => bucket.take())).toEqual([true, true, true, true, true, false]);
    now += 100;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 10_000;
    expect(Array.from({ length: 6 }, () => bucket.take()).filter(Boolean)).toHaveLength(5);
  });

  it('connection slots hold at most their number per key, and give back what they took', () => {
    const slots = new ConnectionSlots(2);
    expect([slots.take('b1'), slots.take('b1'), slots.take('b1'), slots.take('b2')]).toEqual([true, true, false, true]);
    slots.release('b1');
    expect([slots.take('b1'), slots.take('b1')]).toEqual([true, false]);
    // Released to zero, a key is forgotten: the map does not grow with every board ever seen.
    slots.release('b2');
    expect((slots as unknown as { held: Map<string, number> }).held.has('b2')).toBe(false);
  });

  it('the creation window slides by the hour and forgets addresses not seen for an hour', () => {
    let now = 0;
    const window = new CreationWindow(2, () => now);
    expect([window.take('a'), window.take('a')].every((answer) => answer.ok)).toBe(true);
    expect(window.take('a')).toEqual({ ok: false, retryAfter: 3600 });
    now += 1_800_000;
    expect(window.take('a')).toEqual({ ok: false, retryAfter: 1800 });
    now += 1_800_000;
    expect(window.take('a').ok).toBe(true);
    for (let i = 0; i < 10_001; i++) window.take(`x${i}`);
    now += 3_600_000;
    window.take('fresh');
    expect((window as unknown as { times: Map<string, number[]> }).times.size).toBeLessThan(10);
  });

  it('[R65] the client address is the peer, or the entry the outermost trusted proxy wrote', () => {
    const request = (forwardedFor?: string) => ({ socket: { remoteAddress: '10.0.0.2' }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;
    expect(clientAddress(request('203.0.113.7'), 0)).toBe('10.0.0.2');
    expect(clientAddress(request('203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request('forged, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request('203.0.113.7, 10.0.0.1'), 2)).toBe('203.0.113.7');
    // Fewer entries than trusted hops: the leftmost there is, never undefined.
    expect(clientAddress(request(), 1)).toBe('10.0.0.2');
    expect(clientAddress(request('203.0.113.7'), 3)).toBe('203.0.113.7');
  });
});
