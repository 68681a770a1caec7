import { addCard, CLOSE, draftRoomName, selectCards, selectSession, type Actor } from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cleanupsAfterEach, connectClient, rawClient, syncUpdate } from './clients';
import { startTestServer, until } from './helpers';
import { sessionScene } from './scene';

const cleanups = cleanupsAfterEach();

/** A participant's private room through the stock provider, synced. */
function connectDrafts(base: string, boardId: string, participantId: string, token: string) {
  return connectClient(cleanups, base, draftRoomName(boardId, participantId), token);
}

const SECRET = 'Quiet-draft-4711 about the failover';

describe('private writing', () => {
  it("[R37] a private room opens only with its owner's token", async () => {
    const { alice, bob, started, board } = await sessionScene(cleanups);
    const room = draftRoomName(board.id, alice.participantId);
    const stranger = await rawClient(cleanups, started.url, `${room}?token=${bob.token}`);
    expect(await stranger.closed).toEqual({ code: CLOSE.ruleViolation.code, reason: "R37: A private room opens only with its owner's token." });
    const anonymous = await rawClient(cleanups, started.url, room);
    expect((await anonymous.closed).code).toBe(CLOSE.unauthorized.code);
    const owner = await connectDrafts(started.url, board.id, alice.participantId, alice.token);
    expect(owner.provider.wsconnected).toBe(true);
  });

  it('[R38] before the reveal, another participant receives no byte of a draft, only its count; [R39] after it, the card with its author', async () => {
    const { host, alice, bob, run, started, board } = await sessionScene(cleanups);
    await run(host.token, { type: 'setPhase', phase: 'reflect' });
    // Bob listens on the raw socket and through a document.
    const frames: Buffer[] = [];
    const listener = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    listener.socket.on('message', (data: Buffer) => frames.push(Buffer.from(data)));
    const b = await connectClient(cleanups, started.url, board.id, bob.token);
    const drafts = await connectDrafts(started.url, board.id, alice.participantId, alice.token);
    const aliceActor: Actor = { participantId: alice.participantId, role: 'participant' };
    const added = addCard(drafts.doc, aliceActor, { column: 'lessons-learned', text: SECRET });
    const draftOrder = selectCards(drafts.doc)[0]?.order;
    await until(() => selectSession(b.doc).draftCounts.get(alice.participantId)?.['lessons-learned'] === 1, 5000, "Alice's draft count at Bob's");
    expect(selectCards(b.doc)).toEqual([]);
    expect(Buffer.concat(frames).includes(Buffer.from('Quiet-draft-4711'))).toBe(false);

    expect((await run(bob.token, { type: 'revealDrafts' })).status).toBe(403);
    expect((await run(host.token, { type: 'revealDrafts' })).status).toBe(200);
    await until(() => selectCards(b.doc).length === 1, 5000, 'the revealed card at Bob');
    expect(selectCards(b.doc)[0]).toMatchObject({ id: added.ok ? added.value.cardId : '', text: SECRET, authorId: alice.participantId, order: draftOrder });
    await until(() => selectCards(drafts.doc).length === 0, 5000, "Alice's private room to empty");
    await until(() => !selectSession(b.doc).draftCounts.has(alice.participantId), 5000, "Alice's count to clear");
  });

  it('[R39] a draft that reaches the server after the reveal (written offline) is revealed at once', async () => {
    const { host, alice, run, started, board } = await sessionScene(cleanups);
    await run(host.token, { type: 'setPhase', phase: 'reflect' });
    const watcher = await connectClient(cleanups, started.url, board.id, host.token);
    const drafts = await connectDrafts(started.url, board.id, alice.participantId, alice.token);
    drafts.provider.disconnect();
    addCard(drafts.doc, { participantId: alice.participantId, role: 'participant' }, { column: 'future-considerations', text: 'Written on the train' });
    expect((await run(host.token, { type: 'revealDrafts' })).status).toBe(200);
    drafts.provider.connect();
    await until(() => selectCards(watcher.doc).some((card) => card.text === 'Written on the train'), 5000, 'the late draft on the board');
    expect(selectCards(watcher.doc)[0]?.authorId).toBe(alice.participantId);
  });

  it('[R39][R40] drafts of a participant who is offline are revealed from the server; turning private writing off reveals them too', async () => {
    const { host, alice, bob, run, started, board } = await sessionScene(cleanups);
    await run(host.token, { type: 'setPhase', phase: 'reflect' });
    const watcher = await connectClient(cleanups, started.url, board.id, host.token);
    const aliceDrafts = await connectDrafts(started.url, board.id, alice.participantId, alice.token);
    addCard(aliceDrafts.doc, { participantId: alice.participantId, role: 'participant' }, { column: 'went-well', text: 'Alice, now offline' });
    await until(() => selectSession(watcher.doc).draftCounts.has(alice.participantId), 5000, "Alice's count");
    aliceDrafts.provider.destroy();
    expect((await run(host.token, { type: 'revealDrafts' })).status).toBe(200);
    await until(() => selectCards(watcher.doc).some((card) => card.text === 'Alice, now offline'), 5000, "Alice's draft revealed while she is away");

    await run(host.token, { type: 'setPhase', phase: 'discuss' });
    await run(host.token, { type: 'setPhase', phase: 'reflect' });
    const bobDrafts = await connectDrafts(started.url, board.id, bob.participantId, bob.token);
    addCard(bobDrafts.doc, { participantId: bob.participantId, role: 'participant' }, { column: 'went-well', text: 'Bob, second round' });
    await until(() => selectSession(watcher.doc).draftCounts.has(bob.participantId), 5000, "Bob's count");
    expect((await run(bob.token, { type: 'setPrivateWriting', enabled: false })).status).toBe(403);
    expect((await run(host.token, { type: 'setPrivateWriting', enabled: false })).status).toBe(200);
    await until(() => selectCards(watcher.doc).some((card) => card.text === 'Bob, second round'), 5000, "Bob's draft revealed");
    expect(selectSession(watcher.doc).privateWriting).toBe(false);
  });

  it("[R39] leaving Reflect reveals every draft, unmarked; a removed participant's drafts stay private", async () => {
    const { host, alice, bob, run, started, board } = await sessionScene(cleanups);
    await run(host.token, { type: 'setPhase', phase: 'reflect' });
    const watcher = await connectClient(cleanups, started.url, board.id, host.token);
    const a = await connectDrafts(started.url, board.id, alice.participantId, alice.token);
    const b = await connectDrafts(started.url, board.id, bob.participantId, bob.token);
    addCard(a.doc, { participantId: alice.participantId, role: 'participant' }, { column: 'went-well', text: 'Alice in Reflect' });
    addCard(b.doc, { participantId: bob.participantId, role: 'participant' }, { column: 'went-well', text: 'Bob, never meant to share' });
    await until(() => selectSession(watcher.doc).draftCounts.size === 2, 5000, 'both counts');
    expect((await run(host.token, { type: 'removeParticipant', participantId: bob.participantId })).status).toBe(200);
    await until(() => !selectSession(watcher.doc).draftCounts.has(bob.participantId), 5000, "Bob's count gone");
    expect((await run(host.token, { type: 'setPhase', phase: 'discuss' })).status).toBe(200);
    await until(() => selectCards(watcher.doc).length === 1, 5000, "Alice's draft revealed on leaving Reflect");
    expect(selectCards(watcher.doc).map((card) => card.text)).toEqual(['Alice in Reflect']);
    expect(selectSession(watcher.doc).late.size).toBe(0);
  });

  it('[R37] a private room holds draft cards written by its owner only', async () => {
    const { alice, bob, started, board } = await sessionScene(cleanups);
    const drafts = await connectDrafts(started.url, board.id, alice.participantId, alice.token);
    for (const [write, rule] of [
      [(copy: Y.Doc) => copy.getMap('facts').set('severity', 'SEV-1'), 'R37'],
      [(copy: Y.Doc) => addCard(copy, { participantId: bob.participantId, role: 'participant' }, { column: 'went-well', text: 'in Bob’s name' }), 'R5'],
    ] as const) {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(drafts.doc));
      const before = Y.encodeStateVector(copy);
      write(copy);
      const raw = await rawClient(cleanups, started.url, `${draftRoomName(board.id, alice.participantId)}?token=${alice.token}`);
      raw.socket.send(syncUpdate(Y.encodeStateAsUpdate(copy, before)));
      expect((await raw.closed).reason.split(':')[0]).toBe(rule);
    }
  });

  it('drafts survive a server restart, two tabs of one participant share them, and an early reveal shows only their own', async () => {
    const first = await sessionScene(cleanups);
    const { alice, bob, host, board } = first;
    // Drafts are private during Reflect; outside it a private room's cards go straight to the board.
    await first.run(host.token, { type: 'setPhase', phase: 'reflect' });
    const tab1 = await connectDrafts(first.started.url, board.id, alice.participantId, alice.token);
    const tab2 = await connectDrafts(first.started.url, board.id, alice.participantId, alice.token);
    addCard(tab1.doc, { participantId: alice.participantId, role: 'participant' }, { column: 'went-well', text: 'Rollback was quick' });
    await until(() => selectCards(tab2.doc).length === 1, 5000, 'the draft in the second tab');
    for (const cleanup of cleanups.splice(1).reverse()) await cleanup();
    await first.started.close();
    const again = await startTestServer(first.started.dataDir);
    cleanups.push(() => again.close());
    const restored = await connectDrafts(again.url, board.id, alice.participantId, alice.token);
    expect(selectCards(restored.doc).map((card) => card.text)).toEqual(['Rollback was quick']);
    const bobDrafts = await connectDrafts(again.url, board.id, bob.participantId, bob.token);
    addCard(bobDrafts.doc, { participantId: bob.participantId, role: 'participant' }, { column: 'went-well', text: 'Still private' });
    const watcher = await connectClient(cleanups, again.url, board.id, host.token);
    await until(() => selectSession(watcher.doc).draftCounts.has(bob.participantId), 5000, "Bob's count");
    const early = await fetch(`${again.url}/api/boards/${board.id}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.token}` },
      body: JSON.stringify({ type: 'revealDrafts', participantId: alice.participantId }),
    });
    expect(early.status).toBe(200);
    await until(() => selectCards(watcher.doc).length === 1, 5000, "Alice's early reveal");
    expect(selectCards(watcher.doc).map((card) => card.text)).toEqual(['Rollback was quick']);
    expect(selectSession(watcher.doc).draftCounts.get(bob.participantId)?.['went-well']).toBe(1);
  });
});
