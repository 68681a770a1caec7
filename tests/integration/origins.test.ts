import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOSE } from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { cleanupsAfterEach, wsUrl } from './clients';
import { createBoard, joinBoard, removeDir, startTestServer } from './helpers';

const cleanups = cleanupsAfterEach();

async function server(overrides: Parameters<typeof startTestServer>[1] = {}) {
  const clientDir = mkdtempSync(join(tmpdir(), 'hindsight-client-'));
  mkdirSync(join(clientDir, 'assets'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Hindsight</title>');
  writeFileSync(join(clientDir, 'assets', 'app-1a2b.js'), 'console.log(1)');
  const started = await startTestServer(undefined, { clientDir, ...overrides });
  cleanups.push(async () => {
    await started.close();
    removeDir(started.dataDir);
    removeDir(clientDir);
  });
  return started;
}

/** Opens a websocket as a page of `origin` would, and answers how the server closed it (or that it stayed open). */
function openAs(url: string, origin: string | undefined): Promise<{ code: number; reason: string } | 'open'> {
  const socket = new WebSocket(url, origin ? { origin } : {});
  cleanups.push(() => socket.terminate());
  return new Promise((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    // The board's first sync message means the server took the connection.
    socket.on('message', () => resolve('open'));
  });
}

describe('[R63] origins and security headers', () => {
  it('a page of another origin cannot open a board; the own origin, a listed one and programs can', async () => {
    const started = await server({ allowedOrigins: ['https://retro.example.org'] });
    const board = await createBoard(started.url);
    const { token } = await joinBoard(started.url, board.id, 'Ana');
    const url = `${wsUrl(started.url)}/${board.id}?token=${token}`;
    expect(await openAs(url, 'https://evil.example.com')).toEqual({ code: CLOSE.forbiddenOrigin.code, reason: CLOSE.forbiddenOrigin.reason });
    expect(await openAs(url, started.url)).toBe('open');
    expect(await openAs(url, 'https://retro.example.org')).toBe('open');
    expect(await openAs(url, undefined)).toBe('open');
  });

  it("the API refuses another origin's page with a 403 naming it, and serves its own", async () => {
    const started = await server();
    const post = (origin: string) => fetch(`${started.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ title: 'x' }) });
    const foreign = await post('https://evil.example.com');
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: "Pages from https://evil.example.com may not use this server's API.", rule: 'R63' });
    expect((await post(started.url)).status).toBe(201);
  });

  it('the app and its files come with a policy that runs no inline script and lets no other site frame them', async () => {
    const started = await server();
    for (const path of ['/', '/b/abc', '/assets/app-1a2b.js']) {
      const response = await fetch(`${started.url}${path}`);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy, path).toContain("script-src 'self'");
      expect(policy, path).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});
