import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { configFromEnv, startServer, type RunningServer, type ServerConfig } from '@hindsight/server';
import { afterAll, beforeAll } from 'vitest';

/** A real server on a free port with its own temporary data directory. */
export async function startTestServer(
  dataDir = mkdtempSync(join(tmpdir(), 'hindsight-')),
  overrides: Partial<ServerConfig> = {},
  options: Parameters<typeof startServer>[1] = {},
): Promise<RunningServer & { dataDir: string }> {
  const base = { ...configFromEnv({}), port: 0, host: '127.0.0.1', dataDir, secret: 'test-secret', clientDir: null };
  const server = await startServer({ ...base, ...overrides }, options);
  return { ...server, dataDir };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** One server for every test of a file, each test on boards of its own; read it inside tests. */
export function serverPerFile(): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
    if (server) removeDir(server.dataDir);
  });
  return () => {
    if (!server) throw new Error('The file server has not started yet.');
    return server;
  };
}

/** Every field of an action, as only the server may write them (R57): for forgeries. */
export function forgedAction(id: string, ref: string, authorId: string, createdAt = Date.now()): Record<string, unknown> {
  return { id, ref, title: new Y.Text('mine'), description: new Y.Text(), owner: '', due: '', priority: 'high', status: 'open', order: 'a0', authorId, createdAt };
}

export async function api(base: string, path: string, init: { method?: string; body?: unknown; rawBody?: string; token?: string } = {}) {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body === undefined && init.rawBody === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    ...(init.rawBody !== undefined ? { body: init.rawBody } : init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Polls `condition` until it holds or `timeoutMs` passes; no fixed sleeps. */
export async function until(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Reads until what it reads passes `check` or `timeoutMs` passes: for state only an HTTP answer shows. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function createBoard(base: string, title = 'Checkout outage') {
  const { body } = await api(base, '/api/boards', { body: { title } });
  return { id: body.id as string, facilitatorKey: body.facilitatorKey as string };
}

/** Sends a session command with a participant's token. */
export function command(base: string, boardId: string, token: string, body: Record<string, unknown>) {
  return api(base, `/api/boards/${boardId}/commands`, { body, token });
}

export async function joinBoard(base: string, boardId: string, name: string, facilitatorKey?: string) {
  const { body } = await api(base, `/api/boards/${boardId}/participants`, {
    body: { name, color: '#1971c2', ...(facilitatorKey ? { facilitatorKey } : {}) },
  });
  return { participantId: body.participantId as string, token: body.token as string };
}
