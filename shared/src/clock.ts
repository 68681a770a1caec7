import type { TimeWindow } from './gate/entities';

/**
 * How far a new entity's creation time may lie from the server's clock (R67). Honest
 * browsers stamp with the server's time (they measure the offset), so an hour covers an
 * offset measured before a long offline stretch, not a forged date.
 */
export const CLOCK_SKEW_MS = 60 * 60_000;

let clock: () => number = () => Date.now();

/** The time the model's commands stamp on what they create: the server's, once the app knows its offset. */
export function boardNow(): number {
  return clock();
}

/** Lets the app stamp with the server's clock instead of the device's. */
export function setBoardClock(next: () => number): void {
  clock = next;
}

/** When something new on a board made at `boardCreatedAt` may say it was made, judged at server time `now` (R67). */
export function creationWindow(boardCreatedAt: number, now: number): TimeWindow {
  return { earliest: Math.min(boardCreatedAt, now) - CLOCK_SKEW_MS, latest: now + CLOCK_SKEW_MS };
}
