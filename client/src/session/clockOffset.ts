/**
 * How far the server's clock runs ahead of this device's, in ms. Until the timer's round
 * trips measure it (serverClock.ts), the Date header of any answer gives it to the second:
 * enough for what the board stamps on new cards (R67 allows an hour), on a laptop whose
 * clock is hours off, from the first card on.
 */
let offset = 0;
let measured = false;

export function serverNow(): number {
  return Date.now() + offset;
}

/** A measured offset, from round trips: it replaces any estimate. */
export function setMeasuredOffset(next: number): void {
  offset = next;
  measured = true;
}

/** An answer's Date header (whole seconds, so half a second is added on average), while nothing better is known. */
export function noteServerDate(header: string | null): void {
  if (measured || !header) return;
  const at = Date.parse(header);
  if (!Number.isNaN(at)) offset = at + 500 - Date.now();
}
