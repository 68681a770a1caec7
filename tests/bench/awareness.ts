// Presence traffic: 50 participants moving cursors on one board. Counts awareness messages
// per second each client sends and receives, and what the server takes in and sends out.
// Each client is a raw socket with a real y-protocols Awareness, as the app's provider has.
import { CURSOR_SEND_INTERVAL_MS, cursorToWire, PRESENCE_FIELD, type CursorPosition } from '@hindsight/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { post, saveResults, startServer, until } from './harness';

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const AWARENESS = 1;

interface Client {
  readonly awareness: awarenessProtocol.Awareness;
  readonly socket: WebSocket;
  sent: number;
  received: number;
  bytesIn: number;
}

/** A cursor as the app sends one over a card: the card (a uuid), then the board. */
function cursorOf(i: number, step: number): CursorPosition {
  const id = `${String(i).padStart(8, '0')}-4b1c-4d2e-9f3a-5b6c7d8e9f0a`;
  return [
    { kind: 'card', id, x: ((step * 7) % 100) / 100, y: ((step * 3) % 100) / 100 },
    { kind: 'board', id: '', x: (i % 10) / 10, y: ((step * 13) % 1000) / 1000 },
  ];
}

function frame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

async function connect(wsBase: string, boardId: string, token: string): Promise<Client> {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  const socket = new WebSocket(`${wsBase}/${boardId}?token=${token}`);
  const client: Client = { awareness, socket, sent: 0, received: 0, bytesIn: 0 };
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== AWARENESS) return;
    client.received++;
    client.bytesIn += data.length;
    awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'server');
  });
  awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>, origin: unknown) => {
    if (origin !== 'local' || socket.readyState !== socket.OPEN) return;
    socket.send(frame(awarenessProtocol.encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed])));
    client.sent++;
  });
  await new Promise((resolve) => socket.once('open', resolve));
  return client;
}

/** Every client moves its cursor every `intervalMs` for SECONDS; answers the rates. */
async function scenario(base: string, intervalMs: number, label: string) {
  const board = await post(`${base}/api/boards`, { title: `presence ${label}` });
  const wsBase = `${base.replace('http', 'ws')}/sync`;
  const clients: Client[] = [];
  for (let i = 0; i < PARTICIPANTS; i++) {
    const joined = await post(`${base}/api/boards/${board.id}/participants`, { name: `Person ${i}`, color: '#336699' });
    clients.push(await connect(wsBase, board.id as string, joined.token as string));
  }
  for (const [i, client] of clients.entries()) client.awareness.setLocalStateField('user', { id: `participant-${i}`, name: `Person ${i}`, color: '#336699' });
  await until(() => clients.every((client) => client.awareness.getStates().size >= PARTICIPANTS), 'everyone to see everyone');
  for (const client of clients) Object.assign(client, { sent: 0, received: 0, bytesIn: 0 });

  const started = performance.now();
  const timers = clients.map((client, i) =>
    setTimeout(() => {
      let step = 0;
      const move = () => {
        step++;
        // As the app sends it: the anchors and the time the cursor moved, in one state change.
        client.awareness.setLocalState({ ...client.awareness.getLocalState(), [PRESENCE_FIELD.cursor]: cursorToWire(cursorOf(i, step)), [PRESENCE_FIELD.cursorAt]: Date.now() });
      };
      move();
      timers[i] = setInterval(move, intervalMs);
    }, Math.random() * intervalMs),
  );
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  for (const timer of timers) clearInterval(timer);
  const elapsed = (performance.now() - started) / 1000;
  // Everyone ends up seeing everyone's last position.
  const last = (client: Client) => JSON.stringify(client.awareness.getLocalState()?.[PRESENCE_FIELD.cursor]);
  await until(
    () => clients.every((viewer) => clients.every((other) => JSON.stringify(viewer.awareness.getStates().get(other.awareness.clientID)?.[PRESENCE_FIELD.cursor]) === last(other))),
    'every client to see every last cursor',
  );
  const sent = clients.reduce((sum, client) => sum + client.sent, 0);
  const received = clients.reduce((sum, client) => sum + client.received, 0);
  const bytes = clients.reduce((sum, client) => sum + client.bytesIn, 0);
  for (const client of clients) client.socket.terminate();
  return {
    scenario: label,
    participants: PARTICIPANTS,
    perClientSentPerS: sent / PARTICIPANTS / elapsed,
    perClientReceivedPerS: received / PARTICIPANTS / elapsed,
    perClientKBReceivedPerS: bytes / 1024 / PARTICIPANTS / elapsed,
    serverInPerS: sent / elapsed,
    serverOutPerS: received / elapsed,
  };
}

const server = await startServer();
try {
  const rows = [
    // The app sends a cursor at most every 50 ms, however fast the pointer moves.
    await scenario(server.base, CURSOR_SEND_INTERVAL_MS, 'app (cursor every 50 ms)'),
    // A client that sent every pointer event of a 60 Hz mouse: the server's batching still bounds what others receive.
    await scenario(server.base, 1000 / 60, 'unthrottled 60 Hz pointer'),
  ];
  console.log(`\nPresence traffic, ${PARTICIPANTS} participants moving cursors for ${SECONDS} s (awareness messages):`);
  console.table(
    rows.map((row) => ({
      scenario: row.scenario,
      'sent/s per client': row.perClientSentPerS.toFixed(1),
      'received/s per client': row.perClientReceivedPerS.toFixed(1),
      'KB/s in per client': row.perClientKBReceivedPerS.toFixed(1),
      'server in/s': row.serverInPerS.toFixed(0),
      'server out/s': row.serverOutPerS.toFixed(0),
    })),
  );
  saveResults('awareness', { rows });
} finally {
  await server.stop();
}
process.exit(0);
