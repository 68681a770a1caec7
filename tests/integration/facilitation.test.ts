import { SqliteBoardStore, configFromEnv } from '@hindsight/server';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from './clients';
import { api, joinBoard } from './helpers';
import { sessionScene } from './scene';

const cleanups = cleanupsAfterEach();

const keyOf = (url: string) => decodeURIComponent(/#fk=(.+)$/.exec(url)?.[1] ?? '');

describe('the facilitator key', () => {
  it('[R25] facilitators get the current facilitator link from the server; participants do not', async () => {
    const { host, alice, board, started } = await sessionScene(cleanups);
    const link = await api(started.url, `/api/boards/${board.id}/facilitator-link`, { token: host.token });
    expect(link).toEqual({ status: 200, body: { url: `/b/${board.id}#fk=${board.facilitatorKey}` } });
    expect(await api(started.url, `/api/boards/${board.id}/facilitator-link`, { token: alice.token })).toMatchObject({ status: 403, body: { rule: 'R25' } });
  });

  it.each([
    ['R25', 'withdrawn', (id: string) => ({ type: 'setRole', participantId: id, role: 'participant' })],
    ['R27', 'removed', (id: string) => ({ type: 'removeParticipant', participantId: id })],
  ] as const)('[%s] a facilitator whose role is %s cannot take it back with the old link; the new link works', async (_rule, _what, revoke) => {
    const { host, board, started, run } = await sessionScene(cleanups);
    const cohost = await joinBoard(started.url, board.id, 'Cleo', board.facilitatorKey);
    expect((await run(host.token, revoke(cohost.participantId))).status).toBe(200);
    const retry = await api(started.url, `/api/boards/${board.id}/participants`, {
      body: { name: 'Cleo again', color: '#1971c2', facilitatorKey: board.facilitatorKey },
    });
    expect(retry).toEqual({ status: 403, body: { error: 'The facilitator key is not valid for this board.' } });
    const { body } = await api(started.url, `/api/boards/${board.id}/facilitator-link`, { token: host.token });
    const fresh = keyOf(body.url as string);
    expect(fresh).not.toBe(board.facilitatorKey);
    const invited = await api(started.url, `/api/boards/${board.id}/participants`, { body: { name: 'Dev', color: '#1971c2', facilitatorKey: fresh } });
    expect(invited).toMatchObject({ status: 201, body: { role: 'facilitator' } });
  });

  it('[R26] handing the role over replaces the key too', async () => {
    const { host, alice, board, started, run } = await sessionScene(cleanups);
    expect((await run(host.token, { type: 'handOver', participantId: alice.participantId })).status).toBe(200);
    const retry = await api(started.url, `/api/boards/${board.id}/participants`, { body: { name: 'Fran', color: '#1971c2', facilitatorKey: board.facilitatorKey } });
    expect(retry.status).toBe(403);
  });
});

describe('rooms loaded by HTTP alone', () => {
  it('are unloaded once idle, folding their log into a snapshot', async () => {
    const rooms = { ...configFromEnv({}).rooms, unloadAfterMs: 50 };
    const { host, board, started, run } = await sessionScene(cleanups, 'Idle board', { rooms });
    const store = new SqliteBoardStore(started.dataDir);
    cleanups.push(() => store.close());
    expect((await run(host.token, { type: 'setPhase', phase: 'reflect' })).status).toBe(200);
    // The unload compacts: only the snapshot row is left, and it holds the phase change.
    await expect.poll(async () => (await store.loadUpdates(board.id)).length, { timeout: 5000 }).toBe(1);
  });
});
