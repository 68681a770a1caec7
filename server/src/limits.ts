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
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  updatesPerSecond: 50,
  updateBurst: 250,
  awarenessPerSecond: 60,
  awarenessBurst: 120,
  maxBufferedBytes: 8 * 1024 * 1024,
};
