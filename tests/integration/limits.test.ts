import { connect } from 'node:net';
import { createHash } from 'node:crypto';
import { addCard, CLOSE, orderKeyBetween, selectCards } from '@hindsight/shared';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { cleanupsAfterEach, connectClient, rawClient, syncUpdate } from './clients';
import { createBoard, joinBoard, removeDir, startTestServer, until } from './helpers';
import { DEFAULT_CONNECTION_LIMITS } from '@hindsight/server';

const cleanups = cleanupsAfterEach();

async function boardWith(overrides: Parameters<typeof startTestServer>[1] = {}) {
  const started = await startTestServer(undefined, overrides);
  cleanups.push(async () => {
    await started.close();
    removeDir(started.dataDir);
  });
  const board = await createBoard(started.url);
  const [ana, bob] = await Promise.all(['Ana', 'Bob'].map((name) => joinBoard(started.url, board.id, name)));
  if (!ana || !bob) throw new Error('join failed');
  return { started, board, ana, bob };
}

/** An awareness message (type 1) setting this raw client's presence, as y-protocols encodes it. */
function awarenessMessage(presence: Awareness, clock: number): Uint8Array {
  presence.setLocalStateField('cursor', [clock]);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(presence, [presence.clientID]));
  return encoding.toUint8Array(encoder);
}

describe('[R64] per-connection limits close only the offender', () => {
  it('a flood of presence messages is closed with 4290; everyone else keeps syncing', async () => {
    const { started, board, ana, bob } = await boardWith({ connection: { updatesPerSecond: 50, updateBurst: 250, awarenessPerSecond: 20, awarenessBurst: 40, maxBufferedBytes: 8 << 20, maxPresenceBytes: 8192 } });
    const alice = await connectClient(cleanups, started.url, board.id, ana.token);
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    const presence = new Awareness(new Y.Doc());
    for (let clock = 1; clock <= 200; clock++) socket.send(awarenessMessage(presence, clock));
    expect(await closed).toEqual({ code: CLOSE.tooManyMessages.code, reason: CLOSE.tooManyMessages.reason });
    addCard(alice.doc, { participantId: ana.participantId, role: 'participant' }, { column: 'went-well', text: 'still here' });
    const fresh = await connectClient(cleanups, started.url, board.id, bob.token);
    await until(() => selectCards(fresh.doc).some((card) => card.text === 'still here'), 5000, "Ana's card after the flood");
  });

  it('a presence state larger than the bound is closed with 4413 and relayed to nobody', async () => {
    const { started, board, ana, bob } = await boardWith({ connection: { ...DEFAULT_CONNECTION_LIMITS, maxPresenceBytes: 2048 } });
    const alice = await connectClient(cleanups, started.url, board.id, ana.token);
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    const presence = new Awareness(new Y.Doc());
    presence.setLocalState({ cursor: [1, 2], note: 'x'.repeat(4000) });
    socket.send(awarenessMessage(presence, 1));
    const { code, reason } = await closed;
    expect({ code, reason }).toEqual({ code: CLOSE.tooLarge.code, reason: expect.stringMatching(/^R64: A presence state holds at most 2048 characters/) as unknown });
    // A small state from another client goes out after anything relayed before it.
    const carol = await connectClient(cleanups, started.url, board.id, bob.token);
    carol.provider.awareness.setLocalStateField('cursor', [3, 4]);
    await until(() => [...alice.provider.awareness.getStates().values()].some((state) => Array.isArray(state.cursor) && state.cursor[0] === 3), 5000, 'the small state at Ana');
    expect([...alice.provider.awareness.getStates().values()].some((state) => typeof state.note === 'string')).toBe(false);
  });

  it('a flood of updates is closed with 4290 once its burst is spent; what came before is kept', async () => {
    const { started, board, bob } = await boardWith({ connection: { updatesPerSecond: 5, updateBurst: 20, awarenessPerSecond: 60, awarenessBurst: 120, maxBufferedBytes: 8 << 20, maxPresenceBytes: 8192 } });
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    // The board is empty apart from server writes the raw client never asked for: cards need none of them.
    for (let i = 0; i < 60; i++) addCard(doc, { participantId: bob.participantId, role: 'participant' }, { column: 'went-well', text: `card ${i}` });
    for (const update of updates) socket.send(syncUpdate(update));
    expect((await closed).code).toBe(CLOSE.tooManyMessages.code);
    const reader = await connectClient(cleanups, started.url, board.id, bob.token);
    const kept = selectCards(reader.doc).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(21);
  });

  it('a reader that does not read is closed with 4080 once its backlog passes the bound', async () => {
    const { started, board, ana, bob } = await boardWith({ connection: { updatesPerSecond: 100_000, updateBurst: 100_000, awarenessPerSecond: 60, awarenessBurst: 120, maxBufferedBytes: 256 * 1024, maxPresenceBytes: 8192 } });
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    // Stop reading: the server's messages pile up in its send buffer for this socket.
    socket.pause();
    const writer = await connectClient(cleanups, started.url, board.id, ana.token);
    const actor = { participantId: ana.participantId, role: 'participant' } as const;
    // About 8 MB of relayed cards, far more than the kernel's socket buffers hold, in batches the provider sends as it goes.
    // Each card is as long as the gate takes (R62), so fewer updates carry the bytes.
    let order: string | null = null;
    for (let batch = 0; batch < 10; batch++) {
      writer.doc.transact(() => {
        for (let i = 0; i < 100; i++) {
          const card = new Y.Map<unknown>();
          const id = `big-${batch}-${i}`;
          writer.doc.getMap<Y.Map<unknown>>('cards').set(id, card);
          order = orderKeyBetween(order, null);
          for (const [key, value] of Object.entries({ id, column: 'went-well', text: new Y.Text('x'.repeat(7900)), authorId: actor.participantId, createdAt: Date.now(), order })) card.set(key, value);
        }
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
    socket.resume();
    expect((await closed).code).toBe(CLOSE.slowReader.code);
    expect(writer.provider.wsconnected).toBe(true);
  });
});

describe('[R65] connections, board creation and silence are bounded', () => {
  it('a board full of connections closes the next with 4291, and takes one again once a place is free', async () => {
    const { started, board, ana, bob } = await boardWith({ maxConnectionsPerBoard: 2 });
    const first = await rawClient(cleanups, started.url, `${board.id}?token=${ana.token}`);
    await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    const third = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    expect(await third.closed).toEqual({ code: CLOSE.tooManyConnections.code, reason: CLOSE.tooManyConnections.reason });
    first.socket.close();
    await first.closed;
    const again = await connectClient(cleanups, started.url, board.id, ana.token);
    expect(again.provider.synced).toBe(true);
  });

  it("strangers without a token take none of a board's places, and a peer that never answers the close is cut after a second", async () => {
    const { started, board, ana } = await boardWith({ maxConnectionsPerBoard: 1 });
    const { port } = new URL(started.url);
    // Raw upgrades that never answer the close frame and never hang up (they read, so they can see the end).
    const strangers = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<{ ended: () => boolean }>((resolve) => {
            let ended = false;
            const socket = connect(Number(port), '127.0.0.1', () => {
              socket.write(`GET /sync/${board.id} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
              socket.resume();
              resolve({ ended: () => ended });
            });
            socket.on('close', () => (ended = true));
            socket.on('error', () => undefined);
            cleanups.push(() => void socket.destroy());
          }),
      ),
    );
    const member = await connectClient(cleanups, started.url, board.id, ana.token);
    expect(member.provider.synced).toBe(true);
    await until(() => strangers.every((stranger) => stranger.ended()), 5000, 'the server to cut the silent strangers');
  });

  it('one address holds a bounded number of connections across boards', async () => {
    const { started, board, ana, bob } = await boardWith({ maxConnectionsPerAddress: 1 });
    await rawClient(cleanups, started.url, `${board.id}?token=${ana.token}`);
    const second = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    expect((await second.closed).code).toBe(CLOSE.tooManyConnections.code);
  });

  it('an address that made its boards for the hour gets 429 with Retry-After, naming the rule', async () => {
    const started = await startTestServer(undefined, { boardsPerAddressPerHour: 2 });
    cleanups.push(async () => {
      await started.close();
      removeDir(started.dataDir);
    });
    const create = () => fetch(`${started.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x' }) });
    expect([(await create()).status, (await create()).status]).toEqual([201, 201]);
    const refused = await create();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(await refused.json()).toMatchObject({ rule: 'R65', error: expect.stringMatching(/made 2 boards in the last hour/) as unknown });
  });

  it('[R65] behind a trusted proxy, each forwarded client has its own hourly allowance, and a forged X-Forwarded-For does not reset it', async () => {
    const started = await startTestServer(undefined, { boardsPerAddressPerHour: 1, trustedProxyHops: 1 });
    cleanups.push(async () => {
      await started.close();
      removeDir(started.dataDir);
    });
    // The proxy appends the address it saw; what a client wrote before that is its own claim.
    const create = (forwardedFor: string) =>
      fetch(`${started.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ title: 'x' }) });
    expect((await create('203.0.113.7')).status).toBe(201);
    expect((await create('198.51.100.4')).status).toBe(201);
    expect((await create('10.9.9.9, 203.0.113.7')).status).toBe(429);
    expect((await create('203.0.113.7')).status).toBe(429);
  });

  it('a connection that says nothing is closed with 4008; a provider that renews its presence is not', async () => {
    const { started, board, ana, bob } = await boardWith({ idleTimeoutMs: 300, heartbeatMs: 50 });
    const silent = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    expect((await silent.closed).code).toBe(CLOSE.idle.code);
    const talking = await connectClient(cleanups, started.url, board.id, ana.token);
    // The app's presence renews at least every 15 s; here a cursor moves every 100 ms while the silent socket is judged.
    let moves = 0;
    await until(() => {
      talking.provider.awareness.setLocalStateField('cursor', [moves++]);
      // Twice the idle timeout: silence is what closes, not time.
      return moves > 60;
    }, 5000, 'cursor moves');
    expect(talking.provider.wsconnected).toBe(true);
  });
});

describe('[R64] presence bookkeeping is bounded and cleaned up', () => {
  it('a connection inventing 100 client ids presents at most 8, and they all go when it closes', async () => {
    const { started, board, ana, bob } = await boardWith();
    const alice = await connectClient(cleanups, started.url, board.id, ana.token);
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    const invented = Array.from({ length: 100 }, (_, i) => {
      const presence = new Awareness(new Y.Doc());
      presence.setLocalStateField('cursor', [i]);
      return presence;
    });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    // One message naming all 100: y-protocols encodes each awareness's own client id and state.
    const merged = new Awareness(new Y.Doc());
    for (const presence of invented) merged.states.set(presence.clientID, presence.getLocalState() as Record<string, unknown>);
    for (const presence of invented) merged.meta.set(presence.clientID, { clock: 1, lastUpdated: Date.now() });
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(merged, invented.map((presence) => presence.clientID)));
    socket.send(encoding.toUint8Array(encoder));
    const theirs = () => [...alice.provider.awareness.getStates().entries()].filter(([clientId]) => invented.some((presence) => presence.clientID === clientId)).length;
    await until(() => theirs() > 0, 5000, "Bob's presences at Alice");
    expect(theirs()).toBe(8);
    socket.close();
    await closed;
    await until(() => theirs() === 0, 5000, "Bob's presences to go when he leaves");
  });
});

describe('[R11] updates whose dependencies never arrive cannot pile up', () => {
  it('a client planting dangling updates again and again is refused every time; nothing of them is kept', async () => {
    const { started, board, ana, bob } = await boardWith();
    const planted = new Set<number>();
    for (let round = 0; round < 20; round++) {
      const doc = new Y.Doc();
      planted.add(doc.clientID);
      addCard(doc, { participantId: bob.participantId, role: 'participant' }, { column: 'went-well', text: `base ${round}` });
      const before = Y.encodeStateVector(doc);
      const card = doc.getMap<Y.Map<unknown>>('cards').values().next().value as Y.Map<unknown>;
      (card.get('text') as Y.Text).insert(0, 'dangling ');
      // Only the edit goes out: the card it edits never reaches the server.
      const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
      socket.send(syncUpdate(Y.encodeStateAsUpdate(doc, before)));
      const { code, reason } = await closed;
      expect({ code, rule: reason.split(':')[0] }).toEqual({ code: CLOSE.ruleViolation.code, rule: 'R11' });
    }
    const reader = await connectClient(cleanups, started.url, board.id, ana.token);
    expect([...reader.doc.store.clients.keys()].filter((client) => planted.has(client))).toEqual([]);
    addCard(reader.doc, { participantId: ana.participantId, role: 'participant' }, { column: 'went-well', text: 'honest' });
    const other = await connectClient(cleanups, started.url, board.id, bob.token);
    await until(() => selectCards(other.doc).some((card) => card.text === 'honest'), 5000, 'an honest card after the planting');
  });
});

describe('[R66] a board holds a bounded amount', () => {
  it('an update that would take the document past the bound is refused whole; deleting still works, and others carry on', async () => {
    const { started, board, ana, bob } = await boardWith({ rooms: { unloadAfterMs: 30_000, compactEveryUpdates: 500, compactEveryMs: 60_000, maxDocumentBytes: 40_000 } });
    const alice = await connectClient(cleanups, started.url, board.id, ana.token);
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    const doc = new Y.Doc();
    let order: string | null = null;
    const bigCard = (i: number) => {
      const before = Y.encodeStateVector(doc);
      const card = new Y.Map<unknown>();
      doc.getMap<Y.Map<unknown>>('cards').set(`big-${i}`, card);
      order = orderKeyBetween(order, null);
      for (const [key, value] of Object.entries({ id: `big-${i}`, column: 'went-well', text: new Y.Text('x'.repeat(7900)), authorId: bob.participantId, createdAt: Date.now(), order })) card.set(key, value);
      return Y.encodeStateAsUpdate(doc, before);
    };
    for (let i = 0; i < 8; i++) socket.send(syncUpdate(bigCard(i)));
    const { code, reason } = await closed;
    expect({ code, rule: reason.split(':')[0] }).toEqual({ code: CLOSE.ruleViolation.code, rule: 'R66' });
    // Eight cards of 8 KB do not fit in 40 KB: the ones that did reach Alice, the refused one never does.
    await until(() => selectCards(alice.doc).length >= 4, 5000, 'the cards that fit');
    expect(selectCards(alice.doc).length).toBeLessThan(8);
    // Full: deleting still goes through, so the board can make room.
    const fresh = await connectClient(cleanups, started.url, board.id, bob.token);
    const first = selectCards(fresh.doc)[0]?.id as string;
    fresh.doc.getMap('cards').delete(first);
    await until(() => !selectCards(alice.doc).some((card) => card.id === first), 5000, 'the deletion on a full board');
  });
});

describe('[R25] the facilitator key never reaches a participant', () => {
  it('no answer to a participant and no byte of the board they sync holds the key, nor its hash', async () => {
    const { started, board, ana } = await boardWith();
    const hash = createHash('sha256').update(board.facilitatorKey).digest('hex');
    const client = await connectClient(cleanups, started.url, board.id, ana.token);
    const synced = Buffer.from(Y.encodeStateAsUpdate(client.doc)).toString('latin1');
    const answers = await Promise.all(
      [`/api/boards/${board.id}`, `/api/boards/${board.id}/export?format=json`, `/api/boards/${board.id}/export?format=md`, `/api/boards/${board.id}/facilitator-link`].map(async (path) => {
        const response = await fetch(`${started.url}${path}`, { headers: { authorization: `Bearer ${ana.token}` } });
        return `${response.status} ${await response.text()}`;
      }),
    );
    for (const text of [synced, ...answers]) {
      expect(text).not.toContain(board.facilitatorKey);
      expect(text).not.toContain(hash);
    }
    // The facilitator link is for facilitators only.
    expect(answers[3]).toMatch(/^403 /);
  });
});
