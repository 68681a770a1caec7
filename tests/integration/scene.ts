import type { Cleanups } from './clients';
import { command, createBoard, joinBoard, removeDir, startTestServer } from './helpers';

/** A server with a board, its facilitator Fran, and Alice and Bob as participants. */
export async function sessionScene(
  cleanups: Cleanups,
  title = 'Checkout outage',
  overrides: Parameters<typeof startTestServer>[1] = {},
  options: Parameters<typeof startTestServer>[2] = {},
  dataDir?: string,
) {
  const started = await startTestServer(dataDir, overrides, options);
  cleanups.push(async () => {
    await started.close();
    removeDir(started.dataDir);
  });
  const board = await createBoard(started.url, title);
  const host = await joinBoard(started.url, board.id, 'Fran', board.facilitatorKey);
  const alice = await joinBoard(started.url, board.id, 'Alice');
  const bob = await joinBoard(started.url, board.id, 'Bob');
  const run = (token: string, body: Record<string, unknown>) => command(started.url, board.id, token, body);
  return { started, board, host, alice, bob, run };
}
