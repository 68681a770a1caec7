import { addCard, cardsMap, editCardText, selectCards } from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { BoardConnection } from '../../client/src/sync/boardConnection';
import { cleanupsAfterEach, connectClient, wsUrl } from './clients';
import { command, createBoard, joinBoard, removeDir, startTestServer, until } from './helpers';

const cleanups = cleanupsAfterEach();

async function server() {
  const started = await startTestServer();
  cleanups.push(async () => {
    await started.close().catch(() => undefined);
    removeDir(started.dataDir);
  });
  return started;
}

function open(url: string, boardId: string, token: string, clearLocal?: () => Promise<void>, participantId?: string) {
  const connection = new BoardConnection({
    serverUrl: wsUrl(url),
    boardId,
    token,
    ...(participantId ? { participantId } : {}),
    WebSocketImpl: WebSocket as never,
    ...(clearLocal ? { clearLocal } : {}),
  });
  cleanups.push(() => connection.destroy());
  return connection;
}

/** A board with Fran (facilitator) and Ana, Ana's app connection synced. */
async function franAndAnaConnected() {
  const { url } = await server();
  const board = await createBoard(url);
  const host = await joinBoard(url, board.id, 'Fran', board.facilitatorKey);
  const ana = await joinBoard(url, board.id, 'Ana');
  const connection = open(url, board.id, ana.token, undefined, ana.participantId);
  await until(() => connection.state.kind === 'connected' && connection.state.synced, 5000, 'a synced connection');
  return { url, board, host, ana, connection };
}

describe("the app's board connection", () => {
  it('connects and reports when it is synced', async () => {
    const { url } = await server();
    const board = await createBoard(url);
    const member = await joinBoard(url, board.id, 'Ana');
    const connection = open(url, board.id, member.token);
    await until(() => connection.state.kind === 'connected' && connection.state.synced, 5000, 'a synced connection');
  });

  it('an unknown board ends in "not found" and a bad token in "join again", with no retry loop', async () => {
    const { url } = await server();
    const board = await createBoard(url);
    const member = await joinBoard(url, board.id, 'Ana');
    const missing = open(url, 'no-such-board', member.token);
    await until(() => missing.state.kind === 'not-found', 5000, 'not found');
    expect(missing.provider.shouldConnect).toBe(false);
    const stranger = open(url, board.id, 'not.a-token');
    await until(() => stranger.state.kind === 'unauthorized', 5000, 'unauthorized');
    expect(stranger.provider.shouldConnect).toBe(false);
  });

  it('after a refused change it starts again from the server copy and says which rule was broken', async () => {
    const { url } = await server();
    const board = await createBoard(url);
    const [alice, bob] = await Promise.all(['Alice', 'Bob'].map((name) => joinBoard(url, board.id, name)));
    if (!alice || !bob) throw new Error('join failed');
    const a = await connectClient(cleanups, url, board.id, alice.token);
    addCard(a.doc, { participantId: alice.participantId, role: 'participant' }, { column: 'went-well', text: 'mine' });
    let cleared = 0;
    const connection = open(url, board.id, bob.token, () => {
      cleared++;
      return Promise.resolve();
    });
    await until(() => selectCards(connection.doc).length === 1, 5000, "Alice's card on Bob's side");
    const refusedDoc = connection.doc;
    // Bob's copy tampers with Alice's text directly, as only a broken or hostile client would.
    const text = cardsMap(refusedDoc).get(selectCards(refusedDoc)[0]?.id ?? '')?.get('text') as Y.Text;
    text.insert(0, 'NOT ');
    await until(() => connection.refusal !== null && connection.doc !== refusedDoc, 5000, 'the recovery');
    expect(connection.refusal?.rule).toBe('R7');
    expect(cleared).toBe(1);
    await until(() => connection.state.kind === 'connected' && connection.state.synced, 5000, 'the fresh copy to sync');
    expect(selectCards(connection.doc).map((card) => card.text)).toEqual(['mine']);
    expect(selectCards(a.doc).map((card) => card.text)).toEqual(['mine']);
  });

  it('[R29] cards written offline that reach an ended session are refused, and their text is handed back to copy', async () => {
    const { url, board, host, ana, connection } = await franAndAnaConnected();
    connection.provider.disconnect();
    const actor = { participantId: ana.participantId, role: 'participant' as const };
    addCard(connection.doc, actor, { column: 'went-well', text: 'Written on the train' });
    const ended = await command(url, board.id, host.token, { type: 'endSession' });
    expect(ended.status).toBe(200);
    connection.provider.connect();
    await until(() => connection.refusal?.unsaved.length === 1, 5000, 'the unsaved card to be reported');
    expect(connection.refusal).toMatchObject({ rule: 'R29', unsaved: ['Written on the train'] });
    expect(selectCards(connection.doc)).toEqual([]);
  });

  it('[R15] an edit made as the socket reopens, on top of offline edits, waits for the handshake and is not refused (R11)', async () => {
    const { url } = await server();
    const board = await createBoard(url);
    const [ana, ben] = await Promise.all(['Ana', 'Ben'].map((name) => joinBoard(url, board.id, name)));
    if (!ana || !ben) throw new Error('join failed');
    const connection = open(url, board.id, ana.token, undefined, ana.participantId);
    await until(() => connection.state.kind === 'connected' && connection.state.synced, 5000, 'a synced connection');
    connection.provider.disconnect();
    const actor = { participantId: ana.participantId, role: 'participant' as const };
    const added = addCard(connection.doc, actor, { column: 'went-well', text: 'Written on the train' });
    if (!added.ok) throw new Error('card');
    // Ana types on the moment the socket opens, before the server has asked what it lacks:
    // the stock provider would send this edit first, ahead of the offline card it builds on.
    const typeOn = ({ status }: { status: string }) => {
      if (status !== 'connected') return;
      connection.provider.off('status', typeOn);
      editCardText(connection.doc, actor, added.value.cardId, { index: 'Written on the train'.length, deleteCount: 0, insert: ', then the plane' });
    };
    connection.provider.on('status', typeOn);
    connection.provider.connect();
    const b = await connectClient(cleanups, url, board.id, ben.token);
    await until(() => selectCards(b.doc)[0]?.text === 'Written on the train, then the plane', 5000, "Ana's card and edit at Ben");
    expect(connection.refusal).toBeNull();
    await until(() => connection.state.kind === 'connected' && connection.state.synced, 5000, 'Ana synced again');
    // Later edits go straight out, as before.
    editCardText(connection.doc, actor, added.value.cardId, { index: 0, deleteCount: 0, insert: 'Note: ' });
    await until(() => selectCards(b.doc)[0]?.text.startsWith('Note: ') === true, 5000, 'the next edit at Ben');
  });

  it('after a refusal, the text of a card the server holds differently is handed back too', async () => {
    const { url, board, host, ana, connection } = await franAndAnaConnected();
    const actor = { participantId: ana.participantId, role: 'participant' as const };
    const added = addCard(connection.doc, actor, { column: 'went-well', text: 'Rollback worked' });
    if (!added.ok) throw new Error('card');
    const f = await connectClient(cleanups, url, board.id, host.token);
    await until(() => selectCards(f.doc).length === 1, 5000, 'the card at Fran');
    connection.provider.disconnect();
    editCardText(connection.doc, actor, added.value.cardId, { index: 'Rollback worked'.length, deleteCount: 0, insert: ' in four minutes' });
    expect((await command(url, board.id, host.token, { type: 'endSession' })).status).toBe(200);
    connection.provider.connect();
    await until(() => connection.refusal?.unsaved.length === 1, 5000, 'the edited card to be handed back');
    expect(connection.refusal).toMatchObject({ rule: 'R29', unsaved: ['Rollback worked in four minutes'] });
    expect(selectCards(connection.doc).map((card) => card.text)).toEqual(['Rollback worked']);
  });
});
