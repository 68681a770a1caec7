import { addCard, CLOSE, editCardText, selectCards, type Actor } from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteBoardStore, type ServerConfig } from '@hindsight/server';
import { cleanupsAfterEach, connectClient, rawClient, syncUpdate } from './clients';
import { createBoard, joinBoard, removeDir, startTestServer, until } from './helpers';

type Started = Awaited<ReturnType<typeof startTestServer>>;
const cleanups = cleanupsAfterEach();

/** A server for one test; it removes the data directory it made (not one it was given). */
async function server(options: { dataDir?: string; rooms?: ServerConfig['rooms'] } = {}): Promise<Started> {
  const started = await startTestServer(options.dataDir, options.rooms ? { rooms: options.rooms } : {});
  cleanups.push(async () => {
    await started.close().catch(() => undefined);
    if (!options.dataDir) removeDir(started.dataDir);
  });
  return started;
}

async function boardWithTwo(base: string) {
  const board = await createBoard(base);
  const alice = await joinBoard(base, board.id, 'Alice');
  const bob = await joinBoard(base, board.id, 'Bob');
  return { board, alice, bob };
}

describe('sync server', () => {
  it('two clients with the stock provider converge', async () => {
    const { url } = await server();
    const { board, alice, bob } = await boardWithTwo(url);
    const a = await connectClient(cleanups, url, board.id, alice.token);
    const b = await connectClient(cleanups, url, board.id, bob.token);
    const actor: Actor = { participantId: alice.participantId, role: 'participant' };
    addCard(a.doc, actor, { column: 'went-well', text: 'Paging worked' });
    await until(() => selectCards(b.doc).length === 1, 5000, "Bob to see Alice's card");
    expect(selectCards(b.doc)[0]).toMatchObject({ text: 'Paging worked', authorId: alice.participantId });
  });

  it("[R7] a raw client breaking a rule is closed with 4403 and the rule; nobody sees the change and the store lacks it", async () => {
    const started = await server();
    const { board, alice, bob } = await boardWithTwo(started.url);
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    const added = addCard(a.doc, { participantId: alice.participantId, role: 'participant' }, { column: 'went-well', text: 'mine' });
    const cardId = added.ok ? added.value.cardId : '';
    await until(() => a.provider.synced && selectCards(a.doc).length === 1);
    // Bob's raw client edits Alice's card from a copy of the board.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(a.doc));
    const before = Y.encodeStateVector(copy);
    editCardText(copy, { participantId: alice.participantId, role: 'participant' }, cardId, { index: 0, deleteCount: 0, insert: 'NOT ' });
    const forged = Y.encodeStateAsUpdate(copy, before);
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    socket.send(syncUpdate(forged));
    const { code, reason } = await closed;
    expect(code).toBe(CLOSE.ruleViolation.code);
    expect(reason).toContain('R7');
    const fresh = await connectClient(cleanups, started.url, board.id, alice.token);
    expect(selectCards(fresh.doc).map((card) => card.text)).toEqual(['mine']);
    expect(selectCards(a.doc).map((card) => card.text)).toEqual(['mine']);
  });

  it("[R17] a participant writing under another participant's Yjs client id is refused", async () => {
    const { url } = await server();
    const { board, alice, bob } = await boardWithTwo(url);
    const a = await connectClient(cleanups, url, board.id, alice.token);
    const b = await connectClient(cleanups, url, board.id, bob.token);
    addCard(a.doc, { participantId: alice.participantId, role: 'participant' }, { column: 'went-well', text: "Alice's" });
    await until(() => selectCards(b.doc).length === 1, 5000, 'the relay');
    // Bob's own card, written under Alice's client id.
    const impostor = new Y.Doc();
    Y.applyUpdate(impostor, Y.encodeStateAsUpdate(b.doc));
    impostor.clientID = a.doc.clientID;
    const before = Y.encodeStateVector(impostor);
    addCard(impostor, { participantId: bob.participantId, role: 'participant' }, { column: 'went-well', text: "Bob's" });
    const { socket, closed } = await rawClient(cleanups, url, `${board.id}?token=${bob.token}`);
    socket.send(syncUpdate(Y.encodeStateAsUpdate(impostor, before)));
    const { code, reason } = await closed;
    expect([code, reason.includes('R17')]).toEqual([CLOSE.ruleViolation.code, true]);
    addCard(b.doc, { participantId: bob.participantId, role: 'participant' }, { column: 'went-well', text: "Bob's own" });
    await until(() => selectCards(a.doc).length === 2, 5000, "Bob's honest card");
    expect(selectCards(a.doc).map((card) => card.text).sort()).toEqual(["Alice's", "Bob's own"]);
  });

  it('presence cannot be faked: the user field comes from the token, and leaves with the connection', async () => {
    const { url } = await server();
    const { board, alice, bob } = await boardWithTwo(url);
    const a = await connectClient(cleanups, url, board.id, alice.token);
    const b = await connectClient(cleanups, url, board.id, bob.token);
    b.provider.awareness.setLocalStateField('user', { name: 'Mallory', color: '#ff0000' });
    b.provider.awareness.setLocalStateField('cursor', { x: 1 });
    const bobsState = () => a.provider.awareness.getStates().get(b.doc.clientID) as { user?: { name: string; id: string }; cursor?: unknown } | undefined;
    await until(() => bobsState()?.cursor !== undefined, 5000, "Bob's presence");
    expect(bobsState()?.user).toMatchObject({ name: 'Bob', id: bob.participantId });
    b.provider.disconnect();
    await until(() => bobsState() === undefined, 5000, "Bob's presence to leave");
  });

  it('an update that changes nothing is neither stored nor relayed', async () => {
    const started = await server();
    const { board, alice, bob } = await boardWithTwo(started.url);
    const listener = await rawClient(cleanups, started.url, `${board.id}?token=${alice.token}`);
    const relayed: Buffer[] = [];
    listener.socket.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 2) relayed.push(data);
    });
    const store = new SqliteBoardStore(started.dataDir);
    cleanups.push(() => store.close());
    const rowsBefore = (await store.loadUpdates(board.id)).length;
    const writer = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    const copy = new Y.Doc();
    writer.socket.send(syncUpdate(Y.encodeStateAsUpdate(copy)));
    const before = Y.encodeStateVector(copy);
    addCard(copy, { participantId: bob.participantId, role: 'participant' }, { column: 'went-well', text: 'real' });
    writer.socket.send(syncUpdate(Y.encodeStateAsUpdate(copy, before)));
    // Relays go out in order: once the real one is here, an empty one would have come first.
    await until(() => relayed.length >= 1, 5000, 'the real update');
    expect(relayed).toHaveLength(1);
    expect((await store.loadUpdates(board.id)).length).toBe(rowsBefore + 1);
  });

  it('closes with a named code: unknown board 4404, bad token 4401, text frame 4400, oversized frame 4413', async () => {
    const { url } = await server();
    const { board, alice } = await boardWithTwo(url);
    expect((await (await rawClient(cleanups, url, `nope?token=${alice.token}`)).closed).code).toBe(CLOSE.unknownBoard.code);
    expect((await (await rawClient(cleanups, url, `${board.id}?token=forged.token`)).closed).code).toBe(CLOSE.unauthorized.code);
    expect((await (await rawClient(cleanups, url, `${board.id}`)).closed).code).toBe(CLOSE.unauthorized.code);
    const text = await rawClient(cleanups, url, `${board.id}?token=${alice.token}`);
    text.socket.send('hello');
    expect((await text.closed).code).toBe(CLOSE.badMessage.code);
    const big = await rawClient(cleanups, url, `${board.id}?token=${alice.token}`);
    big.socket.send(new Uint8Array(1024 * 1024 + 1));
    expect((await big.closed).code).toBe(CLOSE.tooLarge.code);
    const garbage = await rawClient(cleanups, url, `${board.id}?token=${alice.token}`);
    garbage.socket.send(new Uint8Array([0, 2, 200, 200, 200]));
    expect((await garbage.closed).code).toBe(CLOSE.badMessage.code);
    // The server keeps serving the board.
    const ok = await connectClient(cleanups, url, board.id, alice.token);
    expect(ok.provider.wsconnected).toBe(true);
  });

  it('keeps everything across a restart', async () => {
    const first = await startTestServer();
    cleanups.push(() => removeDir(first.dataDir));
    const { board, alice, bob } = await boardWithTwo(first.url);
    const a = await connectClient(cleanups, first.url, board.id, alice.token);
    const b = await connectClient(cleanups, first.url, board.id, bob.token);
    addCard(a.doc, { participantId: alice.participantId, role: 'participant' }, { column: 'lessons-learned', text: 'kept' });
    // The server relays only what it has committed: Bob seeing the card proves it is stored.
    await until(() => selectCards(b.doc).length === 1, 5000, 'the relay');
    await first.close();
    const second = await server({ dataDir: first.dataDir });
    const reader = await connectClient(cleanups, second.url, board.id, alice.token);
    expect(selectCards(reader.doc).map((card) => card.text)).toEqual(['kept']);
  });

  it('folds the update log into a snapshot every N updates while clients stay', async () => {
    const started = await server({ rooms: { unloadAfterMs: 30_000, compactEveryUpdates: 5, compactEveryMs: 60_000 } });
    const { board, alice, bob } = await boardWithTwo(started.url);
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    const b = await connectClient(cleanups, started.url, board.id, bob.token);
    for (let i = 0; i < 12; i++) {
      addCard(a.doc, { participantId: alice.participantId, role: 'participant' }, { column: 'went-well', text: `card ${i}` });
      await until(() => selectCards(b.doc).length === i + 1, 5000, 'each relay');
    }
    const store = new SqliteBoardStore(started.dataDir);
    cleanups.push(() => store.close());
    // Snapshot plus fewer than five updates since it; every card is still there.
    const rows = await store.loadUpdates(board.id);
    expect(rows.length).toBeLessThanOrEqual(5);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates(rows));
    expect(selectCards(stored)).toHaveLength(12);
  });

  it('unloads an idle room into one snapshot and reloads it whole', async () => {
    const quick = await server({ rooms: { unloadAfterMs: 20, compactEveryUpdates: 500, compactEveryMs: 60_000 } });
    const { board, alice, bob } = await boardWithTwo(quick.url);
    const a = await connectClient(cleanups, quick.url, board.id, alice.token);
    const b = await connectClient(cleanups, quick.url, board.id, bob.token);
    for (const text of ['one', 'two', 'three']) addCard(a.doc, { participantId: alice.participantId, role: 'participant' }, { column: 'went-well', text });
    await until(() => selectCards(b.doc).length === 3, 5000, 'the relay');
    a.provider.destroy();
    b.provider.destroy();
    const store = new SqliteBoardStore(quick.dataDir);
    cleanups.push(() => store.close());
    await pollUntil(async () => (await store.loadUpdates(board.id)).length === 1, 'the unload to fold the log into one snapshot');
    const reader = await connectClient(cleanups, quick.url, board.id, bob.token);
    expect(selectCards(reader.doc).map((card) => card.text).sort()).toEqual(['one', 'three', 'two']);
  });
});

async function pollUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
