import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from './clients';
import { removeDir, startTestServer } from './helpers';

const cleanups = cleanupsAfterEach();

async function serveClient() {
  const clientDir = mkdtempSync(join(tmpdir(), 'hindsight-client-'));
  mkdirSync(join(clientDir, 'assets'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Hindsight</title>');
  writeFileSync(join(clientDir, 'assets', 'app-1a2b.js'), 'console.log(1)');
  const started = await startTestServer(undefined, { clientDir });
  cleanups.push(async () => {
    await started.close();
    removeDir(started.dataDir);
    removeDir(clientDir);
  });
  return started.url;
}

describe('serving the built client', () => {
  it('serves files, falls back to the app for its routes, and lets the API answer its own paths', async () => {
    const url = await serveClient();
    const home = await fetch(`${url}/`);
    expect([home.status, home.headers.get('content-type'), await home.text()]).toEqual([200, 'text/html; charset=utf-8', '<!doctype html><title>Hindsight</title>']);
    const board = await fetch(`${url}/b/abc123`);
    expect([board.status, await board.text()]).toEqual([200, '<!doctype html><title>Hindsight</title>']);
    const asset = await fetch(`${url}/assets/app-1a2b.js`);
    expect([asset.status, asset.headers.get('content-type'), asset.headers.get('cache-control')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'public, max-age=31536000, immutable',
    ]);
    const api = await fetch(`${url}/api/nothing`);
    expect([api.status, await api.json()]).toEqual([404, { error: 'No API route GET /api/nothing.' }]);
  });

  it('never serves a file outside the client directory', async () => {
    const url = await serveClient();
    for (const path of ['/../package.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2findex.html']) {
      const response = await fetch(`${url}${path}`);
      expect(await response.text()).toBe('<!doctype html><title>Hindsight</title>');
    }
  });
});
