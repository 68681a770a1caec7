import * as Y from 'yjs';
import { ROOT } from '../layout';
import { isItemKey, isVoteId, MAX_VOTE_ENTRIES } from '../votes/ballot';
import { mapValue } from './entities';
import type { Place } from './places';
import { refuse } from './verdict';

/**
 * The rules for a private room's `votes` (R46): one entry per dot, vote id → the item it is
 * on, plain strings only, and a bounded number of them. Budget and cap are not the gate's
 * business: dots beyond them are kept and shown "not counted" (R48), never refused.
 */
export class VotesJudge {
  /** Vote ids the update gives a value that stays: votes cast, for the server's late marks (R49). */
  private readonly cast = new Set<string>();
  /** Vote ids whose live value the update deletes: dots taken back (R49). */
  private readonly withdrawn = new Set<string>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly isDeleted: (item: Y.Item) => boolean,
    private readonly isDeletedNow: (item: Y.Item) => boolean,
  ) {}

  written(item: Y.Item, place: Place): void {
    const [voteId] = place.keys;
    if (place.keys.length !== 1 || typeof voteId !== 'string') refuse('R46', 'A vote is one entry, its id naming the item; nothing nested.');
    if (!isVoteId(voteId)) refuse('R46', 'A vote id is 8 to 40 lowercase letters and digits.');
    // A vote id names one dot for good: moving a dot is taking it back and casting another.
    if (this.doc.share.get(ROOT.votes)?._map.has(voteId)) refuse('R46', 'A vote id is used once; cast a new vote instead.');
    if (item.content instanceof Y.ContentDeleted) return;
    if (!isItemKey(mapValue(item))) refuse('R46', 'A vote names a theme or a card ("theme:<id>" or "card:<id>").');
    if (!this.isDeleted(item)) this.cast.add(voteId);
  }

  deleted(item: Y.Item, place: Place): void {
    const [voteId] = place.keys;
    if (place.keys.length !== 1 || typeof voteId !== 'string') refuse('R46', 'A vote holds nothing nested.');
    if (this.doc.share.get(ROOT.votes)?._map.get(voteId) === item) this.withdrawn.add(voteId);
  }

  /** Checks the number of live votes once the update is applied; answers the votes cast and taken back. */
  finish(): { readonly cast: readonly string[]; readonly withdrawn: readonly string[] } {
    let live = this.cast.size;
    for (const [key, item] of this.doc.share.get(ROOT.votes)?._map ?? []) {
      if (!item.deleted && !this.isDeletedNow(item) && !this.cast.has(key)) live++;
    }
    if (live > MAX_VOTE_ENTRIES) refuse('R46', `A private room holds at most ${MAX_VOTE_ENTRIES} votes.`);
    return { cast: [...this.cast], withdrawn: [...this.withdrawn] };
  }
}
