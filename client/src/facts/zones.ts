/** The viewer's own time zone, the default until the facts name one. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

let zones: readonly string[] | null = null;

/** Every IANA zone this browser knows, UTC first. */
export function allZones(): readonly string[] {
  if (!zones) {
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    zones = ['UTC', ...known.filter((zone) => zone !== 'UTC')];
  }
  return zones;
}
