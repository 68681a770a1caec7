import { describe, expect, it } from 'vitest';
import { noteServerDate, serverNow, setMeasuredOffset } from '../src/session/clockOffset';

describe('the server clock as the app knows it', () => {
  it('[R67] an answer’s Date header sets it to the second until round trips measure it', () => {
    const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000).toUTCString();
    noteServerDate(threeHoursAgo);
    expect(Math.abs(serverNow() - (Date.now() - 3 * 3_600_000))).toBeLessThan(2000);
    noteServerDate('not a date');
    expect(Math.abs(serverNow() - (Date.now() - 3 * 3_600_000))).toBeLessThan(2000);
    setMeasuredOffset(42);
    // A measured offset wins over any later header.
    noteServerDate(new Date(Date.now() + 3_600_000).toUTCString());
    expect(serverNow() - Date.now()).toBeGreaterThanOrEqual(41);
    expect(serverNow() - Date.now()).toBeLessThan(100);
  });
});
