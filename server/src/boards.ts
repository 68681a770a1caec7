import { initBoard, putParticipant, selectParticipants, type Role } from '@hindsight/shared';
import * as Y from 'yjs';
import { z } from 'zod';
import type { RoomRegistry } from './rooms';
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

/** An error the HTTP layer answers with its status and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Creating and joining boards: the writes only the server makes. */
export class BoardService {
  constructor(
    private readonly store: BoardStore,
    private readonly rooms: RoomRegistry,
    private readonly tokens: TokenSigner,
  ) {}

  async create(body: z.infer<typeof createBoardBody>): Promise<{ id: string; facilitatorKey: string; url: string }> {
    const id = randomId();
    const facilitatorKey = randomId(24);
    const createdAt = Date.now();
    const doc = new Y.Doc({ gc: false });
    initBoard(doc, { title: body.title, createdAt });
    await this.store.createBoard({ id, title: body.title, createdAt, facilitatorKeyHash: sha256(facilitatorKey) }, Y.encodeStateAsUpdate(doc));
    return { id, facilitatorKey, url: `/b/${id}#fk=${facilitatorKey}` };
  }

  async describe(id: string): Promise<{ id: string; title: string; createdAt: number }> {
    const board = await this.store.getBoard(id);
    if (!board) throw new ApiError(404, 'There is no board with this id.');
    return { id: board.id, title: board.title, createdAt: board.createdAt };
  }

  /** A participant changes their own name or color; the token says who they are. */
  async updateMe(boardId: string, token: string | undefined, body: z.infer<typeof updateMeBody>): Promise<{ name: string; color: string }> {
    const claims = token ? this.tokens.verify(token) : null;
    if (!claims || claims.boardId !== boardId) throw new ApiError(401, 'Join the board again: this pass is not valid for it.');
    const room = await this.rooms.getOpen(boardId);
    if (!room) throw new ApiError(404, 'There is no board with this id.');
    const me = selectParticipants(room.doc).find((participant) => participant.id === claims.participantId);
    if (!me) throw new ApiError(401, 'Join the board again: this participant is not on it.');
    const updated = { ...me, ...(body.name !== undefined ? { name: body.name } : {}), ...(body.color !== undefined ? { color: body.color } : {}) };
    await room.serverWrite((doc) => putParticipant(doc, updated));
    return { name: updated.name, color: updated.color };
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
