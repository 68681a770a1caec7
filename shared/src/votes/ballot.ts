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

const ITEM_KEY = /^(card|theme):[A-Za-z0-9_-]{1,64}$/;

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
}

/** A private room's votes in vote-id order: the order they count in (R48). */
export function readVotes(room: Y.Doc): readonly Vote[] {
  const marks = voteMarksMap(room);
  const votes: Vote[] = [];
  votesMap(room).forEach((item, id) => {
    if (!isVoteId(id) || !isItemKey(item)) return;
    const late = marks.get(id);
    votes.push({ id, item, late: isPhaseId(late) ? late : null });
  });
  return votes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Randomness and time for a vote id; tests pass fixed ones. */
export interface VoteEntropy {
  readonly now: () => number;
  readonly random: () => number;
}

const defaultVoteEntropy: VoteEntropy = { now: Date.now, random: Math.random };

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

/** Marks votes cast outside the Vote phase (R49): kept, never counted, and shown to their owner as such. */
export function markLateVotes(room: Y.Doc, voteIds: readonly string[], phase: PhaseId): void {
  if (voteIds.length === 0) return;
  room.transact(() => {
    const marks = voteMarksMap(room);
    for (const id of voteIds) if (!marks.has(id)) marks.set(id, phase);
  }, new ServerOrigin('markLateVotes'));
}
