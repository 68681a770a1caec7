import * as Y from 'yjs';
import { actionsMap } from './actions/model';
import { cardsMap, ROOT, themesMap } from './layout';
import { ServerOrigin } from './origin';
import type { PhaseId } from './session/phases';
import { SESSION, selectSession, sessionMap } from './session/state';
import { selectTally } from './votes/tally';

/** Why the server kept a version of a board (R68). */
export type VersionReason = 'activity' | 'phase' | 'restore';

/** What a version's list entry shows, without its state. */
export interface VersionCounts {
  readonly cards: number;
  readonly themes: number;
  /** Dots in the board's published totals: votes not yet revealed are not the board's to show (R50). */
  readonly votes: number;
  readonly actions: number;
}

export interface VersionInfo {
  readonly id: number;
  readonly takenAt: number;
  readonly reason: VersionReason;
  /** For `phase`: the phase the board was about to enter; for `restore`: the version then restored. */
  readonly detail: string;
  /** The phase the board was in when the version was taken. */
  readonly phase: PhaseId;
  readonly counts: VersionCounts;
}

/**
 * The roots a restore brings back: what the team wrote. Who is on the board and their roles,
 * the phase, the timer, the action numbering (all in `session`) and the dots (private ballots,
 * counted into `tally`) stay as they are now, so a restore never changes who may do what,
 * never reuses an action number and never reveals a vote.
 */
export const RESTORED_ROOTS: readonly string[] = [ROOT.facts, ROOT.timeline, ROOT.cards, ROOT.themes, ROOT.whys, ROOT.notes, ROOT.links, ROOT.actions];

export function versionCounts(doc: Y.Doc): VersionCounts {
  let votes = 0;
  for (const total of selectTally(doc).values()) votes += total.dots;
  return { cards: cardsMap(doc).size, themes: themesMap(doc).size, votes, actions: actionsMap(doc).size };
}

export function versionPhase(doc: Y.Doc): PhaseId {
  return selectSession(doc).phase;
}

/**
 * Makes the board's restorable roots equal to `target`'s as forward edits, in one server
 * transaction (R68): what is equal is left alone, texts are edited where they differ,
 * entities missing now are written afresh with their old fields. Replacing the stored
 * document instead would be undone by every client that resyncs its own copy.
 */
export function restoreVersion(doc: Y.Doc, target: Y.Doc, note?: RestoreNote): void {
  doc.transact(() => {
    for (const root of RESTORED_ROOTS) matchMap(doc.getMap(root), target.getMap(root));
    if (note) sessionMap(doc).set(SESSION.lastRestore, { ...note });
  }, new ServerOrigin('restoreVersion'));
}

/** Who restored which version, and when: everyone on the board is told (R68). */
export interface RestoreNote {
  readonly by: string;
  readonly at: number;
  /** When the restored version was taken. */
  readonly versionTakenAt: number;
}

export function selectLastRestore(doc: Y.Doc): RestoreNote | null {
  const value = sessionMap(doc).get(SESSION.lastRestore) as Partial<RestoreNote> | undefined;
  if (!value || typeof value.by !== 'string' || typeof value.at !== 'number' || typeof value.versionTakenAt !== 'number') return null;
  return { by: value.by, at: value.at, versionTakenAt: value.versionTakenAt };
}

function matchMap(live: Y.Map<unknown>, target: Y.Map<unknown>): void {
  for (const key of [...live.keys()]) if (!target.has(key)) live.delete(key);
  target.forEach((wanted, key) => {
    const current = live.get(key);
    if (wanted instanceof Y.Map && current instanceof Y.Map) matchMap(current as Y.Map<unknown>, wanted as Y.Map<unknown>);
    else if (wanted instanceof Y.Text && current instanceof Y.Text) matchText(current, wanted.toJSON());
    else if (wanted instanceof Y.Array && current instanceof Y.Array) matchArray(current as Y.Array<unknown>, wanted as Y.Array<unknown>);
    else if (wanted instanceof Y.AbstractType || current instanceof Y.AbstractType || !sameValue(current, wanted)) live.set(key, copyOf(wanted));
  });
}

/** Edits only the differing middle, so a concurrent edit elsewhere in the text survives. */
function matchText(live: Y.Text, wanted: string): void {
  const current = live.toJSON();
  if (current === wanted) return;
  let start = 0;
  while (start < current.length && start < wanted.length && current[start] === wanted[start]) start++;
  let end = 0;
  while (end < current.length - start && end < wanted.length - start && current[current.length - 1 - end] === wanted[wanted.length - 1 - end]) end++;
  const removed = current.length - start - end;
  if (removed > 0) live.delete(start, removed);
  const inserted = wanted.slice(start, wanted.length - end);
  if (inserted.length > 0) live.insert(start, inserted);
}

function matchArray(live: Y.Array<unknown>, target: Y.Array<unknown>): void {
  if (JSON.stringify(live.toJSON()) === JSON.stringify(target.toJSON())) return;
  live.delete(0, live.length);
  live.insert(0, target.toArray().map(copyOf));
}

/** A fresh copy of a value read from another document: Yjs types cannot be moved between documents. */
function copyOf(value: unknown): unknown {
  if (value instanceof Y.Text) return new Y.Text(value.toJSON());
  if (value instanceof Y.Map) {
    const copy = new Y.Map<unknown>();
    (value as Y.Map<unknown>).forEach((inner, key) => copy.set(key, copyOf(inner)));
    return copy;
  }
  if (value instanceof Y.Array) {
    const copy = new Y.Array<unknown>();
    copy.insert(0, (value as Y.Array<unknown>).toArray().map(copyOf));
    return copy;
  }
  return value;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
