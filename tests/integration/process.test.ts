import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addCard, CLOSE, selectCards } from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { cleanupsAfterEach, connectClient } from './clients';
import { createBoard, joinBoard, removeDir, until } from './helpers';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cleanups = cleanupsAfterEach();

/** The real server as its own process (`pnpm start`'s command), so it can be killed. */
async function spawnServer(dataDir: string): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, HINDSIGHT_SECRET: 'test-secret' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(() => void child.kill('SIGKILL'));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`The server exited (${code}) before listening: ${output}`)));
  });
  return { child, url, exited };
}

/** A data directory of the test's own, removed afterwards. */
function tempDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'hindsight-process-'));
  cleanups.push(() => removeDir(dataDir));
  return dataDir;
}

describe('server process', () => {
  it('after kill -9, a new empty client reads every update any client had seen relayed', async () => {
    const dataDir = tempDataDir();
    const first = await spawnServer(dataDir);
    const board = await createBoard(first.url);
    const writer = await joinBoard(first.url, board.id, 'Writer');
    const watcher = await joinBoard(first.url, board.id, 'Watcher');
    const w = await connectClient(cleanups, first.url, board.id, writer.token);
    const seen = await connectClient(cleanups, first.url, board.id, watcher.token);
    for (let i = 0; i < 30; i++) addCard(w.doc, { participantId: writer.participantId, role: 'participant' }, { column: 'went-well', text: `card ${i}` });
    await until(() => selectCards(seen.doc).length === 30, 10_000, 'the relay of all 30 cards');
    w.provider.destroy();
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await spawnServer(dataDir);
    const reader = await connectClient(cleanups, second.url, board.id, watcher.token);
    expect(selectCards(reader.doc).map((card) => card.text).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `card ${i}`).sort(),
    );
  });

  it('shuts down gracefully on SIGTERM: sockets close with 1001 and the process exits 0', async () => {
    const dataDir = tempDataDir();
    const running = await spawnServer(dataDir);
    const board = await createBoard(running.url);
    const member = await joinBoard(running.url, board.id, 'Member');
    const socket = new WebSocket(`${running.url.replace('http', 'ws')}/sync/${board.id}?token=${member.token}`);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('open', resolve));
    running.child.kill('SIGTERM');
    expect(await closed).toBe(CLOSE.goingAway.code);
    expect(await running.exited).toBe(0);
  });
});
