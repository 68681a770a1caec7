/**
 * What this browser remembers per board, so a reload or a second tab is the same
 * participant: the identity from joining, and the facilitator key of a board it created.
 */
export interface Identity {
  readonly participantId: string;
  readonly token: string;
  readonly name: string;
  readonly color: string;
}

const identityKey = (boardId: string) => `hindsight:identity:${boardId}`;
const facilitatorKey = (boardId: string) => `hindsight:facilitator-key:${boardId}`;

export function loadIdentity(boardId: string): Identity | null {
  try {
    const parsed = JSON.parse(localStorage.getItem(identityKey(boardId)) ?? 'null') as Partial<Identity> | null;
    return parsed && typeof parsed.token === 'string' && typeof parsed.participantId === 'string'
      ? { participantId: parsed.participantId, token: parsed.token, name: parsed.name ?? '', color: parsed.color ?? '#1971c2' }
      : null;
  } catch {
    return null;
  }
}

export function saveIdentity(boardId: string, identity: Identity): void {
  localStorage.setItem(identityKey(boardId), JSON.stringify(identity));
}

export function forgetIdentity(boardId: string): void {
  localStorage.removeItem(identityKey(boardId));
}

export function loadFacilitatorKey(boardId: string): string | null {
  return localStorage.getItem(facilitatorKey(boardId));
}

export function saveFacilitatorKey(boardId: string, key: string): void {
  localStorage.setItem(facilitatorKey(boardId), key);
}

export function forgetFacilitatorKey(boardId: string): void {
  localStorage.removeItem(facilitatorKey(boardId));
}

/**
 * Takes a facilitator key from the link's fragment (#fk=…), keeps it, and clears it from
 * the address bar so it is not shown on a shared screen. It never reaches server logs.
 */
export function adoptFacilitatorKeyFromLocation(boardId: string): void {
  const match = /(?:^#|&)fk=([^&]+)/.exec(window.location.hash);
  if (!match?.[1]) return;
  saveFacilitatorKey(boardId, decodeURIComponent(match[1]));
  history.replaceState(null, '', window.location.pathname + window.location.search);
}

const boardKey = (boardId: string) => `hindsight:board:${boardId}`;

/** The board's public description, kept so the board opens offline from this browser's copy. */
export function rememberBoard(board: { id: string; title: string; createdAt: number }): void {
  localStorage.setItem(boardKey(board.id), JSON.stringify(board));
}

export function rememberedBoard(boardId: string): { id: string; title: string; createdAt: number } | null {
  try {
    const parsed = JSON.parse(localStorage.getItem(boardKey(boardId)) ?? 'null') as { id?: unknown; title?: unknown; createdAt?: unknown } | null;
    return parsed && parsed.id === boardId && typeof parsed.title === 'string' && typeof parsed.createdAt === 'number'
      ? { id: boardId, title: parsed.title, createdAt: parsed.createdAt }
      : null;
  } catch {
    return null;
  }
}
