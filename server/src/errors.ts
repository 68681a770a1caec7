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

export const STORAGE_UNAVAILABLE_MESSAGE = 'The server cannot save changes right now: its storage is full, read-only or not answering. Nothing was changed; try again later.';

/**
 * A board whose last write storage refused: what its room holds may be ahead of storage, so
 * nothing more is written from it, and for a few seconds it is not loaded again either.
 */
export class BoardUnavailableError extends Error {
  readonly code = 'BOARD_UNAVAILABLE';

  constructor(boardId: string) {
    super(`Board ${boardId}: storage refused its last write; it takes no writes until it reloads.`);
  }
}

/** SQLite's codes, and the operating system's, for storage that takes no more writes. */
const UNAVAILABLE = /^(SQLITE_FULL|SQLITE_READONLY|SQLITE_IOERR|SQLITE_CANTOPEN|SQLITE_BUSY|ENOSPC|EROFS|EACCES|EPERM|EIO|EDQUOT|BOARD_UNAVAILABLE)/;

/** SQLite's codes for a file that is not what it wrote: reading on would show a board with holes. */
export function isStorageCorrupt(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}

/**
 * Logs with the stack the first time per key and minute, then one line: a client retrying
 * against a full disk must not fill the log.
 */
const lastLogged = new Map<string, number>();
export function logLoudly(key: string, message: string, error: unknown): void {
  const now = Date.now();
  const last = lastLogged.get(key);
  if (last !== undefined && now - last < 60_000) {
    console.error(`${message} (again: ${error instanceof Error ? error.message : String(error)})`);
    return;
  }
  lastLogged.set(key, now);
  if (lastLogged.size > 10_000) lastLogged.clear();
  console.error(message, error);
}

/** Whether writing failed because of the storage itself (full, read-only, failing), not the request. */
export function isStorageUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNAVAILABLE.test(code);
}
