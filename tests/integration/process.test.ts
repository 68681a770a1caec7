import { addCard, CLOSE, selectCards } from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { cleanupsAfterEach, connectClient } from './clients';
import { createBoard, joinBoard, until } from './helpers';
import { spawnServer as spawnProcess, tempDataDir as makeDataDir } from './serverProcess';

const cleanups = cleanupsAfterEach();
const spawnServer = (dataDir: string) => spawnProcess(cleanups, dataDir);
const tempDataDir = () => makeDataDir(cleanups);

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

  it('logs no token, facilitator key or secret, whatever clients send', async () => {
    const dataDir = tempDataDir();
    const running = await spawnServer(dataDir);
    const board = await createBoard(running.url);
    const host = await joinBoard(running.url, board.id, 'Host', board.facilitatorKey);
    const member = await joinBoard(running.url, board.id, 'Member');
    const client = await connectClient(cleanups, running.url, board.id, member.token);
    addCard(client.doc, { participantId: member.participantId, role: 'participant' }, { column: 'went-well', text: 'logged?' });
    // What a hostile or careless client might send: a refused update, a forged token, a bad body, an export.
    const forger = new WebSocket(`${running.url.replace('http', 'ws')}/sync/${board.id}?token=${member.token}`);
    await new Promise((resolve) => forger.once('open', resolve));
    const refused = new Promise<number>((resolve) => forger.on('close', (code) => resolve(code)));
    forger.send(new Uint8Array([0, 2, 3, 255, 255, 255]));
    expect(await refused).toBe(CLOSE.ruleViolation.code);
    const forged = new WebSocket(`${running.url.replace('http', 'ws')}/sync/${board.id}?token=${member.token}x`);
    expect(await new Promise<number>((resolve) => forged.on('close', (code) => resolve(code)))).toBe(CLOSE.unauthorized.code);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${host.token}` };
    expect((await fetch(`${running.url}/api/boards/${board.id}/commands`, { method: 'POST', headers, body: '{"type":' })).status).toBe(400);
    expect((await fetch(`${running.url}/api/boards/${board.id}/export?format=json`, { headers: { authorization: `Bearer ${board.facilitatorKey}` } })).status).toBe(200);
    await until(() => selectCards(client.doc).length === 1, 5000, 'the card');
    client.provider.destroy();
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    const output = running.output();
    expect(output).toMatch(/listening on/);
    for (const secret of [member.token, host.token, board.facilitatorKey, 'test-secret']) expect(output).not.toContain(secret);
  });
});
