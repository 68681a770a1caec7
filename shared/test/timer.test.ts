import { describe, expect, it } from 'vitest';
import { estimateClockOffset, formatTimer, msUntilNextTick, timerRemainingMs, type TimerState } from '../src/index';

const running: TimerState = { running: true, endsAt: 1_000_000, remainingMs: 0, durationMs: 600_000 };

describe('timer arithmetic', () => {
  it('[R20] counts down from the end time in server time, and holds still while paused', () => {
    expect(timerRemainingMs(running, 1_000_000 - 61_500)).toBe(61_500);
    expect(timerRemainingMs({ ...running, running: false, remainingMs: 42_000 }, 5)).toBe(42_000);
  });

  it('[R20] shows whole seconds rounded up, then overtime counting up from +0:00', () => {
    expect(formatTimer(600_000)).toBe('10:00');
    expect(formatTimer(61_500)).toBe('1:02');
    expect(formatTimer(1)).toBe('0:01');
    expect(formatTimer(0)).toBe('+0:00');
    expect(formatTimer(-999)).toBe('+0:00');
    expect(formatTimer(-61_000)).toBe('+1:01');
  });

  it('[R20] re-renders exactly when the displayed second changes', () => {
    expect(msUntilNextTick(61_500)).toBe(500);
    expect(msUntilNextTick(61_000)).toBe(1000);
    expect(msUntilNextTick(-250)).toBe(750);
    // The text changes at each whole-second boundary, and only there.
    for (const remaining of [61_500, 1_250, -250, -1_999]) {
      const next = remaining - msUntilNextTick(remaining);
      expect(formatTimer(next + 1)).toBe(formatTimer(remaining));
      expect(formatTimer(next)).not.toBe(formatTimer(remaining));
    }
  });

  it('[R20] two clocks an hour apart compute the same remaining time from their offsets', () => {
    const serverNow = 5_000_000;
    const timer: TimerState = { ...running, endsAt: serverNow + 300_000 };
    // The server answered 20 ms into a 40 ms round trip on a clock that is one hour fast, and
    // into a 10 ms one on a clock two minutes slow.
    const fast = estimateClockOffset([
      { sentAt: serverNow + 3_600_000 - 20, receivedAt: serverNow + 3_600_000 + 20, serverTime: serverNow },
      { sentAt: 0, receivedAt: 900, serverTime: 123 },
    ]);
    const slow = estimateClockOffset([{ sentAt: serverNow - 120_000 - 5, receivedAt: serverNow - 120_000 + 5, serverTime: serverNow }]);
    expect(fast).toEqual({ offset: -3_600_000, uncertainty: 20 });
    expect(slow).toEqual({ offset: 120_000, uncertainty: 5 });
    const localFast = serverNow + 3_600_000 + 12_345;
    const localSlow = serverNow - 120_000 + 12_345;
    expect(formatTimer(timerRemainingMs(timer, localFast + (fast?.offset ?? NaN)))).toBe('4:48');
    expect(formatTimer(timerRemainingMs(timer, localSlow + (slow?.offset ?? NaN)))).toBe('4:48');
  });

  it('[R20] samples with a negative round trip or no server time are ignored', () => {
    expect(estimateClockOffset([])).toBeNull();
    expect(estimateClockOffset([{ sentAt: 10, receivedAt: 5, serverTime: 7 }])).toBeNull();
    expect(estimateClockOffset([{ sentAt: 0, receivedAt: 10, serverTime: Number.NaN }])).toBeNull();
  });
});
