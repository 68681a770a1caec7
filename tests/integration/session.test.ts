import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addCard,
  CLOSE,
  createUndoManager,
  deleteCard,
  editCardText,
  selectCards,
  selectParticipants,
  selectSession,
  type Actor,
} from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cleanupsAfterEach, connectClient, rawClient, syncUpdate } from './clients';
import { api, command, until } from './helpers';
import { sessionScene } from './scene';

const cleanups = cleanupsAfterEach();

const participant = (id: string): Actor => ({ participantId: id, role: 'participant' });

describe('session commands over HTTP', () => {
  it('[R19][R20][R25][R28] a participant token cannot run facilitator commands: 403 with a JSON error, and nothing changes', async () => {
    const { host, alice, run, started, board } = await sessionScene(cleanups);
    const watcher = await connectClient(cleanups, started.url, board.id, host.token);
    for (const [body, rule] of [
      [{ type: 'setPhase', phase: 'vote' }, 'R19'],
      [{ type: 'addTime', minutes: 5 }, 'R20'],
      [{ type: 'setRole', participantId: alice.participantId, role: 'facilitator' }, 'R25'],
      [{ type: 'endSession' }, 'R28'],
    ] as const) {
      const refused = await run(alice.token, body);
      expect(refused).toEqual({ status: 403, body: { error: 'Only a facilitator may do this.', rule } });
    }
    // The facilitator's own command arrives after any change the refused ones could have made.
    expect(await run(host.token, { type: 'setPhase', phase: 'set-the-tone' })).toEqual({ status: 200, body: { ok: true } });
    await until(() => selectSession(watcher.doc).phase === 'set-the-tone', 5000, 'the phase change');
    const session = selectSession(watcher.doc);
    expect(session.phaseSeq).toBe(1);
    expect(selectParticipants(watcher.doc).find((p) => p.id === alice.participantId)?.role).toBe('participant');
    expect(session.ended).toBe(false);
  });

  it('[R19] bad commands get clear errors: unknown type, bad arguments, bad token, unknown board', async () => {
    const { host, run, started, board } = await sessionScene(cleanups);
    expect(await run(host.token, { type: 'selfDestruct' })).toEqual({ status: 400, body: { error: 'type: Unknown command type.' } });
    expect((await run(host.token, { type: 'setTimebox', phase: 'discuss', minutes: 0 })).body.error).toMatch(/at least 1 minute/);
    expect((await api(started.url, `/api/boards/${board.id}/commands`, { rawBody: '{"type":' , token: host.token })).status).toBe(400);
    expect((await run('forged.token', { type: 'agree' })).status).toBe(401);
    expect((await command(started.url, 'no-such-board', host.token, { type: 'agree' })).status).toBe(401);
  });

  it('[R19][R23][R24] phase changes, agreements and ready marks reach every client through the document', async () => {
    const { host, alice, bob, run, started, board } = await sessionScene(cleanups);
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    const b = await connectClient(cleanups, started.url, board.id, bob.token);
    await run(host.token, { type: 'setPhase', phase: 'reflect' });
    await until(() => selectSession(a.doc).phase === 'reflect' && selectSession(b.doc).phase === 'reflect', 5000, 'Reflect everywhere');
    expect((await run(alice.token, { type: 'setReady', ready: true })).status).toBe(200);
    expect((await run(bob.token, { type: 'agree' })).status).toBe(200);
    await until(() => selectSession(b.doc).ready.has(alice.participantId), 5000, "Alice's ready mark at Bob's");
    await until(() => selectSession(a.doc).agreed.has(bob.participantId), 5000, "Bob's agreement at Alice's");
    await run(host.token, { type: 'setPhase', phase: 'discuss' });
    await until(() => selectSession(a.doc).phase === 'discuss', 5000, 'Discuss');
    expect(selectSession(a.doc).ready.size).toBe(0);
  });
});

describe('session rules on the websocket', () => {
  it("[R18] a raw protocol client cannot write the session map (4403); nobody sees it, the store does not hold it", async () => {
    const { host, bob, started, board } = await sessionScene(cleanups);
    const watcher = await connectClient(cleanups, started.url, board.id, host.token);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(watcher.doc));
    const before = Y.encodeStateVector(copy);
    (copy.getMap('session').get('facilitators') as Y.Map<unknown>).set(bob.participantId, 1);
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    socket.send(syncUpdate(Y.encodeStateAsUpdate(copy, before)));
    const { code, reason } = await closed;
    expect({ code, rule: reason.split(':')[0] }).toEqual({ code: CLOSE.ruleViolation.code, rule: 'R18' });
    const fresh = await connectClient(cleanups, started.url, board.id, host.token);
    expect(selectParticipants(fresh.doc).find((p) => p.id === bob.participantId)?.role).toBe('participant');
    expect(selectSession(watcher.doc).facilitators.has(bob.participantId)).toBe(false);
  });

  it("[R27] a removed participant's open socket is closed (4401), their token refused over HTTP and websocket, their cards kept", async () => {
    const { host, alice, bob, run, started, board } = await sessionScene(cleanups);
    const b = await connectClient(cleanups, started.url, board.id, bob.token);
    addCard(b.doc, participant(bob.participantId), { column: 'went-well', text: 'Rollback was quick' });
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    await until(() => selectCards(a.doc).length === 1, 5000, "Bob's card");
    const { closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    expect((await run(alice.token, { type: 'removeParticipant', participantId: bob.participantId })).status).toBe(403);
    expect((await run(host.token, { type: 'removeParticipant', participantId: bob.participantId })).status).toBe(200);
    expect(await closed).toEqual({ code: CLOSE.unauthorized.code, reason: 'R27: A facilitator removed you from this board.' });
    expect(await run(bob.token, { type: 'agree' })).toMatchObject({ status: 401, body: { rule: 'R27' } });
    const again = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    expect((await again.closed).code).toBe(CLOSE.unauthorized.code);
    await until(() => selectParticipants(a.doc).find((p) => p.id === bob.participantId)?.removed === true, 5000, 'the removal');
    expect(selectCards(a.doc).map((card) => card.text)).toEqual(['Rollback was quick']);
  });

  it('[R32] a role granted over HTTP applies to the open connection at once', async () => {
    const { host, alice, bob, run, started, board } = await sessionScene(cleanups);
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    const added = addCard(a.doc, participant(alice.participantId), { column: 'lessons-learned', text: 'Alerts were noisy' });
    const b = await connectClient(cleanups, started.url, board.id, bob.token);
    await until(() => selectCards(b.doc).length === 1, 5000, "Alice's card at Bob's");
    expect((await run(host.token, { type: 'setRole', participantId: bob.participantId, role: 'facilitator' })).status).toBe(200);
    await until(() => selectSession(b.doc).facilitators.has(bob.participantId), 5000, "Bob's new role");
    // A facilitator may edit anyone's card (R7); on the same socket, Bob now is one.
    const cardId = added.ok ? added.value.cardId : '';
    editCardText(b.doc, { participantId: bob.participantId, role: 'facilitator' }, cardId, { index: 0, deleteCount: 0, insert: 'Some ' });
    await until(() => selectCards(a.doc)[0]?.text === 'Some Alerts were noisy', 5000, "Bob's edit at Alice's");
    expect(b.provider.wsconnected).toBe(true);
  });

  it('[R28][R29] an ended board refuses content (4403) and stores none of it; reopened, it takes content again', async () => {
    const { host, alice, run, started, board } = await sessionScene(cleanups);
    const watcher = await connectClient(cleanups, started.url, board.id, host.token);
    expect((await run(host.token, { type: 'endSession' })).status).toBe(200);
    await until(() => selectSession(watcher.doc).ended, 5000, 'the end of the session');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(watcher.doc));
    const before = Y.encodeStateVector(copy);
    addCard(copy, participant(alice.participantId), { column: 'went-well', text: 'after the end' });
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${alice.token}`);
    socket.send(syncUpdate(Y.encodeStateAsUpdate(copy, before)));
    expect((await closed).reason).toMatch(/^R29: /);
    expect(await run(alice.token, { type: 'agree' })).toMatchObject({ status: 409, body: { rule: 'R28' } });
    expect((await run(host.token, { type: 'reopenSession' })).status).toBe(200);
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    expect(selectCards(a.doc)).toEqual([]);
    addCard(a.doc, participant(alice.participantId), { column: 'went-well', text: 'after reopening' });
    await until(() => selectCards(watcher.doc).length === 1, 5000, 'the card written after reopening');
  });

  it('[R31] a card written outside Reflect is accepted and marked late with its phase; one written in Reflect or before the session is not', async () => {
    const { host, alice, run, started, board } = await sessionScene(cleanups);
    const watcher = await connectClient(cleanups, started.url, board.id, host.token);
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    const actor = participant(alice.participantId);
    addCard(a.doc, actor, { column: 'went-well', text: 'prepared' });
    await until(() => selectCards(watcher.doc).length === 1, 5000, 'the card written before the session');
    await run(host.token, { type: 'setPhase', phase: 'reflect' });
    await until(() => selectSession(a.doc).phase === 'reflect', 5000, 'Reflect');
    const onTime = addCard(a.doc, actor, { column: 'went-well', text: 'on time' });
    await until(() => selectCards(watcher.doc).length === 2, 5000, 'the card written in Reflect');
    await run(host.token, { type: 'setPhase', phase: 'vote' });
    await until(() => selectSession(a.doc).phase === 'vote', 5000, 'Vote');
    const late = addCard(a.doc, actor, { column: 'ongoing-problem', text: 'remembered late' });
    await until(() => selectSession(watcher.doc).late.size > 0, 5000, 'the late mark');
    expect(selectCards(watcher.doc).map((card) => card.text).sort()).toEqual(['on time', 'prepared', 'remembered late']);
    expect(Object.fromEntries(selectSession(watcher.doc).late)).toEqual({ [late.ok ? late.value.cardId : '']: 'vote' });
    expect(onTime.ok && selectSession(watcher.doc).late.has(onTime.value.cardId)).toBe(false);
  });

  it('[R31] a card made and deleted in one update and restored later still carries its late mark', async () => {
    const { host, alice, run, started, board } = await sessionScene(cleanups);
    const watcher = await connectClient(cleanups, started.url, board.id, host.token);
    await run(host.token, { type: 'setPhase', phase: 'discuss' });
    await until(() => selectSession(watcher.doc).phase === 'discuss', 5000, 'Discuss');
    const copy = new Y.Doc({ gc: false });
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(watcher.doc));
    const undo = createUndoManager(copy);
    const actor = participant(alice.participantId);
    const start = Y.encodeStateVector(copy);
    const added = addCard(copy, actor, { column: 'went-well', text: 'sneaky' });
    const cardId = added.ok ? added.value.cardId : '';
    undo.stopCapturing();
    deleteCard(copy, actor, cardId);
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${alice.token}`);
    socket.send(syncUpdate(Y.encodeStateAsUpdate(copy, start)));
    const beforeRestore = Y.encodeStateVector(copy);
    undo.undo();
    socket.send(syncUpdate(Y.encodeStateAsUpdate(copy, beforeRestore)));
    await until(() => selectCards(watcher.doc).some((card) => card.text === 'sneaky'), 5000, 'the restored card');
    expect(selectSession(watcher.doc).late.get(cardId)).toBe('discuss');
    socket.close();
    expect((await closed).code).toBe(1005);
  });

  it('[R30] deleting a board closes its sockets with 4404, answers 404 after, and leaves no trace in the database file', async () => {
    const { host, alice, started, board } = await sessionScene(cleanups, 'Project Zanzibar');
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    addCard(a.doc, participant(alice.participantId), { column: 'went-well', text: 'Quokka-7731 failover' });
    const watcher = await connectClient(cleanups, started.url, board.id, host.token);
    await until(() => selectCards(watcher.doc).length === 1, 5000, 'the card to be stored');
    const files = ['hindsight.sqlite', 'hindsight.sqlite-wal'].map((name) => join(started.dataDir, name));
    const onDisk = () => Buffer.concat(files.filter(existsSync).map((file) => readFileSync(file))).toString('latin1');
    expect(onDisk()).toContain('Quokka-7731');
    const { closed } = await rawClient(cleanups, started.url, `${board.id}?token=${alice.token}`);
    const path = `/api/boards/${board.id}`;
    expect(await api(started.url, path, { method: 'DELETE', token: alice.token })).toMatchObject({ status: 403, body: { rule: 'R30' } });
    expect(await api(started.url, path, { method: 'DELETE', token: host.token })).toEqual({ status: 200, body: { ok: true } });
    expect(await closed).toEqual({ code: CLOSE.unknownBoard.code, reason: 'R30: A facilitator deleted this board.' });
    expect((await api(started.url, path)).status).toBe(404);
    const after = await rawClient(cleanups, started.url, `${board.id}?token=${host.token}`);
    expect((await after.closed).code).toBe(CLOSE.unknownBoard.code);
    expect(onDisk()).not.toContain('Quokka-7731');
    expect(onDisk()).not.toContain('Project Zanzibar');
  });
});
