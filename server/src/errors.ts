/** Errors of storage, told apart so clients hear what happened and nothing is retried blindly. */

/** A board whose stored document cannot be read whole: it is never loaded, so nothing more is written over it. */
export class BoardDamagedError extends Error {
  constructor(
    readonly boardId: string,
    readonly detail: string,
  ) {
    super(`Board ${boardId}: its stored data is damaged (${detail}); it is not loaded, and nothing is written to it.`);
  }
}

export const BOARD_DAMAGED_MESSAGE = "This board's stored data is damaged and cannot be loaded. Other boards are not affected; the server's administrator can restore it from a backup.";

export const STORAGE_UNAVAILABLE_MESSAGE = 'The server cannot save changes right now: its storage is full or read-only. Nothing was changed; try again later.';

/** SQLite's codes, and the operating system's, for storage that takes no more writes. */
const UNAVAILABLE = /^(SQLITE_FULL|SQLITE_READONLY|SQLITE_IOERR|SQLITE_CANTOPEN|SQLITE_BUSY|ENOSPC|EROFS|EACCES|EPERM|EIO|EDQUOT)/;

/** Whether writing failed because of the storage itself (full, read-only, failing), not the request. */
export function isStorageUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNAVAILABLE.test(code);
}
