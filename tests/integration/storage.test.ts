import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteBoardStore } from '@hindsight/server';
import { addCard, CLOSE, draftRoomName, selectCards, type Actor } from '@hindsight/shared';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { BoardConnection } from '../../client/src/sync/boardConnection';
import { cleanupsAfterEach, connectClient, rawClient, wsUrl } from './clients';
import { api, command, createBoard, joinBoard, removeDir, startTestServer, until, type TestServer } from './helpers';

const cleanups = cleanupsAfterEach();

async function server(...args: Parameters<typeof startTestServer>): Promise<TestServer> {
  const started = await startTestServer(...args);
  cleanups.push(() => started.close().catch(() => undefined));
  return started;
}

function openDatabase(dataDir: string): Database.Database {
  return new Database(join(dataDir, 'hindsight.sqlite'));
}

/** A board with one member and `texts` written and stored. */
async function boardWith(base: string, texts: readonly string[]) {
  const board = await createBoard(base);
  const member = await joinBoard(base, board.id, 'Member');
  const client = await connectClient(cleanups, base, board.id, member.token);
  const actor: Actor = { participantId: member.participantId, role: 'participant' };
  for (const text of texts) addCard(client.doc, actor, { column: 'went-well', text });
  const watcher = await connectClient(cleanups, base, board.id, member.token);
  await until(() => selectCards(watcher.doc).length === texts.length, 5000, 'the cards to be stored and relayed');
  client.provider.destroy();
  watcher.provider.destroy();
  return { board, member, actor };
}

/** A reader that keeps trying while the board cools down after a storage failure. */
async function eventuallyConnected(base: string, boardId: string, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl(base), boardId, doc, { params: { token }, WebSocketPolyfill: WebSocket as never, disableBc: true });
  cleanups.push(() => provider.destroy());
  await until(() => provider.synced, 15_000, 'the reader to sync');
  return { doc, provider };
}

const texts = (doc: Y.Doc) => selectCards(doc).map((card) => card.text).sort();

/** A provider on an existing document, as a browser tab that kept its copy reconnects. */
function reconnect(base: string, boardId: string, token: string, doc: Y.Doc): WebsocketProvider {
  const provider = new WebsocketProvider(wsUrl(base), boardId, doc, { params: { token }, WebSocketPolyfill: WebSocket as never, disableBc: true });
  cleanups.push(() => provider.destroy());
  return provider;
}

/** Close codes a provider met, in order. */
function closeCodes(provider: WebsocketProvider): number[] {
  const codes: number[] = [];
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

/** The real SQLite store, made to refuse writes on demand as a read-only remount makes it. */
class ReadOnlyOnDemand extends SqliteBoardStore {
  readOnly = false;

  private refuse(): Promise<never> {
    return Promise.reject(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }));
  }

  override appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number> {
    return this.readOnly ? this.refuse() : super.appendUpdates(id, updates);
  }

  override compact(id: string, state: Uint8Array, throughSeq: number): Promise<void> {
    return this.readOnly ? this.refuse() : super.compact(id, state, throughSeq);
  }
}

/** The real store, whose appends wait until the test lets them through, or fail on demand. */
class HeldStore extends SqliteBoardStore {
  held: (() => void)[] = [];
  holding = false;
  failing = false;
  compactions = 0;

  override async appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number> {
    if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failing) throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    return super.appendUpdates(id, updates);
  }

  override compact(id: string, state: Uint8Array, throughSeq: number): Promise<void> {
    this.compactions++;
    return super.compact(id, state, throughSeq);
  }

  release(): void {
    this.holding = false;
    for (const resolve of this.held.splice(0)) resolve();
  }
}

function heldServer(): Promise<{ started: TestServer; store: HeldStore; dataDir: string }> {
  const dataDir = join(tmpdir(), `hindsight-held-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const store = new HeldStore(dataDir);
  cleanups.push(() => removeDir(dataDir));
  return server(dataDir, {}, { store }).then((started) => ({ started, store, dataDir }));
}

describe('storage faults', () => {
  it('[R69] nothing is relayed before it is stored: while storage holds a batch, no other client sees it', async () => {
    const { started, store } = await heldServer();
    const { board, member, actor } = await boardWith(started.url, ['stored before']);
    const writer = await connectClient(cleanups, started.url, board.id, member.token);
    const watcher = await connectClient(cleanups, started.url, board.id, member.token);
    store.holding = true;
    addCard(writer.doc, actor, { column: 'went-well', text: 'waiting for the disk' });
    await until(() => store.held.length > 0, 5000, 'the batch to reach storage');
    // A fresh client's sync is answered only after the commit, too.
    const late = new WebsocketProvider(wsUrl(started.url), board.id, new Y.Doc(), { params: { token: member.token }, WebSocketPolyfill: WebSocket as never, disableBc: true });
    cleanups.push(() => late.destroy());
    await until(() => late.wsconnected, 5000, 'the late client to connect');
    await new Promise((resolve) => setImmediate(resolve));
    expect(texts(watcher.doc)).toEqual(['stored before']);
    expect(late.synced).toBe(false);
    store.release();
    await until(() => texts(watcher.doc).length === 2 && late.synced, 5000, 'the relay once stored');
  });

  it('[R69] a room whose write failed is never compacted nor written from, so what storage holds stays consistent', async () => {
    const { started, store, dataDir } = await heldServer();
    const { board, member, actor } = await boardWith(started.url, ['stored before']);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    cleanups.push(() => logged.mockRestore());
    const db = openDatabase(dataDir);
    const snapshotBefore = db.prepare('SELECT state FROM snapshots WHERE board_id = ?').get(board.id);
    db.close();
    const writer = await connectClient(cleanups, started.url, board.id, member.token);
    const codes = closeCodes(writer.provider);
    const compactionsBefore = store.compactions;
    store.failing = true;
    addCard(writer.doc, actor, { column: 'went-well', text: 'not stored' });
    await until(() => codes.includes(CLOSE.storageUnavailable.code), 5000, 'the writer to be told 4503');
    writer.provider.disconnect();
    // A server write arriving after the failure (a join) is refused, not stored past the gap.
    expect((await api(started.url, `/api/boards/${board.id}/participants`, { body: { name: 'Late', color: '#1971c2' } })).status).toBe(503);
    store.failing = false;
    await started.close();
    expect(store.compactions).toBe(compactionsBefore);
    const after = openDatabase(dataDir);
    expect(after.prepare('SELECT state FROM snapshots WHERE board_id = ?').get(board.id)).toEqual(snapshotBefore);
    after.close();
  });

  it("[R69] the app's connection says it cannot save, backs off, and stores its edit once the server can", async () => {
    const { started, store } = await heldServer();
    const { board, member, actor } = await boardWith(started.url, ['stored before']);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    cleanups.push(() => logged.mockRestore());
    const connection = new BoardConnection({ serverUrl: wsUrl(started.url), boardId: board.id, token: member.token, participantId: member.participantId, WebSocketImpl: WebSocket as never, persist: false });
    cleanups.push(() => connection.destroy());
    await until(() => connection.state.kind === 'connected' && connection.state.synced, 5000, 'a synced connection');
    const codes = closeCodes(connection.provider);
    store.failing = true;
    addCard(connection.doc, actor, { column: 'went-well', text: 'kept through the outage' });
    await until(() => connection.snapshot.storageTrouble, 5000, 'the connection to report storage trouble');
    // It waits before trying again, instead of the provider's 200 ms: one refusal in the first second.
    const refusedAt = Date.now();
    await until(() => Date.now() - refusedAt > 1000, 2000, 'a second to pass');
    expect(codes.filter((code) => code === CLOSE.storageUnavailable.code)).toHaveLength(1);
    store.failing = false;
    const reader = await eventuallyConnected(started.url, board.id, member.token);
    await until(() => texts(reader.doc).includes('kept through the outage'), 15_000, 'the kept edit to be stored');
  });

  it('[R69] a damaged row of one board: it answers a clear error (HTTP 500, close 4422) and is not written over; every other board loads', async () => {
    const first = await server();
    const damaged = await boardWith(first.url, ['lost?']);
    const dangling = await boardWith(first.url, ['also lost?']);
    const healthy = await boardWith(first.url, ['fine', 'also fine']);
    await first.close();
    const db = openDatabase(first.dataDir);
    db.prepare('UPDATE snapshots SET state = ? WHERE board_id = ?').run(Buffer.from([1, 9, 200, 7, 0, 3]), damaged.board.id);
    // An update that decodes but needs items nobody stored: loading the rest would leave holes.
    const elsewhere = new Y.Doc();
    elsewhere.getMap('cards').set('x', 'y');
    const needsMissing = Y.encodeStateAsUpdate(elsewhere, Y.encodeStateVector(new Y.Doc()));
    elsewhere.getMap('cards').set('x', 'z');
    db.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)').run(dangling.board.id, Y.encodeStateAsUpdate(elsewhere, needsMissing.length > 0 ? Y.encodeStateVectorFromUpdate(needsMissing) : undefined));
    const rowsBefore = db.prepare('SELECT board_id, state FROM snapshots ORDER BY board_id').all();
    db.close();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    cleanups.push(() => logged.mockRestore());
    const second = await server(first.dataDir);
    cleanups.push(() => removeDir(first.dataDir));
    for (const { board, member } of [damaged, dangling]) {
      const described = await api(second.url, `/api/boards/${board.id}`);
      expect(described).toMatchObject({ status: 500, body: { code: 'board-damaged' } });
      expect(described.body.error).toMatch(/stored data is damaged.*Other boards are not affected/);
      const socket = await rawClient(cleanups, second.url, `${board.id}?token=${member.token}`);
      expect(await socket.closed).toEqual({ code: CLOSE.boardDamaged.code, reason: CLOSE.boardDamaged.reason });
    }
    expect(logged.mock.calls.some(([message]) => String(message).includes(`Board ${damaged.board.id}: its stored data is damaged`))).toBe(true);
    const reader = await connectClient(cleanups, second.url, healthy.board.id, healthy.member.token);
    expect(texts(reader.doc)).toEqual(['also fine', 'fine']);
    await second.close();
    // Nothing was written over the damaged rows: an administrator still has them to repair.
    const after = openDatabase(first.dataDir);
    expect(after.prepare('SELECT board_id, state FROM snapshots ORDER BY board_id').all()).toEqual(rowsBefore);
    after.close();
  });

  it("[R69] one participant's damaged private room does not keep the board in Reflect; their drafts stay private, others' are revealed", async () => {
    const first = await server();
    cleanups.push(() => removeDir(first.dataDir));
    const board = await createBoard(first.url);
    const host = await joinBoard(first.url, board.id, 'Fran', board.facilitatorKey);
    const people = [await joinBoard(first.url, board.id, 'Alice'), await joinBoard(first.url, board.id, 'Bob')];
    expect((await command(first.url, board.id, host.token, { type: 'setPhase', phase: 'reflect' })).status).toBe(200);
    for (const [i, person] of people.entries()) {
      const drafts = await connectClient(cleanups, first.url, draftRoomName(board.id, person.participantId), person.token);
      addCard(drafts.doc, { participantId: person.participantId, role: 'participant' }, { column: 'went-well', text: `draft ${i}` });
      const check = await connectClient(cleanups, first.url, draftRoomName(board.id, person.participantId), person.token);
      await until(() => texts(check.doc).length === 1, 5000, 'the draft to be stored');
      drafts.provider.destroy();
      check.provider.destroy();
    }
    await first.close();
    const db = openDatabase(first.dataDir);
    // Closing folded the drafts into their room's snapshot: that is the row to damage.
    expect(db.prepare('UPDATE draft_snapshots SET state = ? WHERE participant_id = ?').run(Buffer.from([9, 9, 9]), people[0]?.participantId).changes).toBe(1);
    db.close();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    cleanups.push(() => logged.mockRestore());
    const second = await server(first.dataDir);
    expect((await command(second.url, board.id, host.token, { type: 'setPhase', phase: 'group' })).status).toBe(200);
    const reader = await connectClient(cleanups, second.url, board.id, host.token);
    expect(texts(reader.doc)).toEqual(['draft 1']);
    expect(logged.mock.calls.some(([message]) => String(message).includes('Its drafts are not revealed'))).toBe(true);
  });

  it('[R69] disk full (a real SQLite quota): writes fail loudly, clients are told 4503 and keep their edits, nothing stored is damaged', async () => {
    const first = await server();
    // Long cards, so an import of this board needs more room than the full disk has left.
    const { board, member, actor } = await boardWith(first.url, ['stored before', ...Array.from({ length: 12 }, (_, i) => `long ${i} ${'x'.repeat(1500)}`)]);
    const bystander = await joinBoard(first.url, board.id, 'Bystander');
    await joinBoard(first.url, board.id, 'Host', board.facilitatorKey);
    const exported = await (await fetch(`${first.url}/api/boards/${board.id}/export?format=json`, { headers: { authorization: `Bearer ${member.token}` } })).text();
    await first.close();
    cleanups.push(() => removeDir(first.dataDir));
    const db = openDatabase(first.dataDir);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }));
    db.close();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    cleanups.push(() => logged.mockRestore());
    // Room for a few pages more: the first cards fit, then the disk is "full".
    const full = await server(first.dataDir, { maxDatabaseBytes: bytes + 4 * 4096 });
    const writer = await connectClient(cleanups, full.url, board.id, member.token);
    const codes = closeCodes(writer.provider);
    const watcher = await connectClient(cleanups, full.url, board.id, bystander.token);
    // Paced like a person typing fast, so the refusals come from the full disk, not the rate limit.
    for (let i = 0; !codes.includes(CLOSE.storageUnavailable.code) && i < 1000; i++) {
      addCard(writer.doc, actor, { column: 'lessons-learned', text: `card ${i} ${'x'.repeat(400)}` });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(codes).toContain(CLOSE.storageUnavailable.code);
    expect(logged.mock.calls.some(([message]) => /storing updates failed \(storage full, read-only or not answering\)/.test(String(message)))).toBe(true);
    // HTTP writes that do not fit say so too, and change nothing: an import of this board, say.
    const imported = await api(full.url, '/api/boards/import', { rawBody: exported });
    expect(imported, JSON.stringify(imported.body)).toMatchObject({ status: 503, body: { code: 'storage-unavailable' } });
    expect(imported.body.error).toMatch(/storage is full, read-only or not answering/);
    const relayed = texts(watcher.doc);
    writer.provider.disconnect();
    watcher.provider.destroy();
    await full.close();
    // Nothing stored was damaged: the file checks whole, and holds everything relayed.
    const check = openDatabase(first.dataDir);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    const roomy = await server(first.dataDir);
    const reader = await connectClient(cleanups, roomy.url, board.id, bystander.token);
    expect(texts(reader.doc)).toEqual(expect.arrayContaining(relayed));
    expect(texts(reader.doc)).toContain('stored before');
    // The writer kept every card; once it reconnects they are all stored.
    const written = texts(writer.doc);
    reconnect(roomy.url, board.id, member.token, writer.doc);
    await until(() => texts(reader.doc).length === written.length, 10_000, "the writer's kept cards to arrive");
    expect(texts(reader.doc)).toEqual(written);
  });

  it('[R69] storage turned read-only under a running server: clients are told 4503 and retry; once writable, their edits are stored', async () => {
    const dataDir = join(tmpdir(), `hindsight-ro-${process.pid}-${Date.now()}`);
    const store = new ReadOnlyOnDemand(dataDir);
    const running = await server(dataDir, {}, { store });
    cleanups.push(() => removeDir(dataDir));
    const { board, member, actor } = await boardWith(running.url, ['stored before']);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    cleanups.push(() => logged.mockRestore());
    const writer = await connectClient(cleanups, running.url, board.id, member.token);
    const codes = closeCodes(writer.provider);
    store.readOnly = true;
    addCard(writer.doc, actor, { column: 'went-well', text: 'written while read-only' });
    await until(() => codes.includes(CLOSE.storageUnavailable.code), 5000, 'the writer to be told 4503');
    expect((await api(running.url, `/api/boards/${board.id}/participants`, { body: { name: 'Late', color: '#1971c2' } })).status).toBe(503);
    store.readOnly = false;
    // The provider reconnects by itself (4503 is not final) and sends what was not stored.
    const reader = await eventuallyConnected(running.url, board.id, member.token);
    await until(() => texts(reader.doc).includes('written while read-only'), 10_000, 'the kept edit to be stored');
    expect(texts(reader.doc)).toEqual(['stored before', 'written while read-only']);
  });
});
