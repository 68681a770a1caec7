import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv, startServer, type RunningServer } from '@hindsight/server';

/** A real server on a free port with its own temporary data directory. */
export async function startTestServer(dataDir = mkdtempSync(join(tmpdir(), 'hindsight-'))): Promise<RunningServer & { dataDir: string }> {
  const server = await startServer({ ...configFromEnv({}), port: 0, host: '127.0.0.1', dataDir, secret: 'test-secret' });
  return { ...server, dataDir };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function api(base: string, path: string, init: { method?: string; body?: unknown; rawBody?: string } = {}) {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body === undefined && init.rawBody === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json' },
    ...(init.rawBody !== undefined ? { body: init.rawBody } : init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
