import { isFacilitator, restoreVersion, selectSession, type ParticipantSnapshot, type VersionInfo } from '@hindsight/shared';
import * as Y from 'yjs';
import { ApiError, type BoardService } from './boards';
import type { BoardHistory } from './history';
import type { Room } from './room';
import type { RoomRegistry } from './rooms';
import type { BoardStore } from './store';

const NO_VERSION = 'This board has no such version; it may have been dropped as newer ones were kept.';

/** What facilitators do with a board's versions (R68): list, preview, restore. */
export class HistoryService {
  constructor(
    private readonly boards: BoardService,
    private readonly rooms: RoomRegistry,
    private readonly history: BoardHistory,
    private readonly store: BoardStore,
  ) {}

  async list(boardId: string, token: string | undefined): Promise<{ versions: VersionInfo[] }> {
    await this.facilitatorRoom(boardId, token);
    return { versions: await this.history.list(boardId) };
  }

  /** A version's document, checked whole before it is sent, for a read-only preview. */
  async state(boardId: string, token: string | undefined, versionId: number): Promise<Uint8Array> {
    await this.facilitatorRoom(boardId, token);
    const bytes = await this.versionBytes(boardId, versionId);
    this.decode(bytes);
    return bytes;
  }

  /**
   * Rewrites the board's content to the version as forward edits in one server transaction,
   * after keeping the board as it is now: restoring that version undoes the restore.
   */
  async restore(boardId: string, token: string | undefined, versionId: number): Promise<{ restored: number; undo: VersionInfo }> {
    const { room, me } = await this.facilitatorRoom(boardId, token);
    if (selectSession(room.doc).ended) throw new ApiError(409, 'The session has ended and the board is read-only; reopen it to restore a version.', 'R28');
    const target = this.decode(await this.versionBytes(boardId, versionId));
    const takenAt = (await this.history.list(boardId)).find((version) => version.id === versionId)?.takenAt ?? 0;
    // A restore writes deleted entities afresh, and the board keeps what was deleted: it must fit (R66).
    const trial = room.trialWrite((doc) => restoreVersion(doc, target));
    if (!trial.fits) {
      throw new ApiError(413, `Restoring this version would add ${trial.bytes} bytes and take the board past its size limit; export it and import it as a new board instead.`, 'R66');
    }
    const undo = await this.history.take(room, 'restore', String(versionId)).catch((error: unknown) => {
      throw new ApiError(503, `The board as it is now could not be kept, so nothing was restored: ${describe(error)}.`);
    });
    await room.serverWrite((doc) => restoreVersion(doc, target, { by: me.id, at: Date.now(), versionTakenAt: takenAt }));
    // Dots on what came back count again, and dots on what went stop counting.
    this.rooms.votes.recountSoon(boardId);
    return { restored: versionId, undo };
  }

  private async facilitatorRoom(boardId: string, token: string | undefined): Promise<{ room: Room; me: ParticipantSnapshot }> {
    const { room, me } = await this.boards.authenticate(boardId, token);
    if (!isFacilitator(room.doc, me.id)) throw new ApiError(403, 'Only a facilitator may browse and restore versions.', 'R68');
    return { room, me };
  }

  private async versionBytes(boardId: string, versionId: number): Promise<Uint8Array> {
    const bytes = await this.store.versionState(boardId, versionId);
    if (!bytes) throw new ApiError(404, NO_VERSION);
    return bytes;
  }

  /** Decodes into a scratch document: a damaged version is named, never half-applied to the board. */
  private decode(bytes: Uint8Array): Y.Doc {
    const doc = new Y.Doc({ gc: false });
    try {
      Y.applyUpdate(doc, bytes);
    } catch {
      throw new ApiError(500, 'This version is damaged in storage and cannot be opened; the board and its other versions are not affected.');
    }
    if (doc.store.pendingStructs || doc.store.pendingDs) {
      throw new ApiError(500, 'This version is incomplete in storage and cannot be opened; the board and its other versions are not affected.');
    }
    return doc;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
