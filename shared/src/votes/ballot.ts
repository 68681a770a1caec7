import * as Y from 'yjs';
import { done, fail, run, type CommandResult } from '../commandKit';
import { ROOT } from '../layout';
import { ServerOrigin } from '../origin';
import { isPhaseId, type PhaseId } from '../session/phases';

/**
 * Dot voting (step 8). A participant's votes live in their private room, never in the
 * board: the room's `votes` map holds one entry per dot, vote id → the item it is on. The
 * server counts them (R48) and publishes only how many dots each person has used, until a
 * facilitator reveals the totals (R50).
 */

/** What a dot can be on: a theme, or a card that is in no theme. */
export type ItemKey = `card:${string}` | `theme:${string}`;

/** Any id the gate lets a card or a theme have (1 to 200 characters) can take dots. */
const ITEM_KEY = /^(card|theme):[\s\S]{1,200}$/;

/** Vote ids: a time part then a random part, all base 36, so their order is roughly the order they were cast. */
const VOTE_ID = /^[0-9a-z]{8,40}$/;

/** Live votes a private room may hold: far above any budget, even from several tabs voting offline at once (R46). */
export const MAX_VOTE_ENTRIES = 200;

export function isItemKey(value: unknown): value is ItemKey {
  return typeof value === 'string' && ITEM_KEY.test(value);
}

export function isVoteId(value: unknown): value is string {
  return typeof value === 'string' && VOTE_ID.test(value);
}

export function cardItem(cardId: string): ItemKey {
  return `card:${cardId}`;
}

export function themeItem(themeId: string): ItemKey {
  return `theme:${themeId}`;
}

/** The kind and id an item key names. */
export function parseItemKey(key: ItemKey): { readonly kind: 'card' | 'theme'; readonly id: string } {
  const at = key.indexOf(':');
  return { kind: key.slice(0, at) as 'card' | 'theme', id: key.slice(at + 1) };
}

export function votesMap(room: Y.Doc): Y.Map<unknown> {
  return room.getMap(ROOT.votes);
}

export function voteMarksMap(room: Y.Doc): Y.Map<unknown> {
  return room.getMap(ROOT.voteMarks);
}

/** One dot: where it is and, if it was cast outside the Vote phase, the phase the server saw it in (R49). */
export interface Vote {
  readonly id: string;
  readonly item: ItemKey;
  readonly late: PhaseId | null;
  /** Taken back while voting was closed: the dot still counts, as if it had not been (R49). */
  readonly keptFrom: PhaseId | null;
}

/**
 * A mark the server leaves on a vote (R49): the phase a vote was cast in outside Vote, or
 * `{ withdrawn, item }` for one taken back outside Vote, which keeps counting.
 */
export type VoteMark = PhaseId | { readonly withdrawn: PhaseId; readonly item: ItemKey };

function keptVote(mark: unknown): { withdrawn: PhaseId; item: ItemKey } | null {
  if (typeof mark !== 'object' || mark === null) return null;
  const { withdrawn, item } = mark as Record<string, unknown>;
  return isPhaseId(withdrawn) && isItemKey(item) ? { withdrawn, item } : null;
}

/** A private room's votes in vote-id order: the order they count in (R48), with dots taken back too late still in (R49). */
export function readVotes(room: Y.Doc): readonly Vote[] {
  const marks = voteMarksMap(room);
  const live = votesMap(room);
  const votes: Vote[] = [];
  live.forEach((item, id) => {
    if (!isVoteId(id) || !isItemKey(item)) return;
    const late = marks.get(id);
    votes.push({ id, item, late: isPhaseId(late) ? late : null, keptFrom: null });
  });
  marks.forEach((mark, id) => {
    const kept = keptVote(mark);
    if (kept && isVoteId(id) && !live.has(id)) votes.push({ id, item: kept.item, late: null, keptFrom: kept.withdrawn });
  });
  return votes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Randomness and time for a vote id; tests pass fixed ones. */
export interface VoteEntropy {
  readonly now: () => number;
  readonly random: () => number;
}

/** Strictly increasing within a tab, so a tab's dots count in the order it cast them, even two in one millisecond. */
let lastVoteTime = 0;
const defaultVoteEntropy: VoteEntropy = {
  now: () => (lastVoteTime = Math.max(Date.now(), lastVoteTime + 1)),
  random: Math.random,
};

export function newVoteId(entropy: VoteEntropy = defaultVoteEntropy): string {
  const time = Math.max(0, Math.floor(entropy.now())).toString(36).padStart(9, '0').slice(-9);
  let tail = '';
  for (let i = 0; i < 8; i++) tail += Math.floor(entropy.random() * 36).toString(36);
  return time + tail;
}

/** Adds one dot on `item`. Budget and cap are the counter's business (R48): a dot beyond them is kept and shown "not counted". */
export function castVote(room: Y.Doc, item: ItemKey, entropy: VoteEntropy = defaultVoteEntropy): CommandResult<{ voteId: string }> {
  if (!isItemKey(item)) return fail('invalid', 'Votes go on a theme or a card.', 'R46');
  if (votesMap(room).size >= MAX_VOTE_ENTRIES) return fail('invalid', `A private room holds at most ${MAX_VOTE_ENTRIES} votes.`, 'R46');
  let voteId = newVoteId(entropy);
  while (votesMap(room).has(voteId)) voteId = newVoteId(entropy);
  run(room, 'castVote', () => votesMap(room).set(voteId, item));
  return { ok: true, value: { voteId } };
}

/** Takes dots back, by vote id (`pickDotToTakeBack` says which one an item gives up). */
export function withdrawVotes(room: Y.Doc, voteIds: readonly string[]): CommandResult {
  const votes = votesMap(room);
  const present = voteIds.filter((id) => votes.has(id));
  if (present.length === 0) return fail('not-found', 'There is no dot of yours here to take back.');
  run(room, 'withdrawVote', () => {
    for (const id of present) votes.delete(id);
  });
  return done;
}

/**
 * Marks what a participant did to their votes outside the Vote phase (R49): a dot cast then
 * is kept and never counted; a dot taken back then keeps counting where it was. Either way
 * the result of the vote stays as it was when voting closed, and the owner sees why.
 */
export function markLateVotes(room: Y.Doc, late: { readonly cast: readonly string[]; readonly withdrawn: ReadonlyMap<string, ItemKey> }, phase: PhaseId): void {
  if (late.cast.length === 0 && late.withdrawn.size === 0) return;
  room.transact(() => {
    const marks = voteMarksMap(room);
    for (const id of late.cast) if (!marks.has(id)) marks.set(id, phase);
    // A dot cast late and then taken back is simply gone; only one that counted is kept.
    for (const [id, item] of late.withdrawn) if (!marks.has(id)) marks.set(id, { withdrawn: phase, item });
    // The mark of a late dot that is gone again says nothing any more: pruned, so marks stay bounded.
    const live = votesMap(room);
    for (const [id, mark] of [...marks.entries()]) if (typeof mark === 'string' && !live.has(id)) marks.delete(id);
  }, new ServerOrigin('markLateVotes'));
}

/**
 * Voting opens again (a second round, or a phase change undone): dots taken back while it
 * was closed are gone now, as their owner meant. Answers whether anything was cleared.
 */
export function clearKeptVotes(room: Y.Doc): boolean {
  const marks = voteMarksMap(room);
  const kept = [...marks.entries()].filter(([, mark]) => keptVote(mark) !== null).map(([id]) => id);
  if (kept.length === 0) return false;
  room.transact(() => {
    for (const id of kept) marks.delete(id);
  }, new ServerOrigin('markLateVotes'));
  return true;
}

/** Items of the live votes `voteIds` names, read before an update takes them back (R49). */
export function liveVoteItems(room: Y.Doc, voteIds: readonly string[]): ReadonlyMap<string, ItemKey> {
  const items = new Map<string, ItemKey>();
  const live = votesMap(room);
  for (const id of voteIds) {
    const item = live.get(id);
    if (isItemKey(item)) items.set(id, item);
  }
  return items;
}
