import {
  CLOSE,
  selectSession,
  setDraftCounts,
  importBoard,
  initBoard,
  renderExport,
  type ExportFile,
  type ExportFormat,
  parseBoardExport,
  isFacilitator,
  isRemoved,
  participantsMap,
  publishVoteCounts,
  putParticipant,
  runSessionCommand,
  selectParticipant,
  selectParticipants,
  type ParticipantSnapshot,
  type Role,
  type RuleId,
  type SessionCommand,
  type SessionCommandResult,
} from '@hindsight/shared';
import * as Y from 'yjs';
import { z } from 'zod';
import { REMOVED_DETAIL } from './connection';
import type { BoardHistory } from './history';
import type { Room } from './room';
import { NO_DRAFTS, type RoomRegistry } from './rooms';
import type { BoardStore } from './store';
import { randomId, sha256, type TokenSigner } from './tokens';

export const createBoardBody = z.object({
  title: z.string().trim().min(1, 'A board needs a title.').max(200, 'A title has at most 200 characters.'),
});

export const joinBoardBody = z.object({
  name: z.string().trim().min(1, 'A name is needed to join.').max(60, 'A name has at most 60 characters.'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A color is written as #rrggbb.'),
  facilitatorKey: z.string().max(200).optional(),
});

export const updateMeBody = z
  .object({
    name: joinBoardBody.shape.name.optional(),
    color: joinBoardBody.shape.color.optional(),
  })
  .refine((body) => body.name !== undefined || body.color !== undefined, 'Send a name or a color to change.');


/** Participants still on the board: a removed one's drafts are never revealed in their name. */
function activeParticipants(doc: Y.Doc): string[] {
  return [...participantsMap(doc).keys()].filter((id) => !isRemoved(doc, id));
}

/** An error the HTTP layer answers with its status and message (and the rule it enforces, if any). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly rule?: RuleId,
  ) {
    super(message);
  }
}

const NOT_JOINED = 'Join the board again: this pass is not valid for it.';

/** Creating and joining boards: the writes only the server makes. */
export class BoardService {
  constructor(
    private readonly store: BoardStore,
    private readonly rooms: RoomRegistry,
    private readonly tokens: TokenSigner,
    private readonly history: BoardHistory,
    /** An imported board must fit one sync frame, or no client could send it back whole. */
    private readonly maxBoardBytes = Number.POSITIVE_INFINITY,
  ) {}

  async create(body: z.infer<typeof createBoardBody>): Promise<{ id: string; facilitatorKey: string; url: string }> {
    const id = randomId();
    const facilitatorKey = this.tokens.facilitatorKey(id, 0);
    const createdAt = Date.now();
    const doc = new Y.Doc({ gc: false });
    initBoard(doc, { title: body.title, createdAt });
    const record = { id, title: body.title, createdAt, facilitatorKeyHash: sha256(facilitatorKey), facilitatorKeyVersion: 0 };
    await this.store.createBoard(record, Y.encodeStateAsUpdate(doc));
    return { id, facilitatorKey, url: `/b/${id}#fk=${facilitatorKey}` };
  }

  /** What the join page shows; the colors people already wear let a newcomer pick another. */
  async describe(id: string): Promise<{ id: string; title: string; createdAt: number; colorsInUse: string[] }> {
    const board = await this.store.getBoard(id);
    if (!board) throw new ApiError(404, 'There is no board with this id.');
    const room = await this.rooms.getOpen(id);
    const colorsInUse = room ? [...new Set(selectParticipants(room.doc).filter((p) => !p.removed).map((p) => p.color))] : [];
    return { id: board.id, title: board.title, createdAt: board.createdAt, colorsInUse };
  }

  /** The board's room and the participant a token speaks for; a removed participant is refused (R27). */
  async authenticate(boardId: string, token: string | undefined): Promise<{ room: Room; me: ParticipantSnapshot }> {
    const claims = token ? this.tokens.verify(token) : null;
    if (!claims || claims.boardId !== boardId) throw new ApiError(401, NOT_JOINED);
    const room = await this.rooms.getOpen(boardId);
    if (!room) throw new ApiError(404, 'There is no board with this id.');
    const me = selectParticipant(room.doc, claims.participantId);
    if (!me) throw new ApiError(401, NOT_JOINED);
    if (me.removed) throw new ApiError(401, REMOVED_DETAIL.replace(/^R27: /, ''), 'R27');
    return { room, me };
  }

  /** A participant changes their own name or color; the token says who they are. */
  async updateMe(boardId: string, token: string | undefined, body: z.infer<typeof updateMeBody>): Promise<{ name: string; color: string }> {
    const { room, me } = await this.authenticate(boardId, token);
    const updated = { id: me.id, joinedAt: me.joinedAt, name: body.name ?? me.name, color: body.color ?? me.color };
    await room.serverWrite((doc) => putParticipant(doc, updated));
    return { name: updated.name, color: updated.color };
  }

  /**
   * Runs a session command with the sender's current role (R19–R28) as one server
   * transaction; every client sees the result through the document.
   */
  async command(boardId: string, token: string | undefined, command: SessionCommand): Promise<{ ok: true; created?: { id: string; ref: string } }> {
    const { room, me } = await this.authenticate(boardId, token);
    // Leaving Reflect reveals every draft first, while the board is still in Reflect (so no
    // draft is marked late): the next phases work on the cards.
    const leavingReflect =
      command.type === 'setPhase' && command.phase !== 'reflect' && command.phase !== 'prepare' && selectSession(room.doc).phase === 'reflect';
    if (leavingReflect && isFacilitator(room.doc, me.id) && !selectSession(room.doc).ended) {
      await this.rooms.revealDrafts(room, activeParticipants(room.doc));
    }
    // Commands that can reveal or change the vote counts publish them in the same transaction,
    // so no client ever sees "revealed" without the totals (R50, R51).
    const phaseBefore = selectSession(room.doc).phase;
    const recounts =
      isFacilitator(room.doc, me.id) &&
      (command.type === 'revealVotes' || command.type === 'setVoteSettings' || (command.type === 'setPhase' && selectSession(room.doc).phase === 'vote'));
    const ballots = recounts ? await this.rooms.votes.ballotsOf(room) : null;
    let result: SessionCommandResult | null = null;
    // The board as it was just before a phase change, revealed drafts included, is kept once
    // the change is known to succeed (R68); failing to keep it is logged, not fatal.
    const session = selectSession(room.doc);
    const before = command.type === 'setPhase' && command.phase !== session.phase && !session.ended ? this.history.capture(room, 'phase', command.phase) : null;
    // The role is read inside the write, not from `me`: another request may have changed it since.
    const committed = room.serverWrite((doc) => {
      result = runSessionCommand(doc, me.id, command, Date.now());
      if (ballots && result.ok) publishVoteCounts(doc, ballots);
    });
    const outcome = result as SessionCommandResult | null;
    if (!outcome) throw new Error('The session command did not run.');
    if (!outcome.ok) throw new ApiError(outcome.status, outcome.reason, outcome.rule);
    // A former facilitator's link must not grant the role again (R25-R27).
    if (outcome.revokedFacilitator) await this.replaceFacilitatorKey(boardId);
    await committed;
    if (before) await this.history.keep(boardId, before).catch(() => undefined);
    // Reveals move drafts from private rooms, which only the registry can reach (R39, R40).
    // A draft committed between that reveal and the phase change is caught here.
    if (leavingReflect) await this.rooms.revealDrafts(room, activeParticipants(room.doc));
    // Voting opens again: what was kept while it was closed is let go (R49).
    if (command.type === 'setPhase' && command.phase === 'vote' && phaseBefore !== 'vote') await this.rooms.votes.reopen(room);
    if (command.type === 'revealDrafts') {
      await this.rooms.revealDrafts(room, command.participantId ? [command.participantId] : activeParticipants(room.doc));
    }
    if (command.type === 'setPrivateWriting' && !command.enabled) await this.rooms.revealDrafts(room, activeParticipants(room.doc));
    if (command.type === 'removeParticipant') {
      for (const open of [room, ...this.rooms.loadedDraftRooms(boardId)]) open.closeParticipant(command.participantId, CLOSE.unauthorized, REMOVED_DETAIL);
      // A removed participant's drafts stay private, unrevealed, and no longer counted.
      await room.serverWrite((doc) => setDraftCounts(doc, command.participantId, NO_DRAFTS));
      // A removed participant's dots stop counting.
      this.rooms.votes.recountSoon(boardId);
    }
    return outcome.created ? { ok: true, created: outcome.created } : { ok: true };
  }

  /**
   * An export of the board as it is now (R60): for its participants (their token) and for
   * holders of the facilitator key, never for anyone else.
   */
  async exportFile(boardId: string, bearer: string | undefined, format: ExportFormat): Promise<ExportFile> {
    const board = await this.store.getBoard(boardId);
    if (!board) throw new ApiError(404, 'There is no board with this id.');
    if (!bearer) throw new ApiError(401, 'Send a participant token or the facilitator key as "Authorization: Bearer …".', 'R60');
    if (sha256(bearer) !== board.facilitatorKeyHash) await this.authenticate(boardId, bearer);
    const room = await this.rooms.getOpen(boardId);
    if (!room) throw new ApiError(404, 'There is no board with this id.');
    return renderExport(room.doc, format);
  }

  /** Makes a new board from a JSON export (R61); answers like create. */
  async importBoard(body: unknown): Promise<{ id: string; facilitatorKey: string; url: string }> {
    const checked = parseBoardExport(body);
    if (!checked.ok) throw new ApiError(400, `The export cannot be imported: ${checked.error}`, 'R61');
    const id = randomId();
    const facilitatorKey = this.tokens.facilitatorKey(id, 0);
    const doc = new Y.Doc({ gc: false });
    importBoard(doc, checked.data);
    const state = Y.encodeStateAsUpdate(doc);
    if (state.length > this.maxBoardBytes) {
      throw new ApiError(413, `This export makes a board of ${state.length} bytes, more than the ${this.maxBoardBytes} one sync message may carry.`, 'R61');
    }
    const record = { id, title: checked.data.board.title, createdAt: Date.now(), facilitatorKeyHash: sha256(facilitatorKey), facilitatorKeyVersion: 0 };
    await this.store.createBoard(record, state);
    return { id, facilitatorKey, url: `/b/${id}#fk=${facilitatorKey}` };
  }

  private async replaceFacilitatorKey(boardId: string): Promise<string> {
    const board = await this.store.getBoard(boardId);
    if (!board) throw new ApiError(404, 'There is no board with this id.');
    const version = board.facilitatorKeyVersion + 1;
    const key = this.tokens.facilitatorKey(boardId, version);
    await this.store.setFacilitatorKey(boardId, version, sha256(key));
    return key;
  }

  /** The current facilitator link, for facilitators to share (R25). */
  async facilitatorLink(boardId: string, token: string | undefined): Promise<{ url: string }> {
    const { room, me } = await this.authenticate(boardId, token);
    if (!isFacilitator(room.doc, me.id)) throw new ApiError(403, 'Only a facilitator may share the facilitator link.', 'R25');
    const board = await this.store.getBoard(boardId);
    if (!board) throw new ApiError(404, 'There is no board with this id.');
    let key = this.tokens.facilitatorKey(boardId, board.facilitatorKeyVersion);
    // A board from before derived keys holds a random key nobody can show: replace it once.
    if (sha256(key) !== board.facilitatorKeyHash) key = await this.replaceFacilitatorKey(boardId);
    return { url: `/b/${boardId}#fk=${key}` };
  }

  /** Deletes the board for everyone (R30): its sockets close with 4404 and storage forgets it. */
  async deleteBoard(boardId: string, token: string | undefined): Promise<void> {
    const { room, me } = await this.authenticate(boardId, token);
    // Read now, not from `me`: the role may have changed while this request waited.
    if (!isFacilitator(room.doc, me.id) || isRemoved(room.doc, me.id)) throw new ApiError(403, 'Only a facilitator may delete the board.', 'R30');
    const detail = 'R30: A facilitator deleted this board.';
    this.history.forget(boardId);
    await Promise.all(this.rooms.loadedDraftRooms(boardId).map((drafts) => drafts.close(CLOSE.unknownBoard, { detail })));
    await room.close(CLOSE.unknownBoard, { detail, deleteBoard: true });
  }

  async join(
    boardId: string,
    body: z.infer<typeof joinBoardBody>,
  ): Promise<{ participantId: string; token: string; role: Role }> {
    const board = await this.store.getBoard(boardId);
    const room = board ? await this.rooms.getOpen(boardId) : null;
    if (!board || !room) throw new ApiError(404, 'There is no board with this id.');
    let role: Role = 'participant';
    if (body.facilitatorKey !== undefined) {
      if (sha256(body.facilitatorKey) !== board.facilitatorKeyHash) throw new ApiError(403, 'The facilitator key is not valid for this board.');
      role = 'facilitator';
    }
    const participantId = randomId();
    await room.serverWrite((doc) =>
      putParticipant(doc, { id: participantId, name: body.name, color: body.color, role, joinedAt: Date.now() }),
    );
    return { participantId, token: this.tokens.sign({ boardId, participantId }), role };
  }
}
