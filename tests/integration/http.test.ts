import { selectBoardMeta, selectParticipants } from '@hindsight/shared';
import { SqliteBoardStore } from '@hindsight/server';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api, removeDir, startTestServer } from './helpers';

const running: { close(): Promise<void>; dataDir: string }[] = [];
async function server() {
  const started = await startTestServer();
  running.push(started);
  return started;
}
afterEach(async () => {
  for (const started of running.splice(0)) {
    await started.close().catch(() => undefined);
    removeDir(started.dataDir);
  }
});

/** The board's document as stored: what a client would load. */
async function storedDoc(dataDir: string, boardId: string): Promise<Y.Doc> {
  const store = new SqliteBoardStore(dataDir);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.mergeUpdates(await store.loadUpdates(boardId)));
  await store.close();
  return doc;
}

describe('HTTP API', () => {
  it('creates a board with an unguessable id and describes it; unknown boards are a clear 404', async () => {
    const { url } = await server();
    const created = await api(url, '/api/boards', { body: { title: '  Checkout outage  ' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(Buffer.from(id, 'base64url').length * 8).toBeGreaterThanOrEqual(120);
    expect(created.body.url).toBe(`/b/${id}#fk=${created.body.facilitatorKey as string}`);
    expect(await api(url, `/api/boards/${id}`)).toMatchObject({ status: 200, body: { id, title: 'Checkout outage', colorsInUse: [] } });
    // The join page offers a newcomer a color nobody wears yet.
    await api(url, `/api/boards/${id}/participants`, { body: { name: 'Ana', color: '#2f9e44' } });
    expect(await api(url, `/api/boards/${id}`)).toMatchObject({ status: 200, body: { colorsInUse: ['#2f9e44'] } });
    expect(await api(url, '/api/boards/nope')).toEqual({ status: 404, body: { error: 'There is no board with this id.' } });
  });

  it('joins with the facilitator key as facilitator and without it as participant; the server writes the records', async () => {
    const { url, dataDir, close } = await server();
    const { body: board } = await api(url, '/api/boards', { body: { title: 'Outage' } });
    const id = board.id as string;
    const host = await api(url, `/api/boards/${id}/participants`, { body: { name: 'Ana', color: '#1971c2', facilitatorKey: board.facilitatorKey } });
    const guest = await api(url, `/api/boards/${id}/participants`, { body: { name: 'Ben', color: '#2f9e44' } });
    expect(host).toMatchObject({ status: 201, body: { role: 'facilitator' } });
    expect(guest).toMatchObject({ status: 201, body: { role: 'participant' } });
    expect(typeof guest.body.token).toBe('string');
    const wrongKey = await api(url, `/api/boards/${id}/participants`, { body: { name: 'Eve', color: '#000000', facilitatorKey: 'guess' } });
    expect(wrongKey).toEqual({ status: 403, body: { error: 'The facilitator key is not valid for this board.' } });
    await close();
    const doc = await storedDoc(dataDir, id);
    expect(selectBoardMeta(doc).title).toBe('Outage');
    expect(selectParticipants(doc).map((p) => [p.id, p.name, p.role])).toEqual([
      [host.body.participantId, 'Ana', 'facilitator'],
      [guest.body.participantId, 'Ben', 'participant'],
    ]);
  });

  it('refuses bad input with a clear message and stores nothing', async () => {
    const { url } = await server();
    expect(await api(url, '/api/boards', { body: { title: '   ' } })).toEqual({ status: 400, body: { error: 'title: A board needs a title.' } });
    expect(await api(url, '/api/boards', { rawBody: '{"title":' })).toEqual({ status: 400, body: { error: 'The request body is not valid JSON.' } });
    expect((await api(url, '/api/boards', { body: { title: 'x'.repeat(20_000) } })).status).toBe(413);
    const { body: board } = await api(url, '/api/boards', { body: { title: 'Outage' } });
    const join = (body: unknown) => api(url, `/api/boards/${board.id as string}/participants`, { body });
    expect(await join({ name: 'Ana', color: 'blue' })).toEqual({ status: 400, body: { error: 'color: A color is written as #rrggbb.' } });
    expect(await join({ name: '', color: '#123456' })).toEqual({ status: 400, body: { error: 'name: A name is needed to join.' } });
    expect((await api(url, '/api/nothing')).status).toBe(404);
  });

  it('lets a participant change their own name and color, and nobody else\'s', async () => {
    const { url, dataDir, close } = await server();
    const { body: board } = await api(url, '/api/boards', { body: { title: 'Outage' } });
    const id = board.id as string;
    const { body: ana } = await api(url, `/api/boards/${id}/participants`, { body: { name: 'Ana', color: '#1971c2' } });
    const patch = (token: string, body: unknown) =>
      fetch(`${url}/api/boards/${id}/participants/me`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as unknown }));
    expect(await patch(ana.token as string, { color: '#2f9e44' })).toEqual({ status: 200, body: { name: 'Ana', color: '#2f9e44' } });
    expect(await patch(ana.token as string, { color: 'green' })).toEqual({ status: 400, body: { error: 'color: A color is written as #rrggbb.' } });
    expect((await patch('forged.token', { color: '#000000' })).status).toBe(401);
    await close();
    expect(selectParticipants(await storedDoc(dataDir, id)).map((p) => p.color)).toEqual(['#2f9e44']);
  });

  it('answers the time and health', async () => {
    const { url } = await server();
    const before = Date.now();
    const { body } = await api(url, '/api/time');
    expect(body.now as number).toBeGreaterThanOrEqual(before);
    expect(await api(url, '/healthz')).toEqual({ status: 200, body: { ok: true } });
  });

  it('keeps boards and participants across a restart', async () => {
    const first = await startTestServer();
    const { body: board } = await api(first.url, '/api/boards', { body: { title: 'Kept' } });
    await api(first.url, `/api/boards/${board.id as string}/participants`, { body: { name: 'Ana', color: '#1971c2' } });
    await first.close();
    const restarted = await startTestServer(first.dataDir);
    running.push(restarted);
    expect(await api(restarted.url, `/api/boards/${board.id as string}`)).toMatchObject({ status: 200, body: { title: 'Kept' } });
    expect((await api(restarted.url, `/api/boards/${board.id as string}/participants`, { body: { name: 'Ben', color: '#2f9e44' } })).status).toBe(201);
    await restarted.close();
    expect(selectParticipants(await storedDoc(first.dataDir, board.id as string)).map((p) => p.name)).toEqual(['Ana', 'Ben']);
  });
});
