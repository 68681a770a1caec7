import type { IncomingMessage } from 'node:http';
/**
 * A token bucket: `perSecond` tokens a second, up to `burst` saved. Honest clients send in
 * bursts (a reconnect, a paste, a drag), so a burst passes; a flood does not.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token; false when none is left. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Per-connection limits (R64), from the environment with the README's defaults. */
export interface ConnectionLimits {
  readonly updatesPerSecond: number;
  readonly updateBurst: number;
  readonly awarenessPerSecond: number;
  readonly awarenessBurst: number;
  /** A socket with more than this many bytes waiting to be sent is closed: its reader does not keep up. */
  readonly maxBufferedBytes: number;
  /** The largest presence state (JSON) one client id may hold: the server relays it to everyone, many times a second. */
  readonly maxPresenceBytes: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  updatesPerSecond: 50,
  updateBurst: 250,
  awarenessPerSecond: 60,
  awarenessBurst: 120,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxPresenceBytes: 8 * 1024,
};

/** Open websockets per key, a board or a client address (R65): a place taken on accept, given back on close. */
export class ConnectionSlots {
  private readonly held = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Takes a place, or answers false when the key holds its most. */
  take(key: string): boolean {
    const count = this.held.get(key) ?? 0;
    if (count >= this.max) return false;
    this.held.set(key, count + 1);
    return true;
  }

  release(key: string): void {
    const left = (this.held.get(key) ?? 1) - 1;
    if (left > 0) this.held.set(key, left);
    else this.held.delete(key);
  }
}

/** Boards created per client address in the last hour (R65): a sliding window, pruned as it is read. */
export class CreationWindow {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly perHour: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one creation, or answers the seconds until one is allowed again. */
  take(address: string): { ok: true } | { ok: false; retryAfter: number } {
    const now = this.now();
    // Addresses seen once an hour ago would otherwise stay for good.
    if (this.times.size > 10_000) {
      for (const [seen, times] of this.times) if (now - (times.at(-1) ?? 0) >= 3_600_000) this.times.delete(seen);
    }
    const recent = (this.times.get(address) ?? []).filter((time) => now - time < 3_600_000);
    if (recent.length >= this.perHour) {
      this.times.set(address, recent);
      return { ok: false, retryAfter: Math.ceil((3_600_000 - (now - (recent[0] as number))) / 1000) };
    }
    recent.push(now);
    this.times.set(address, recent);
    return { ok: true };
  }
}

/**
 * The client's address for the limits of R65. Without trusted proxies it is the socket's
 * peer. Behind `hops` proxies that each append to X-Forwarded-For, it is the entry the
 * outermost trusted proxy wrote: entries further left come from the client, which could
 * write anything there to dodge its limits.
 */
export function clientAddress(req: IncomingMessage, hops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (hops === 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - hops)] ?? peer;
}
