import { addCard, CLOSE, selectCards } from '@hindsight/shared';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { cleanupsAfterEach, connectClient, rawClient, syncUpdate } from './clients';
import { createBoard, joinBoard, removeDir, startTestServer, until } from './helpers';

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
    const { started, board, ana, bob } = await boardWith({ connection: { updatesPerSecond: 50, updateBurst: 250, awarenessPerSecond: 20, awarenessBurst: 40, maxBufferedBytes: 8 << 20 } });
    const alice = await connectClient(cleanups, started.url, board.id, ana.token);
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    const presence = new Awareness(new Y.Doc());
    for (let clock = 1; clock <= 200; clock++) socket.send(awarenessMessage(presence, clock));
    expect(await closed).toEqual({ code: CLOSE.tooManyMessages.code, reason: CLOSE.tooManyMessages.reason });
    addCard(alice.doc, { participantId: ana.participantId, role: 'participant' }, { column: 'went-well', text: 'still here' });
    const fresh = await connectClient(cleanups, started.url, board.id, bob.token);
    await until(() => selectCards(fresh.doc).some((card) => card.text === 'still here'), 5000, "Ana's card after the flood");
  });

  it('a flood of updates is closed with 4290 once its burst is spent; what came before is kept', async () => {
    const { started, board, bob } = await boardWith({ connection: { updatesPerSecond: 5, updateBurst: 20, awarenessPerSecond: 60, awarenessBurst: 120, maxBufferedBytes: 8 << 20 } });
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
    const { started, board, ana, bob } = await boardWith({ connection: { updatesPerSecond: 100_000, updateBurst: 100_000, awarenessPerSecond: 60, awarenessBurst: 120, maxBufferedBytes: 256 * 1024 } });
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    // Stop reading: the server's messages pile up in its send buffer for this socket.
    socket.pause();
    const writer = await connectClient(cleanups, started.url, board.id, ana.token);
    const actor = { participantId: ana.participantId, role: 'participant' } as const;
    // About 8 MB of relayed cards, far more than the kernel's socket buffers hold, in batches the provider sends as it goes.
    let reason: { code: number } | null = null;
    void closed.then((value) => (reason = value));
    for (let batch = 0; batch < 40 && reason === null; batch++) {
      for (let i = 0; i < 100; i++) addCard(writer.doc, actor, { column: 'went-well', text: 'x'.repeat(1900) });
      await new Promise((resolve) => setImmediate(resolve));
    }
    socket.resume();
    expect((await closed).code).toBe(CLOSE.slowReader.code);
    expect(writer.provider.wsconnected).toBe(true);
  });
});
