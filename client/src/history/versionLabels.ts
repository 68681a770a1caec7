import { isPhaseId, phaseOf, type VersionInfo } from '@hindsight/shared';

/** "14:05", or "3 Dec, 14:05" for a day other than today. */
export function versionTime(takenAt: number, now = Date.now()): string {
  const taken = new Date(takenAt);
  const time = taken.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
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
  return 'While people were writing';
}

/** "24 cards · 5 themes · 18 votes · 3 actions", leaving out what is none. */
export function versionCounts(version: VersionInfo): string {
  const { cards, themes, votes, actions } = version.counts;
  const parts = [plural(cards, 'card'), themes ? plural(themes, 'theme') : '', votes ? plural(votes, 'vote') : '', actions ? plural(actions, 'action') : ''];
  return parts.filter(Boolean).join(' · ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
