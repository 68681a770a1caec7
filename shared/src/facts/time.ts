/**
 * Wall-clock times in IANA time zones, with nothing but Intl: an instant is stored as ms
 * since the epoch plus the zone it was entered in, so events entered in different zones
 * still sort by when they happened.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, format);
  }
  return format;
}

export const MAX_TIME_ZONE_LENGTH = 64;

/**
 * A zone is valid in its canonical spelling only ("Europe/Berlin", not "europe/berlin"), as
 * Intl resolves it. Only valid zones are cached, so however many spellings a client sends,
 * the cache holds at most the few hundred real zones.
 */
export function isValidTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > MAX_TIME_ZONE_LENGTH) return false;
  if (formatters.has(zone)) return true;
  try {
    if (new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone !== zone) return false;
  } catch {
    return false;
  }
  formatter(zone);
  return true;
}

/** A wall-clock reading: what a clock in some zone showed. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** What a clock in `zone` showed at `epochMs`. */
export function wallTimeIn(epochMs: number, zone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

function asUtc(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** How far `zone` is ahead of UTC at `epochMs`, in ms. */
export function zoneOffsetMs(epochMs: number, zone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return asUtc(wallTimeIn(whole, zone)) - whole;
}

const DAY = 86_400_000;

function sameWall(a: WallTime, b: WallTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second;
}

/**
 * The instant a clock in `zone` shows `wall`. It tries the offsets in force a day before and
 * a day after. A wall time shown twice (when clocks fall back) is its first occurrence; one
 * never shown (skipped when clocks spring forward) is read with the offset from before the
 * change, which lands just after the gap: 02:30 on a spring-forward night is 03:30.
 */
export function epochOfWallTime(wall: WallTime, zone: string): number {
  const guess = asUtc(wall);
  const before = guess - zoneOffsetMs(guess - DAY, zone);
  const after = guess - zoneOffsetMs(guess + DAY, zone);
  const shown = [before, after].filter((epoch) => sameWall(wallTimeIn(epoch, zone), wall));
  return shown.length > 0 ? Math.min(...shown) : before;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2025-02-09T10:15" in `zone`, the value a datetime-local input takes. */
export function toLocalInput(epochMs: number, zone: string): string {
  const w = wallTimeIn(epochMs, zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** The instant of a datetime-local value ("2025-02-09T10:15" or with seconds) read in `zone`; null if it is not one. */
export function fromLocalInput(value: string, zone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match || !isValidTimeZone(zone)) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map<number>((part) => Number(part ?? 0));
  const wall = { year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: hour ?? 0, minute: minute ?? 0, second: second ?? 0 };
  const daysInMonth = new Date(Date.UTC(wall.year, wall.month, 0)).getUTCDate();
  if (wall.year < 1970 || wall.year > 2200 || wall.month < 1 || wall.month > 12) return null;
  if (wall.day < 1 || wall.day > daysInMonth || wall.hour > 23 || wall.minute > 59 || wall.second > 59) return null;
  return epochOfWallTime(wall, zone);
}

/** "HH:MM" (or with seconds when there are any) as a clock in `zone` showed it. */
export function formatClock(epochMs: number, zone: string): string {
  const w = wallTimeIn(epochMs, zone);
  return `${pad(w.hour)}:${pad(w.minute)}${w.second ? `:${pad(w.second)}` : ''}`;
}

/** A duration as people say it: "45 min", "2 h 5 min", "1 d 3 h". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const sign = ms < 0 ? '−' : '';
  if (minutes < 60) return `${sign}${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${sign}${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${sign}${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}
