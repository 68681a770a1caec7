import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXPORT_FORMATS, isExportFormat, sessionCommandSchema, type ExportFile } from '@hindsight/shared';
import type { z } from 'zod';
import { ApiError, createBoardBody, joinBoardBody, updateMeBody, type BoardService } from './boards';
import { BOARD_DAMAGED_MESSAGE, BoardDamagedError, isStorageUnavailable, STORAGE_UNAVAILABLE_MESSAGE } from './errors';
import type { HistoryService } from './historyApi';
import { originAllowed } from './origins';
import { clientAddress, CreationWindow } from './limits';

const BOARD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The request path, or a 400 for a target that is not a URL path at all. */
export function pathOf(target: string | undefined): string {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname;
  } catch {
    throw new ApiError(400, 'The request target is not a valid path.');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(json);
}

/** Reads a JSON body of at most `limit` bytes, then validates it against `schema`. */
async function readBody<T>(req: IncomingMessage, limit: number, schema: z.ZodType<T>): Promise<T> {
  const parsed = await readJson(req, limit);
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ApiError(400, `${field}${issue?.message ?? 'The request body is not valid.'}`);
  }
  return result.data;
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ApiError(413, `The request body is larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError(400, 'The request body is not valid JSON.');
  }
}

function sendFile(res: ServerResponse, file: ExportFile): void {
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.fileName}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(file.body);
}

/** A version's Yjs document, for a preview the app renders itself. */
function sendBytes(res: ServerResponse, bytes: Uint8Array): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(bytes);
}

/** The HTTP API; every 4xx answers JSON with a message a person can act on. */
export function createApiHandler(boards: BoardService, history: HistoryService, limits: { maxBodyBytes: number; maxImportBytes: number; allowedOrigins: readonly string[]; boardsPerAddressPerHour: number; trustedProxyHops: number }) {
  const { maxBodyBytes, maxImportBytes } = limits;
  const creations = new CreationWindow(limits.boardsPerAddressPerHour);
  /** One more board from this address this hour, or a 429 (R65). */
  const mayCreate = (req: IncomingMessage, res: ServerResponse): void => {
    const allowed = creations.take(clientAddress(req, limits.trustedProxyHops));
    if (allowed.ok) return;
    res.setHeader('retry-after', String(allowed.retryAfter));
    throw new ApiError(429, `This address has made ${limits.boardsPerAddressPerHour} boards in the last hour; try again in ${Math.ceil(allowed.retryAfter / 60)} min.`, 'R65');
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    try {
      const pathname = pathOf(req.url);
      const method = req.method ?? 'GET';
      const parts = pathname.split('/').filter(Boolean);
      if (pathname === '/healthz' && method === 'GET') return (send(res, 200, { ok: true }), true);
      if (parts[0] !== 'api') return false;
      // A page of another site may not act in a visitor's name (R63).
      if (!originAllowed(req, limits.allowedOrigins)) throw new ApiError(403, `Pages from ${req.headers.origin ?? 'this origin'} may not use this server's API.`, 'R63');
      if (pathname === '/api/time' && method === 'GET') return (send(res, 200, { now: Date.now() }), true);
      if (pathname === '/api/boards' && method === 'POST') {
        mayCreate(req, res);
        return (send(res, 201, await boards.create(await readBody(req, maxBodyBytes, createBoardBody))), true);
      }
      if (pathname === '/api/boards/import' && method === 'POST') {
        mayCreate(req, res);
        return (send(res, 201, await boards.importBoard(await readJson(req, maxImportBytes))), true);
      }
      const boardId = parts[1] === 'boards' ? parts[2] : undefined;
      if (boardId !== undefined && !BOARD_ID.test(boardId)) throw new ApiError(404, 'There is no board with this id.');
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (boardId && parts.length === 3 && method === 'GET') return (send(res, 200, await boards.describe(boardId)), true);
      if (boardId && parts.length === 3 && method === 'DELETE') return (await boards.deleteBoard(boardId, token), send(res, 200, { ok: true }), true);
      if (boardId && parts.length === 4 && parts[3] === 'facilitator-link' && method === 'GET') {
        return (send(res, 200, await boards.facilitatorLink(boardId, token)), true);
      }
      if (boardId && parts.length === 4 && parts[3] === 'export' && method === 'GET') {
        const format = new URL(req.url ?? '/', 'http://localhost').searchParams.get('format') ?? 'md';
        if (!isExportFormat(format)) throw new ApiError(400, `Unknown export format "${format}"; use one of ${EXPORT_FORMATS.join(', ')}.`);
        return (sendFile(res, await boards.exportFile(boardId, token, format)), true);
      }
      if (boardId && parts[3] === 'history') {
        const versionId = parts[4] === undefined ? null : Number(parts[4]);
        if (versionId !== null && !(Number.isSafeInteger(versionId) && versionId > 0)) throw new ApiError(404, 'There is no such version.');
        if (versionId === null && parts.length === 4 && method === 'GET') return (send(res, 200, await history.list(boardId, token)), true);
        if (versionId !== null && parts.length === 5 && method === 'GET') return (sendBytes(res, await history.state(boardId, token, versionId)), true);
        if (versionId !== null && parts.length === 6 && parts[5] === 'restore' && method === 'POST') {
          return (send(res, 200, await history.restore(boardId, token, versionId)), true);
        }
      }
      if (boardId && parts.length === 4 && parts[3] === 'commands' && method === 'POST') {
        return (send(res, 200, await boards.command(boardId, token, await readBody(req, maxBodyBytes, sessionCommandSchema))), true);
      }
      if (boardId && parts.length === 4 && parts[3] === 'participants' && method === 'POST') {
        return (send(res, 201, await boards.join(boardId, await readBody(req, maxBodyBytes, joinBoardBody))), true);
      }
      if (boardId && parts.length === 5 && parts[3] === 'participants' && parts[4] === 'me' && method === 'PATCH') {
        return (send(res, 200, await boards.updateMe(boardId, token, await readBody(req, maxBodyBytes, updateMeBody))), true);
      }
      throw new ApiError(404, `No API route ${method} ${pathname}.`);
    } catch (error) {
      if (error instanceof ApiError) send(res, error.status, error.rule ? { error: error.message, rule: error.rule } : { error: error.message });
      else if (error instanceof BoardDamagedError) {
        console.error(error.message);
        send(res, 500, { error: BOARD_DAMAGED_MESSAGE, code: 'board-damaged' });
      } else if (isStorageUnavailable(error)) {
        console.error('Storage refused a write; the request was answered 503', error);
        send(res, 503, { error: STORAGE_UNAVAILABLE_MESSAGE, code: 'storage-unavailable' });
      } else {
        console.error('API request failed', error);
        send(res, 500, { error: 'The server could not handle this request.' });
      }
      return true;
    }
  };
}
