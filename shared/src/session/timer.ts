import type { TimerState } from './state';

/** What is left on the timer at `serverNow`; negative in overtime. */
export function timerRemainingMs(timer: TimerState, serverNow: number): number {
  return timer.running ? timer.endsAt - serverNow : timer.remainingMs;
}

/**
 * The timer as a person reads it: "4:05" counting down, rounded up so it shows 0:01 until
 * the very end, then "+0:00", "+0:01"… in overtime. Every screen that agrees on the server
 * time to within a second therefore shows the same text, or one second apart at a tick.
 */
export function formatTimer(remainingMs: number): string {
  const overtime = remainingMs <= 0;
  const seconds = overtime ? Math.floor(-remainingMs / 1000) : Math.ceil(remainingMs / 1000);
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return overtime ? `+${text}` : text;
}

/** Milliseconds until the displayed text next changes, so a view re-renders on the tick. */
export function msUntilNextTick(remainingMs: number): number {
  const phase = ((remainingMs % 1000) + 1000) % 1000;
  return phase === 0 ? 1000 : phase;
}

/** One round trip to the server's clock: local send and receive times, and the server's answer. */
export interface ClockSample {
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly serverTime: number;
}

/**
 * How far the server's clock is ahead of this one (serverTime ≈ localTime + offset). The
 * sample with the shortest round trip bounds the error best: the server read its clock
 * somewhere inside that trip, so the midpoint is off by at most half of it.
 */
export function estimateClockOffset(samples: readonly ClockSample[]): { offset: number; uncertainty: number } | null {
  let best: ClockSample | null = null;
  for (const sample of samples) {
    const trip = sample.receivedAt - sample.sentAt;
    if (trip < 0 || !Number.isFinite(sample.serverTime)) continue;
    if (!best || trip < best.receivedAt - best.sentAt) best = sample;
  }
  if (!best) return null;
  return { offset: best.serverTime - (best.sentAt + best.receivedAt) / 2, uncertainty: (best.receivedAt - best.sentAt) / 2 };
}
