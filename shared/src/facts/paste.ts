import { epochOfWallTime, isValidTimeZone } from './time';

/** One event read from a pasted line, for the preview. */
export interface PastedEvent {
  /** 1-based line number in the pasted text. */
  readonly line: number;
  readonly at: number;
  readonly zone: string;
  readonly text: string;
  readonly source: string;
}

export interface PasteResult {
  readonly events: readonly PastedEvent[];
  /** Lines that hold something but no leading timestamp (or no text after it). */
  readonly skipped: readonly { readonly line: number; readonly text: string }[];
}

export interface PasteOptions {
  /** The zone for timestamps without an offset, and the zone events are shown in. */
  readonly zone: string;
  /** The day ("YYYY-MM-DD") for times without a date, such as "10:15". */
  readonly date: string;
}

const LEVEL = /^(?:FATAL|ERROR|ERR|WARN|WARNING|INFO|DEBUG|TRACE|NOTICE|CRIT|CRITICAL)\b[:\s]*/;
// An offset sticks to the time ("10:15:32Z", "10:15+01:00"); after a space only "UTC" or a
// four-digit "+0100" counts, so "10:15 +10 replicas" keeps its text.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?!:?\d)(Z(?![\w%])|[+-]\d{2}(?::?\d{2})?(?![\w%])|\s(?:UTC|[+-]\d{4})(?![\w%]))?/i;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?!:?\d)(?:\s*([AaPp])\.?[Mm]\.?(?![a-z]))?/;
// journalctl and syslog: "Feb 09 10:15:32 host unit[123]: message".
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_DAY_TIME = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?!:?\d)/i;
/** Real offsets lie within ±14 hours. */
const MAX_OFFSET_MINUTES = 14 * 60;

interface Stamp {
  readonly date: [number, number, number] | null;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Minutes ahead of UTC given in the timestamp itself, or null to use the zone. */
  readonly offsetMinutes: number | null;
  readonly length: number;
}

function readOffset(raw: string | undefined): number | null {
  const text = raw?.trim();
  if (!text) return null;
  if (/^(z|utc)$/i.test(text)) return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

function readStamp(text: string, year: number): Stamp | null {
  const syslog = MONTH_DAY_TIME.exec(text);
  if (syslog) {
    const [, month, d, h, mi, s] = syslog;
    const monthIndex = MONTHS.indexOf((month ?? '').slice(0, 3).toLowerCase()) + 1;
    return { date: [year, monthIndex, Number(d)], hour: Number(h), minute: Number(mi), second: Number(s ?? 0), offsetMinutes: null, length: syslog[0].length };
  }
  const full = DATE_TIME.exec(text);
  if (full) {
    const [, y, mo, d, h, mi, s, offset] = full;
    return {
      date: [Number(y), Number(mo), Number(d)],
      hour: Number(h),
      minute: Number(mi),
      second: Number(s ?? 0),
      offsetMinutes: readOffset(offset),
      length: full[0].length,
    };
  }
  const time = TIME.exec(text);
  if (!time) return null;
  const [, h, mi, s, half] = time;
  let hour = Number(h);
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half.toLowerCase() === 'p' ? 12 : 0);
  }
  return { date: null, hour, minute: Number(mi), second: Number(s ?? 0), offsetMinutes: null, length: time[0].length };
}

function valid(stamp: Stamp): boolean {
  const [year, month, day] = stamp.date ?? [2000, 1, 1];
  const dateOk = month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = stamp.offsetMinutes === null || Math.abs(stamp.offsetMinutes) <= MAX_OFFSET_MINUTES;
  return dateOk && offsetOk && stamp.hour <= 23 && stamp.minute <= 59 && stamp.second <= 59;
}

/** The timestamp at the start of a line, bracketed or not, after an optional bullet or log level. */
function splitLine(raw: string, year: number): { stamp: Stamp; rest: string; level: string } | null {
  let text = raw.trim().replace(/^[-*•]\s+/, '');
  const level = LEVEL.exec(text);
  if (level) text = text.slice(level[0].length);
  const bracketed = /^[[(]([^\])]{4,40})[\])]\s*/.exec(text);
  let stamp: Stamp | null;
  let rest: string;
  if (bracketed?.[1]) {
    stamp = readStamp(bracketed[1].trim(), year);
    if (stamp && stamp.length !== bracketed[1].trim().length) stamp = null;
    rest = text.slice(bracketed[0].length);
  } else {
    stamp = readStamp(text, year);
    rest = stamp ? text.slice(stamp.length) : '';
    // A time must stand apart from what follows ("10:15 restart", not "10:15am-ish" or "1:2345").
    if (stamp && rest !== '' && !/^[\s\]|,:\-–—]/.test(rest)) stamp = null;
  }
  if (!stamp || !valid(stamp)) return null;
  return { stamp, rest, level: level ? level[0].replace(/[:\s]+$/, '') : '' };
}

/** "alice: restarted the pods" or "<alice> restarted the pods" → who, and what. */
function splitSource(rest: string, level: string): { text: string; source: string } {
  // Separators after the time go ("10:15 - text", "10:15 | text"); a sign that starts the text stays ("-99 errors").
  const text = rest.replace(/^(?:\s|[|:,]|[-–—](?=\s))+/, '').trim();
  // A speaker is one word, or a first and last name ("Jane Doe:"); "Root cause identified:" is not.
  const chat = /^<([^>]{1,40})>\s*(.+)$/.exec(text) ?? /^([A-Za-z@][\w.@'-]{0,38}(?: [A-Z][\w.'-]{0,30})?):\s+(.+)$/.exec(text);
  if (chat?.[1] && chat[2]) return { source: chat[1].trim(), text: chat[2].trim() };
  // A log level after the time ("10:15:32Z ERROR pool exhausted") says where the line came from.
  const after = level ? null : LEVEL.exec(text);
  if (after && after[0].length < text.length) return { source: after[0].replace(/[:\s]+$/, ''), text: text.slice(after[0].length).trim() };
  return { source: level, text };
}

/**
 * Reads chat or log lines that start with a timestamp, one event per line: ISO 8601
 * ("2025-02-09T10:15:32Z", "2025-02-09 10:15"), bracketed ("[2025-02-09 10:15:32]",
 * "[10:15]"), syslog ("Feb 09 10:15:32"), or a bare time ("10:15", "10:15:32", "9:05 PM").
 * Bare times take `date`, and move to the next day when they step back by more than 12
 * hours (past midnight). Lines without a leading timestamp are
 * skipped and listed, so the preview can show what was left out.
 */
export function parseTimeline(input: string, options: PasteOptions): PasteResult {
  const events: PastedEvent[] = [];
  const skipped: { line: number; text: string }[] = [];
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(options.date);
  if (!day || !isValidTimeZone(options.zone)) return { events, skipped };
  let dayOffset = 0;
  let previousBare: number | null = null;
  input.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    const split = splitLine(raw, Number(day[1]));
    const { text, source } = split ? splitSource(split.rest, split.level) : { text: '', source: '' };
    if (!split || text === '') {
      skipped.push({ line: index + 1, text: raw.trim() });
      return;
    }
    const { stamp } = split;
    let date = stamp.date;
    if (!date) {
      const secondsOfDay = stamp.hour * 3600 + stamp.minute * 60 + stamp.second;
      // Only a big step back is a new day: a message a minute late, or clocks falling back, is not.
      if (previousBare !== null && previousBare - secondsOfDay > 12 * 3600) dayOffset++;
      previousBare = secondsOfDay;
      date = [Number(day[1]), Number(day[2]), Number(day[3]) + dayOffset];
    }
    const wall = { year: date[0], month: date[1], day: date[2], hour: stamp.hour, minute: stamp.minute, second: stamp.second };
    const at =
      stamp.offsetMinutes === null
        ? epochOfWallTime(wall, options.zone)
        : Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - stamp.offsetMinutes * 60_000;
    events.push({ line: index + 1, at, zone: options.zone, text: text.slice(0, 500), source: source.slice(0, 100) });
  });
  return { events, skipped };
}
