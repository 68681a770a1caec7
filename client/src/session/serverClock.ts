import { estimateClockOffset, formatTimer, msUntilNextTick, timerRemainingMs, type ClockSample, type TimerState } from '@hindsight/shared';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { api } from '../api';
import { serverNow, setMeasuredOffset } from './clockOffset';

const SAMPLES = 5;
const RESYNC_MS = 5 * 60_000;

/**
 * The server's clock as seen from here: Date.now() plus an offset measured against
 * GET /api/time. Timers are stored in server time, so every screen counts down the same
 * seconds whatever its own clock says.
 */
const listeners = new Set<() => void>();
export { serverNow };

async function sample(): Promise<ClockSample> {
  const sentAt = Date.now();
  const { now } = await api.time();
  return { sentAt, receivedAt: Date.now(), serverTime: now };
}

/** Measures the offset from a few round trips, one after another; keeps the old one if the server is unreachable. */
export async function syncServerClock(): Promise<void> {
  const samples: ClockSample[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    try {
      samples.push(await sample());
    } catch {
      break;
    }
  }
  const estimate = estimateClockOffset(samples);
  if (!estimate) return;
  setMeasuredOffset(estimate.offset);
  for (const listener of listeners) listener();
}

/** Keeps the offset measured while a board is open: now, every few minutes, and when the network returns. */
export function useServerClockSync(): void {
  useEffect(() => {
    void syncServerClock();
    const timer = setInterval(() => void syncServerClock(), RESYNC_MS);
    const onOnline = () => void syncServerClock();
    window.addEventListener('online', onOnline);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', onOnline);
    };
  }, []);
}

/**
 * The timer's text ("4:05", "+0:12"). Read as an external store: the snapshot is the text
 * itself, which stays equal within a second, and a timeout fires exactly when it changes.
 */
export function useTimerText(timer: TimerState): { text: string; overtime: boolean } {
  const subscribe = useCallback(
    (listener: () => void) => {
      let handle: ReturnType<typeof setTimeout> | undefined;
      const schedule = () => {
        if (!timer.running) return;
        handle = setTimeout(() => {
          listener();
          schedule();
        }, msUntilNextTick(timerRemainingMs(timer, serverNow())) + 5);
      };
      schedule();
      listeners.add(listener);
      return () => {
        clearTimeout(handle);
        listeners.delete(listener);
      };
    },
    [timer],
  );
  const text = useSyncExternalStore(subscribe, () => formatTimer(timerRemainingMs(timer, serverNow())));
  return { text, overtime: text.startsWith('+') };
}
