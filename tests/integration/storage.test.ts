import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SqliteBoardStore } from '@hindsight/server';
import { addCard, CLOSE, selectCards, type Actor } from '@hindsight/shared';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { cleanupsAfterEach, connectClient, rawClient, wsUrl } from './clients';
import { api, createBoard, joinBoard, removeDir, startTestServer, until, type TestServer } from './helpers';

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

describe('storage faults', () => {
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

  it('[R69] disk full (a real SQLite quota): writes fail loudly, clients are told 4503 and keep their edits, nothing stored is damaged', async () => {
    const first = await server();
    const { board, member, actor } = await boardWith(first.url, ['stored before']);
    const bystander = await joinBoard(first.url, board.id, 'Bystander');
    await joinBoard(first.url, board.id, 'Host', board.facilitatorKey);
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
    expect(logged.mock.calls.some(([message]) => /storing updates failed \(storage full or read-only\)/.test(String(message)))).toBe(true);
    // HTTP writes that do not fit say so too, and change nothing: an import of this board, say.
    const exported = await (await fetch(`${full.url}/api/boards/${board.id}/export?format=json`, { headers: { authorization: `Bearer ${member.token}` } })).text();
    const imported = await api(full.url, '/api/boards/import', { rawBody: exported });
    expect(imported, JSON.stringify(imported.body)).toMatchObject({ status: 503, body: { code: 'storage-unavailable' } });
    expect(imported.body.error).toMatch(/storage is full or read-only/);
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
    const dataDir = join((await import('node:os')).tmpdir(), `hindsight-ro-${process.pid}-${Date.now()}`);
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
    const reader = await connectClient(cleanups, running.url, board.id, member.token);
    await until(() => texts(reader.doc).includes('written while read-only'), 10_000, 'the kept edit to be stored');
    expect(texts(reader.doc)).toEqual(['stored before', 'written while read-only']);
  });
});
