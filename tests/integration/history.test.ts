import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SqliteBoardStore } from '@hindsight/server';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { HistoryRetention } from '@hindsight/server';
import { addCard, deleteCard, draftRoomName, selectCards, selectLastRestore, selectSession, type Actor, type VersionInfo } from '@hindsight/shared';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { cleanupsAfterEach, connectClient } from './clients';
import { api, eventually, removeDir, until } from './helpers';
import { sessionScene } from './scene';

const cleanups = cleanupsAfterEach();

/** The real store, whose version writes throw at once, as SQLite does on a full disk. */
class NoRoomForVersions extends SqliteBoardStore {
  full = false;

  override addVersion(boardId: string, info: Omit<VersionInfo, 'id'>, state: Uint8Array, retention: HistoryRetention): Promise<VersionInfo> {
    if (this.full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    return super.addVersion(boardId, info, state, retention);
  }
}

type Scene = Awaited<ReturnType<typeof sessionScene>>;

function versions(scene: Scene, token: string) {
  return api(scene.started.url, `/api/boards/${scene.board.id}/history`, { token });
}

async function versionList(scene: Scene): Promise<VersionInfo[]> {
  const { status, body } = await versions(scene, scene.host.token);
  expect(status).toBe(200);
  return body.versions as VersionInfo[];
}

function restore(scene: Scene, token: string, versionId: number) {
  return api(scene.started.url, `/api/boards/${scene.board.id}/history/${versionId}/restore`, { method: 'POST', token });
}

function texts(doc: Y.Doc): string[] {
  return selectCards(doc).map((card) => card.text).sort();
}

function writeCards(doc: Y.Doc, actor: Actor, ...cards: string[]): string[] {
  return cards.map((text) => {
    const added = addCard(doc, actor, { column: 'went-well', text });
    if (!added.ok) throw new Error(added.error.message);
    return added.value.cardId;
  });
}

/** A card written by Fran as a facilitator through a client of her own, once the server has stored it. */
async function writeStored(scene: Scene, text: string): Promise<void> {
  const fran = await connectClient(cleanups, scene.started.url, scene.board.id, scene.host.token);
  writeCards(fran.doc, { participantId: scene.host.participantId, role: 'facilitator' }, text);
  const reader = await connectClient(cleanups, scene.started.url, scene.board.id, scene.host.token);
  await until(() => texts(reader.doc).includes(text), 5000, `"${text}" to be stored`);
  fran.provider.destroy();
  reader.provider.destroy();
}

describe('version history', () => {
  it('[R68] a version is kept before each phase change, listing its time, phase and counts; only facilitators see the list', async () => {
    const scene = await sessionScene(cleanups);
    const alice = await connectClient(cleanups, scene.started.url, scene.board.id, scene.alice.token);
    writeCards(alice.doc, { participantId: scene.alice.participantId, role: 'participant' }, 'one', 'two');
    expect((await scene.run(scene.host.token, { type: 'setPhase', phase: 'reflect' })).status).toBe(200);
    await eventually(() => versionList(scene), (list) => list.length === 1, 5000, 'the version before Reflect');
    writeCards(alice.doc, { participantId: scene.alice.participantId, role: 'participant' }, 'three');
    await eventually(() => api(scene.started.url, `/api/boards/${scene.board.id}/export?format=json`, { token: scene.alice.token }), (answer) => JSON.stringify(answer.body).includes('three'), 5000, 'the third card to be stored');
    expect((await scene.run(scene.host.token, { type: 'setPhase', phase: 'group' })).status).toBe(200);
    const list = await versionList(scene);
    expect(list.map((version) => [version.reason, version.detail, version.phase])).toEqual([
      ['phase', 'group', 'reflect'],
      ['phase', 'reflect', 'prepare'],
    ]);
    expect(list[1]?.counts).toEqual({ cards: 2, themes: 0, votes: 0, actions: 0 });
    expect(list[0]?.counts).toEqual({ cards: 3, themes: 0, votes: 0, actions: 0 });
    expect(Math.abs((list[0]?.takenAt ?? 0) - Date.now())).toBeLessThan(10_000);
    // A phase "change" to the phase the board is in keeps nothing, nor does a refused one, nor
    // going back and forth with nothing written: versions hold content, and it did not change.
    await scene.run(scene.host.token, { type: 'setPhase', phase: 'group' });
    expect((await scene.run(scene.host.token, { type: 'setPhase', phase: 'prepare' })).status).toBe(409);
    expect((await scene.run(scene.alice.token, { type: 'setPhase', phase: 'vote' })).status).toBe(403);
    for (const phase of ['vote', 'group', 'vote', 'group']) expect((await scene.run(scene.host.token, { type: 'setPhase', phase })).status).toBe(200);
    expect(await versionList(scene)).toHaveLength(2);
    for (const token of [scene.alice.token, 'not-a-token', undefined]) {
      const answer = await versions(scene, token as string);
      expect(answer.status).toBe(token === scene.alice.token ? 403 : 401);
    }
    expect((await versions(scene, scene.alice.token)).body).toMatchObject({ rule: 'R68' });
    const preview = await fetch(`${scene.started.url}/api/boards/${scene.board.id}/history/${list[1]?.id}`, { headers: { authorization: `Bearer ${scene.alice.token}` } });
    expect(preview.status).toBe(403);
    expect((await restore(scene, scene.alice.token, list[1]?.id ?? 0)).status).toBe(403);
  });

  it('[R68] a version is kept after a stretch of activity and when the board unloads with changes; a preview is the board as it was', async () => {
    const scene = await sessionScene(cleanups, 'Checkout outage', { history: { everyMs: 300, keep: 50, maxBytes: 1 << 30 }, rooms: { unloadAfterMs: 200, compactEveryUpdates: 500, compactEveryMs: 60_000 } });
    const alice = await connectClient(cleanups, scene.started.url, scene.board.id, scene.alice.token);
    writeCards(alice.doc, { participantId: scene.alice.participantId, role: 'participant' }, 'first');
    const [activity] = await eventually(() => versionList(scene), (list) => list.some((v) => v.counts.cards === 1), 5000, 'a version after activity');
    expect(activity).toMatchObject({ reason: 'activity', phase: 'prepare' });
    writeCards(alice.doc, { participantId: scene.alice.participantId, role: 'participant' }, 'second');
    alice.provider.destroy();
    const list = await eventually(() => versionList(scene), (all) => all.some((v) => v.counts.cards === 2), 5000, 'a version on unload');
    const preview = await fetch(`${scene.started.url}/api/boards/${scene.board.id}/history/${list.at(-1)?.id}`, { headers: { authorization: `Bearer ${scene.host.token}` } });
    expect(preview.headers.get('content-type')).toBe('application/octet-stream');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await preview.arrayBuffer()));
    expect(texts(doc)).toEqual(['first']);
  });

  it('[R68] a restore reaches every client live and storage, as forward edits; restoring the version kept before it undoes it', async () => {
    const scene = await sessionScene(cleanups);
    const alice = await connectClient(cleanups, scene.started.url, scene.board.id, scene.alice.token);
    const bob = await connectClient(cleanups, scene.started.url, scene.board.id, scene.bob.token);
    const aliceActor: Actor = { participantId: scene.alice.participantId, role: 'participant' };
    const [keep, lose] = writeCards(alice.doc, aliceActor, 'keep me', 'deleted by mistake');
    await until(() => selectCards(bob.doc).length === 2, 5000, 'Bob to see both cards');
    await scene.run(scene.host.token, { type: 'setPhase', phase: 'reflect' });
    const [before] = await versionList(scene);
    deleteCard(alice.doc, aliceActor, lose as string);
    writeCards(alice.doc, aliceActor, 'written after');
    await until(() => texts(bob.doc).join() === 'keep me,written after', 5000, 'Bob to see the deletion');
    const answer = await restore(scene, scene.host.token, before?.id ?? 0);
    expect(answer.status).toBe(200);
    const undo = answer.body.undo as VersionInfo;
    expect(undo).toMatchObject({ reason: 'restore', detail: String(before?.id), counts: { cards: 2 } });
    const restored = ['deleted by mistake', 'keep me'];
    await until(() => texts(alice.doc).join() === restored.join() && texts(bob.doc).join() === restored.join(), 5000, 'both clients to see the restore');
    // The restored card is the same card: same id, author and time, editable by its author.
    expect(selectCards(bob.doc).find((card) => card.id === lose)?.authorId).toBe(scene.alice.participantId);
    expect(selectCards(bob.doc).some((card) => card.id === keep)).toBe(true);
    // The phase is not part of a restore; who restored which version is, for everyone to be told.
    expect(selectSession(bob.doc).phase).toBe('reflect');
    expect(selectLastRestore(bob.doc)).toMatchObject({ by: scene.host.participantId, versionTakenAt: before?.takenAt });
    // A client that resyncs its own copy keeps the restore: it was written forward, not swapped.
    alice.provider.disconnect();
    alice.provider.connect();
    await until(() => alice.provider.synced, 5000, 'Alice to resync');
    const fresh = await connectClient(cleanups, scene.started.url, scene.board.id, scene.bob.token);
    expect(texts(fresh.doc)).toEqual(restored);
    // Undo: restore the version kept just before the restore.
    expect((await restore(scene, scene.host.token, undo.id)).status).toBe(200);
    await until(() => texts(bob.doc).join() === 'keep me,written after', 5000, 'Bob to see the undo');
    await until(() => texts(alice.doc).join() === 'keep me,written after', 5000, 'Alice to see the undo');
    // What the server stored is what clients see.
    await scene.started.close();
    const store = new SqliteBoardStore(scene.started.dataDir);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates(await store.loadUpdates(scene.board.id)));
    await store.close();
    expect(texts(stored)).toEqual(['keep me', 'written after']);
  });

  it('[R68] retention keeps the newest versions within the count; a board deleted takes its versions with it (R30)', async () => {
    const scene = await sessionScene(cleanups, 'Checkout outage', { history: { everyMs: 60_000, keep: 2, maxBytes: 1 << 30 } });
    for (const phase of ['reflect', 'group', 'vote', 'discuss']) {
      await writeStored(scene, phase);
      await scene.run(scene.host.token, { type: 'setPhase', phase });
    }
    expect((await versionList(scene)).map((version) => version.detail)).toEqual(['discuss', 'vote']);
    expect((await api(scene.started.url, `/api/boards/${scene.board.id}`, { method: 'DELETE', token: scene.host.token })).status).toBe(200);
    const db = new Database(join(scene.started.dataDir, 'hindsight.sqlite'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM versions WHERE board_id = ?').get(scene.board.id)).toEqual({ n: 0 });
    db.close();
  });

  it('[R68] a damaged or unknown version answers a clear error and leaves the board as it is; an ended session is not restored (R28)', async () => {
    const scene = await sessionScene(cleanups);
    const alice = await connectClient(cleanups, scene.started.url, scene.board.id, scene.alice.token);
    writeCards(alice.doc, { participantId: scene.alice.participantId, role: 'participant' }, 'stays');
    await scene.run(scene.host.token, { type: 'setPhase', phase: 'reflect' });
    await writeStored(scene, 'one more');
    await scene.run(scene.host.token, { type: 'setPhase', phase: 'group' });
    const [newer, older] = await versionList(scene);
    const db = new Database(join(scene.started.dataDir, 'hindsight.sqlite'));
    db.prepare('UPDATE versions SET state = ? WHERE id = ?').run(Buffer.from([0, 5, 200, 1, 2, 3]), older?.id);
    db.close();
    const damaged = await restore(scene, scene.host.token, older?.id ?? 0);
    expect(damaged.status).toBe(500);
    expect(damaged.body.error).toMatch(/damaged|incomplete/);
    expect((await restore(scene, scene.host.token, 99_999)).status).toBe(404);
    expect((await restore(scene, scene.host.token, -1)).status).toBe(404);
    expect(texts(alice.doc)).toEqual(['one more', 'stays']);
    expect(await versionList(scene)).toHaveLength(2);
    await scene.run(scene.host.token, { type: 'endSession' });
    expect(await restore(scene, scene.host.token, newer?.id ?? 0)).toMatchObject({ status: 409, body: { rule: 'R28' } });
  });

  it('[R68] the version before leaving Reflect holds the drafts revealed by leaving it', async () => {
    const scene = await sessionScene(cleanups);
    await scene.run(scene.host.token, { type: 'setPhase', phase: 'reflect' });
    const drafts = await connectClient(cleanups, scene.started.url, draftRoomName(scene.board.id, scene.alice.participantId), scene.alice.token);
    writeCards(drafts.doc, { participantId: scene.alice.participantId, role: 'participant' }, 'private until Group');
    const reader = await connectClient(cleanups, scene.started.url, draftRoomName(scene.board.id, scene.alice.participantId), scene.alice.token);
    await until(() => texts(reader.doc).length === 1, 5000, 'the draft to be stored');
    expect((await scene.run(scene.host.token, { type: 'setPhase', phase: 'group' })).status).toBe(200);
    const [beforeGroup] = await versionList(scene);
    expect(beforeGroup).toMatchObject({ reason: 'phase', detail: 'group', counts: { cards: 1 } });
  });

  it('[R68][R66] a restore that would take the board past its size limit is refused whole (413)', async () => {
    const rooms = { unloadAfterMs: 30_000, compactEveryUpdates: 500, compactEveryMs: 60_000, maxDocumentBytes: 30_000 };
    const scene = await sessionScene(cleanups, 'Checkout outage', { rooms });
    const alice = await connectClient(cleanups, scene.started.url, scene.board.id, scene.alice.token);
    const aliceActor: Actor = { participantId: scene.alice.participantId, role: 'participant' };
    const ids = writeCards(alice.doc, aliceActor, ...Array.from({ length: 12 }, (_, i) => `${i} ${"long ".repeat(300)}`));
    await scene.run(scene.host.token, { type: 'setPhase', phase: 'reflect' });
    const [full] = await versionList(scene);
    for (const id of ids) deleteCard(alice.doc, aliceActor, id);
    const bob = await connectClient(cleanups, scene.started.url, scene.board.id, scene.bob.token);
    await until(() => selectCards(bob.doc).length === 0, 5000, 'the deletions to be stored');
    // The deleted texts stay in the document (gc off): writing them again would double them.
    const refused = await restore(scene, scene.host.token, full?.id ?? 0);
    expect(refused).toMatchObject({ status: 413, body: { rule: 'R66' } });
    expect(selectCards(bob.doc)).toEqual([]);
    expect(await versionList(scene)).toHaveLength(1);
  });

  it('[R68] versions that cannot be stored are logged; the server carries on, phase changes work, a restore answers 503', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hindsight-'));
    cleanups.push(() => removeDir(dataDir));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    cleanups.push(() => logged.mockRestore());
    const history = { everyMs: 50, keep: 50, maxBytes: 1 << 30 };
    const store = new NoRoomForVersions(dataDir);
    const scene = await sessionScene(cleanups, 'Checkout outage', { history }, { store }, dataDir);
    expect((await scene.run(scene.host.token, { type: 'setPhase', phase: 'reflect' })).status).toBe(200);
    const [kept] = await versionList(scene);
    store.full = true;
    const alice = await connectClient(cleanups, scene.started.url, scene.board.id, scene.alice.token);
    writeCards(alice.doc, { participantId: scene.alice.participantId, role: 'participant' }, 'written');
    await until(() => logged.mock.calls.some(([message]) => String(message).includes('keeping a version failed')), 5000, 'the activity version to fail');
    expect((await scene.run(scene.host.token, { type: 'setPhase', phase: 'group' })).status).toBe(200);
    const answer = await restore(scene, scene.host.token, kept?.id ?? 0);
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatch(/could not be kept, so nothing was restored/);
    expect(texts(alice.doc)).toEqual(['written']);
    expect(await versionList(scene)).toHaveLength(1);
  });
});
