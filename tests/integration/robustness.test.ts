import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteBoardStore } from '@hindsight/server';
import { addCard, CLOSE, participantsMap, selectCards } from '@hindsight/shared';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { cleanupsAfterEach, connectClient, rawClient, syncUpdate } from './clients';
import { api, createBoard, joinBoard, removeDir, startTestServer, until } from './helpers';

const cleanups = cleanupsAfterEach();

async function server(...args: Parameters<typeof startTestServer>) {
  const started = await startTestServer(...args);
  cleanups.push(async () => {
    await started.close().catch(() => undefined);
    removeDir(started.dataDir);
  });
  return started;
}

/** A real store whose writes fail for one board, as a full disk would. */
class FlakyStore extends SqliteBoardStore {
  failing = '';

  override appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number> {
    return id === this.failing ? Promise.reject(new Error('disk full')) : super.appendUpdates(id, updates);
  }
}

/** Sends raw bytes over TCP and resolves when the server closes the connection. */
function rawTcp(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
  });
}

/** An update writing a card of `actor` under Yjs client `clientId`, built on a copy of `doc`. */
function cardUnderClient(doc: Y.Doc, clientId: number, participantId: string): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  copy.clientID = clientId;
  addCard(copy, { participantId, role: 'participant' }, { column: 'went-well', text: 'under the server' });
  return Y.encodeStateAsUpdate(copy, Y.encodeStateVector(doc));
}

describe('server robustness', () => {
  it("[R17] nobody writes under the server's own Yjs client ids, now or after the board reloads", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hindsight-'));
    cleanups.push(() => removeDir(dataDir));
    const first = await server(dataDir);
    const board = await createBoard(first.url);
    const alice = await joinBoard(first.url, board.id, 'Alice');
    const replica = await connectClient(cleanups, first.url, board.id, alice.token);
    // The server wrote Alice's participant record under its own client id.
    const serverClient = (participantsMap(replica.doc) as unknown as { _map: Map<string, { id: { client: number } }> })._map.get(alice.participantId)?.id.client ?? 0;
    const forge = async (base: string, doc: Y.Doc) => {
      const raw = await rawClient(cleanups, base, `${board.id}?token=${alice.token}`);
      raw.socket.send(syncUpdate(cardUnderClient(doc, serverClient, alice.participantId)));
      return raw.closed;
    };
    expect(await forge(first.url, replica.doc)).toEqual({ code: CLOSE.ruleViolation.code, reason: `R17: Yjs client ${serverClient} belongs to the server.` });
    replica.provider.destroy();
    await first.close();
    // A reloaded board writes under a new id; the old one stays the server's.
    const second = await server(dataDir);
    const reader = await connectClient(cleanups, second.url, board.id, alice.token);
    expect(await forge(second.url, reader.doc)).toEqual({ code: CLOSE.ruleViolation.code, reason: `R17: Yjs client ${serverClient} belongs to the server.` });
    expect(selectCards(reader.doc)).toEqual([]);
  });

  it("survives a client's broken frames and request targets, before and after the upgrade", async () => {
    const started = await server();
    const board = await createBoard(started.url);
    const member = await joinBoard(started.url, board.id, 'Member');
    const upgrade = (path: string) =>
      `GET ${path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;
    // An unmasked client frame right behind the upgrade, to an unknown board and to a real one.
    for (const path of ['/sync/nope', `/sync/${board.id}?token=${member.token}`]) {
      await rawTcp(started.port, Buffer.concat([Buffer.from(upgrade(path)), Buffer.from([0x82, 0x01, 0x00])]));
    }
    expect(await rawTcp(started.port, Buffer.from('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))).toMatch(/^HTTP\/1.1 400/);
    await rawTcp(started.port, Buffer.from(upgrade('http://[')));
    expect(await api(started.url, `/api/boards/${board.id}`)).toMatchObject({ status: 200 });
    const client = await connectClient(cleanups, started.url, board.id, member.token);
    expect(client.provider.wsconnected).toBe(true);
  });

  it("nobody can present awareness state under another participant's client id", async () => {
    const started = await server();
    const board = await createBoard(started.url);
    const [alice, bob, carol] = await Promise.all(['Alice', 'Bob', 'Carol'].map((name) => joinBoard(started.url, board.id, name)));
    if (!alice || !bob || !carol) throw new Error('join failed');
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    const c = await connectClient(cleanups, started.url, board.id, carol.token);
    a.provider.awareness.setLocalStateField('cursor', { x: 1 });
    const alicesState = () => c.provider.awareness.getStates().get(a.doc.clientID) as { cursor?: { x: number }; user?: { name: string } } | undefined;
    await until(() => alicesState()?.cursor?.x === 1, 5000, "Alice's cursor");
    // Bob's raw socket claims Alice's client id with a newer clock.
    const forged = new awarenessProtocol.Awareness(new Y.Doc());
    forged.clientID = a.doc.clientID;
    forged.setLocalState({ cursor: { x: 999 } });
    for (let i = 0; i < 5; i++) forged.setLocalState({ cursor: { x: 999 }, i });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(forged, [a.doc.clientID]));
    const { socket } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    socket.send(encoding.toUint8Array(encoder));
    // A later honest change from Alice arrives; the forged one never did.
    a.provider.awareness.setLocalStateField('cursor', { x: 2 });
    await until(() => alicesState()?.cursor?.x === 2, 5000, "Alice's next cursor");
    expect(alicesState()?.user?.name).toBe('Alice');
    forged.destroy();
  });

  it('a failing store answers the join with 500 instead of hanging, and other boards keep working', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hindsight-'));
    const flaky = new FlakyStore(dataDir);
    const started = await server(dataDir, {}, { store: flaky });
    const broken = await createBoard(started.url, 'broken');
    const fine = await createBoard(started.url, 'fine');
    flaky.failing = broken.id;
    const joined = await api(started.url, `/api/boards/${broken.id}/participants`, { body: { name: 'Ana', color: '#123456' } });
    expect(joined.status).toBe(500);
    const member = await joinBoard(started.url, fine.id, 'Ben');
    const client = await connectClient(cleanups, started.url, fine.id, member.token);
    addCard(client.doc, { participantId: member.participantId, role: 'participant' }, { column: 'went-well', text: 'still fine' });
    const reader = await connectClient(cleanups, started.url, fine.id, member.token);
    await until(() => selectCards(reader.doc).length === 1, 5000, 'the other board to keep working');
  });

  it('drops a client that stopped answering pings, and its presence with it', async () => {
    const started = await server(undefined, { heartbeatMs: 50 });
    const board = await createBoard(started.url);
    const member = await joinBoard(started.url, board.id, 'Member');
    const silent = new WebSocket(`${started.url.replace('http', 'ws')}/sync/${board.id}?token=${member.token}`, { autoPong: false });
    cleanups.push(() => silent.terminate());
    const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    const answering = await rawClient(cleanups, started.url, `${board.id}?token=${member.token}`);
    expect(await closed).toBe(1006);
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
  });

  it("a cut-off state vector closes only its sender (4400); others' sync answers after the next commit still arrive", async () => {
    const started = await server();
    const board = await createBoard(started.url);
    const [ana, bob] = await Promise.all(['Ana', 'Bob'].map((name) => joinBoard(started.url, board.id, name)));
    if (!ana || !bob) throw new Error('join failed');
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    // An update (so a commit is pending), then sync step 1 with a state vector that ends mid-way.
    const doc = new Y.Doc();
    addCard(doc, { participantId: bob.participantId, role: 'participant' }, { column: 'went-well', text: 'before' });
    socket.send(syncUpdate(Y.encodeStateAsUpdate(doc)));
    socket.send(new Uint8Array([0, 0, 2, 5, 1]));
    const honest = connectClient(cleanups, started.url, board.id, ana.token);
    expect((await closed).code).toBe(CLOSE.badMessage.code);
    const a = await honest;
    await until(() => selectCards(a.doc).some((card) => card.text === 'before'), 5000, "Bob's card at Ana");
  });
});
