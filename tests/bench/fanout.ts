// Fan-out latency: one writer's updates to N receivers in one room, send to receipt.
// The server runs as its own process (pnpm start's command); receivers are raw sockets
// that timestamp each relayed update frame, plus a few full providers that check content.
import { addCard, selectCards } from '@hindsight/shared';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { percentile, post, saveResults, startServer, until } from './harness';

const UPDATES = Number(process.env.BENCH_UPDATES ?? 100);
const RATE = 20;
const SCENARIOS = [50, 200];
const FULL_PROVIDERS = 3;

async function scenario(base: string, receivers: number) {
  const board = await post(`${base}/api/boards`, { title: `fan-out ${receivers}` });
  const join = (name: string) => post(`${base}/api/boards/${board.id}/participants`, { name, color: '#336699' });
  const wsBase = `${base.replace('http', 'ws')}/sync`;
  const writer = await join('writer');
  const listener = await join('listener');
  const arrivals: number[][] = [];
  const sockets: WebSocket[] = [];
  for (let i = 0; i < receivers; i++) {
    const socket = new WebSocket(`${wsBase}/${board.id}?token=${listener.token}`);
    const times: number[] = [];
    arrivals.push(times);
    // A relayed update starts with messageSync (0), messageYjsUpdate (2).
    socket.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 2) times.push(performance.now());
    });
    await new Promise((resolve) => socket.once('open', resolve));
    sockets.push(socket);
  }
  const providers = Array.from({ length: FULL_PROVIDERS }, () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(wsBase, board.id as string, doc, { params: { token: listener.token as string }, WebSocketPolyfill: WebSocket as never, disableBc: true });
    return { doc, provider };
  });
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsBase, board.id as string, doc, { params: { token: writer.token as string }, WebSocketPolyfill: WebSocket as never, disableBc: true });
  await until(() => provider.synced && providers.every((p) => p.provider.synced), 'providers to sync');
  const sent: number[] = [];
  for (let i = 0; i < UPDATES; i++) {
    sent.push(performance.now());
    addCard(doc, { participantId: writer.participantId as string, role: 'participant' }, { column: 'went-well', text: `update ${i}` });
    await new Promise((resolve) => setTimeout(resolve, 1000 / RATE));
  }
  await until(() => arrivals.every((times) => times.length >= UPDATES), 'every receiver to get every update');
  await until(() => providers.every((p) => selectCards(p.doc).length === UPDATES), 'full providers to hold every card');
  const latencies = arrivals.flatMap((times) => times.slice(0, UPDATES).map((at, i) => at - (sent[i] ?? at))).sort((a, b) => a - b);
  for (const socket of sockets) socket.terminate();
  for (const p of [...providers, { provider, doc }]) p.provider.destroy();
  return { receivers: receivers + FULL_PROVIDERS, updates: UPDATES, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? NaN };
}

const server = await startServer();
try {
  const rows = [];
  for (const receivers of SCENARIOS) rows.push(await scenario(server.base, receivers));
  console.log(`\nFan-out latency, one writer at ${RATE} updates/s, send to receipt (ms):`);
  console.table(rows.map((row) => ({ ...row, p50: row.p50.toFixed(2), p99: row.p99.toFixed(2), max: row.max.toFixed(2) })));
  saveResults('fanout', { rate: RATE, rows });
} finally {
  await server.stop();
}
// Providers and sockets are closed; nothing else should run, so end without waiting on stray timers.
process.exit(0);
