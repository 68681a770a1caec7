// Reconnect storm: 300 stock providers on one board reconnect in the same instant, half with a
// card written offline, while the board gained 50 cards. Reports per-client time to resync.
import { reconnectStorm } from '../load/storm';
import { percentile, post, saveResults, startServer } from './harness';

const CLIENTS = Number(process.env.BENCH_STORM_CLIENTS ?? 300);
const ROUNDS = Number(process.env.BENCH_STORM_ROUNDS ?? 3);

process.setMaxListeners(CLIENTS * 2 + 20);
const server = await startServer();
try {
  const rows = [];
  for (let round = 0; round < ROUNDS; round++) {
    const board = await post(`${server.base}/api/boards`, { title: `storm ${round}` });
    const participants = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const joined = await post(`${server.base}/api/boards/${board.id}/participants`, { name: `Member ${i}`, color: '#336699' });
        return { participantId: joined.participantId as string, token: joined.token as string };
      }),
    );
    const result = await reconnectStorm({ url: server.base, boardId: board.id as string, participants, clients: CLIENTS, cardsBefore: 100, cardsWhileAway: 50, timeoutMs: 120_000 });
    rows.push({ clients: CLIENTS, cards: result.cards, p50: percentile(result.resyncMs, 50), p99: percentile(result.resyncMs, 99), allConvergedMs: result.convergedMs });
  }
  console.log(`\nReconnect storm: ${CLIENTS} clients reconnect at once, half with an offline card (ms from reconnect to synced):`);
  console.table(rows.map((row) => ({ ...row, p50: row.p50.toFixed(0), p99: row.p99.toFixed(0), allConvergedMs: row.allConvergedMs.toFixed(0) })));
  saveResults('storm', { rows });
} finally {
  await server.stop();
}
process.exit(0);
