import type { SessionCommand, VersionInfo } from '@hindsight/shared';
import { noteServerDate } from './session/clockOffset';

/** The server's HTTP API, with its error messages passed through to the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, body?: unknown, init: { method?: string; token?: string } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  noteServerDate(response.headers.get('date'));
  const payload = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new ApiError(response.status, payload.error ?? `The server answered ${response.status}.`);
  return payload as T;
}

/** A version's document (R68): bytes for the app to render read-only. */
async function versionBytes(boardId: string, versionId: number, token: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/history/${versionId}`, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    const payload = (await response.json().catch(() => ({}))) as { error?: string };
    throw new ApiError(response.status, payload.error ?? `The server answered ${response.status}.`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

export interface BoardInfo {
  readonly id: string;
  readonly title: string;
  readonly createdAt: number;
  /** Colors the board's participants wear; absent from a copy remembered offline. */
  readonly colorsInUse?: readonly string[];
}

export interface Joined {
  readonly participantId: string;
  readonly token: string;
  readonly role: 'facilitator' | 'participant';
}

export const api = {
  createBoard: (title: string) => call<{ id: string; facilitatorKey: string; url: string }>('/api/boards', { title }),
  /** A new board from a JSON export (R61); answers like createBoard. */
  importBoard: (exported: unknown) => call<{ id: string; facilitatorKey: string; url: string }>('/api/boards/import', exported),
  getBoard: (id: string) => call<BoardInfo>(`/api/boards/${encodeURIComponent(id)}`),
  join: (id: string, body: { name: string; color: string; facilitatorKey?: string }) =>
    call<Joined>(`/api/boards/${encodeURIComponent(id)}/participants`, body),
  updateMe: (id: string, token: string, body: { name?: string; color?: string }) =>
    call<{ name: string; color: string }>(`/api/boards/${encodeURIComponent(id)}/participants/me`, body, { method: 'PATCH', token }),
  /** A session command; its effect arrives through the document, like everyone else's. */
  command: (id: string, token: string, command: SessionCommand) =>
    call<{ ok: true; created?: { id: string; ref: string } }>(`/api/boards/${encodeURIComponent(id)}/commands`, command, { token }),
  facilitatorLink: (id: string, token: string) =>
    call<{ url: string }>(`/api/boards/${encodeURIComponent(id)}/facilitator-link`, undefined, { token }),
  deleteBoard: (id: string, token: string) => call<{ ok: true }>(`/api/boards/${encodeURIComponent(id)}`, undefined, { method: 'DELETE', token }),
  versions: (id: string, token: string) => call<{ versions: VersionInfo[] }>(`/api/boards/${encodeURIComponent(id)}/history`, undefined, { token }),
  versionState: versionBytes,
  /** Restores a version; answers the version kept just before, whose restore undoes this one. */
  restoreVersion: (id: string, token: string, versionId: number) =>
    call<{ restored: number; undo: VersionInfo }>(`/api/boards/${encodeURIComponent(id)}/history/${versionId}/restore`, {}, { token }),
  time: () => call<{ now: number }>('/api/time'),
};
