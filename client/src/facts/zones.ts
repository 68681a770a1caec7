import { isValidTimeZone } from '@hindsight/shared';

/** The viewer's own time zone, the default until the facts name one. */
export function browserZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isValidTimeZone(zone) ? zone : 'UTC';
}

let zones: readonly string[] | null = null;

/** Every IANA zone this browser knows, UTC first. */
export function allZones(): readonly string[] {
  if (!zones) {
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    zones = ['UTC', ...known.filter((zone) => zone !== 'UTC' && isValidTimeZone(zone))];
  }
  return zones;
}
