import { clearKeptVotes, draftRoomName, participantsMap, publishVoteCounts, readSessionChild, readVotes, tallyMap, type Vote } from '@hindsight/shared';
import type { Room } from './room';

/** Recounts wait this long, so a burst of votes or edits is counted once. */
const RECOUNT_DELAY_MS = 20;

function sameVotes(a: readonly Vote[], b: readonly Vote[]): boolean {
  return a.length === b.length && a.every((vote, i) => vote.id === b[i]?.id && vote.item === b[i]?.item && vote.late === b[i]?.late);
}

/** What the counter needs from the room registry. */
export interface VoteRooms {
  /** A loaded, open room, or null; loads private rooms on demand. */
  readonly getOpen: (name: string) => Promise<Room | null>;
  /** The board's room if it is loaded and open: a recount never loads a board by itself. */
  readonly loadedBoard: (boardId: string) => Room | null;
}

/**
 * Counts dots on the server (R48, R50). Votes live in private rooms; the counter keeps each
 * loaded board's ballots in memory, refreshed whenever a private room commits or loads, and
 * publishes the counts into the board: each person's used dots, and the totals once
 * revealed. Nothing of who voted for what reaches the board before the reveal.
 */
export class VoteCounter {
  /** Board id → participant id → votes in vote-id order. */
  private readonly ballots = new Map<string, Map<string, readonly Vote[]>>();
  private readonly due = new Set<string>();

  constructor(private readonly rooms: VoteRooms) {}

  /** A private room loaded or committed: notes its owner's votes and recounts if they changed. */
  noteBallot(boardId: string, owner: string, room: Room): void {
    if (this.remember(boardId, owner, room)) this.recountSoon(boardId);
  }

  private remember(boardId: string, owner: string, room: Room): boolean {
    // A board that is not loaded keeps no ballots: they are read again when it loads.
    if (!this.rooms.loadedBoard(boardId)) return false;
    const votes = readVotes(room.doc);
    let board = this.ballots.get(boardId);
    if (!board) this.ballots.set(boardId, (board = new Map<string, readonly Vote[]>()));
    const before = board.get(owner);
    if (before && sameVotes(before, votes)) return false;
    board.set(owner, votes);
    return before !== undefined || votes.length > 0;
  }

  /**
   * The board changed: cards deleted or regrouped move or void dots, so the counts are
   * redone, but only on boards where anyone has voted.
   */
  boardChanged(board: Room): void {
    const known = this.ballots.get(board.boardId);
    const anyVotes = known !== undefined && [...known.values()].some((votes) => votes.length > 0);
    const published = (readSessionChild(board.doc, 'votesUsed')?.size ?? 0) > 0 || tallyMap(board.doc).size > 0;
    if (anyVotes || published) this.recountSoon(board.boardId);
  }

  /** The board unloaded: its ballots are read again from storage next time. */
  forget(boardId: string): void {
    this.ballots.delete(boardId);
  }

  /** Every participant's votes; private rooms not seen since the board loaded are loaded now. */
  async ballotsOf(board: Room): Promise<ReadonlyMap<string, readonly Vote[]>> {
    for (const participantId of [...participantsMap(board.doc).keys()]) {
      if (this.ballots.get(board.boardId)?.has(participantId)) continue;
      try {
        const room = await this.rooms.getOpen(draftRoomName(board.boardId, participantId));
        if (room) this.remember(board.boardId, participantId, room);
      } catch (error) {
        // One room that cannot load must not hold up everyone's count: it is counted once it loads.
        console.error(`Board ${board.boardId}: loading the votes of ${participantId} failed`, error);
      }
    }
    return new Map(this.ballots.get(board.boardId) ?? []);
  }

  /**
   * Voting opens again: dots taken back while it was closed no longer count (R49). Each
   * private room that kept one commits the change, which recounts.
   */
  async reopen(board: Room): Promise<void> {
    for (const participantId of [...participantsMap(board.doc).keys()]) {
      const room = await this.rooms.getOpen(draftRoomName(board.boardId, participantId)).catch(() => null);
      if (room) await room.serverWrite((doc) => void clearKeptVotes(doc));
    }
  }

  recountSoon(boardId: string): void {
    if (this.due.has(boardId)) return;
    this.due.add(boardId);
    setTimeout(() => {
      this.due.delete(boardId);
      this.recount(boardId).catch((error: unknown) => console.error(`Board ${boardId}: counting votes failed`, error));
    }, RECOUNT_DELAY_MS);
  }

  /** Counts every ballot against the board as it is now and publishes the result (R48, R50). */
  async recount(boardId: string): Promise<void> {
    const board = this.rooms.loadedBoard(boardId);
    if (!board) return;
    const ballots = await this.ballotsOf(board);
    if (board.isClosing) return;
    await board.serverWrite((doc) => publishVoteCounts(doc, ballots));
  }
}
