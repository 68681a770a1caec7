import { isPhaseId, phaseOf, type VersionCounts, type VersionInfo } from '@hindsight/shared';

/** "14:05:12", or "3 Dec, 14:05:12" for a day other than today: seconds tell versions of one minute apart. */
export function versionTime(takenAt: number, now = Date.now()): string {
  const taken = new Date(takenAt);
  const time = taken.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (taken.toDateString() === new Date(now).toDateString()) return time;
  return `${taken.toLocaleDateString([], { day: 'numeric', month: 'short' })}, ${time}`;
}

/** Why the version was kept, in the words of the session. */
export function versionReason(version: VersionInfo, all: readonly VersionInfo[]): string {
  if (version.reason === 'phase') return `Before moving to ${isPhaseId(version.detail) ? phaseOf(version.detail).label : 'another phase'}`;
  if (version.reason === 'restore') {
    const restored = all.find((other) => String(other.id) === version.detail);
    return restored ? `Before restoring ${versionTime(restored.takenAt)}` : 'Before a restore';
  }
  return 'Saved automatically';
}

/** "24 cards · 5 themes · 18 votes · 3 actions", leaving out what is none. */
export function versionCounts(version: VersionInfo): string {
  const { cards, themes, votes, actions } = version.counts;
  const parts = [plural(cards, 'card'), themes ? plural(themes, 'theme') : '', votes ? plural(votes, 'vote') : '', actions ? plural(actions, 'action') : ''];
  return parts.filter(Boolean).join(' · ');
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** What a restore changes, in counts: "Cards go from 7 to 5; actions from 2 to 0." Votes are not restored, so not listed. */
export function countsChange(now: VersionCounts, then: VersionCounts): string {
  const changes = (['cards', 'themes', 'actions'] as const).filter((key) => now[key] !== then[key]).map((key) => `${key} from ${now[key]} to ${then[key]}`);
  if (changes.length === 0) return 'The counts of cards, themes and actions stay the same; texts and places change back.';
  const [first, ...rest] = changes;
  return `${(first ?? '').replace(/^./, (letter) => letter.toUpperCase())}${rest.length > 0 ? `; ${rest.join('; ')}` : ''}.`;
}
