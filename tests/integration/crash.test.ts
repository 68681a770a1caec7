import { addCard, cardsMap, COLUMN_IDS, selectCard, selectCards, type Actor } from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { cleanupsAfterEach, connectClient, wsUrl } from './clients';
import { createBoard, joinBoard, until } from './helpers';
import { spawnServer, tempDataDir } from './serverProcess';

const cleanups = cleanupsAfterEach();

/** CI's size; `CRASH_WRITERS=200 CRASH_ROUNDS=20 pnpm vitest run --project integration crash` runs longer. */
const WRITERS = Number(process.env.CRASH_WRITERS) || 50;
const ROUNDS = Number(process.env.CRASH_ROUNDS) || 5;
/** Cards relayed in a round before the kill: enough that the kill lands mid-stream. */
const RELAYED_BEFORE_KILL = 150;

/** Paces a writer (load, not synchronisation): 50 to 150 ms between cards. */
const pace = () => new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));

describe('crash safety', () => {
  it(
    `[R69] kill -9 while ${WRITERS} clients write: a new empty client reads every update any writer had back from the server, ${ROUNDS} rounds`,
    async () => {
      // Each provider listens for the process's exit; fifty of them are expected here.
      process.setMaxListeners(WRITERS * 2 + 20);
      const dataDir = tempDataDir(cleanups);
      let server = await spawnServer(cleanups, dataDir);
      const board = await createBoard(server.url);
      const writers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => joinBoard(server.url, board.id, `Writer ${i}`)));
      // Each writer's document outlives its connections, as a browser tab's does.
      const docs = writers.map(() => new Y.Doc());
      cleanups.push(() => docs.forEach((doc) => doc.destroy()));
      /** Cards some writer received from the server, so committed: id → text. */
      const relayed = new Map<string, string>();
      for (const doc of docs) {
        cardsMap(doc).observe((event) => {
          if (event.transaction.local) return;
          for (const id of event.keysChanged as Set<string>) {
            const card = selectCard(doc, id);
            if (card) relayed.set(id, card.text);
          }
        });
      }
      for (let round = 0; round < ROUNDS; round++) {
        const providers = docs.map(
          (doc, i) =>
            new WebsocketProvider(wsUrl(server.url), board.id, doc, { params: { token: writers[i]?.token ?? '' }, WebSocketPolyfill: WebSocket as never, disableBc: true }),
        );
        cleanups.push(() => providers.forEach((provider) => provider.destroy()));
        await until(() => providers.every((provider) => provider.synced), 30_000, `round ${round}: every writer to sync`);
        const before = relayed.size;
        let writing = true;
        const loops = docs.map(async (doc, i) => {
          const actor: Actor = { participantId: writers[i]?.participantId ?? '', role: 'participant' };
          for (let n = 0; writing; n++) {
            addCard(doc, actor, { column: COLUMN_IDS[n % COLUMN_IDS.length] ?? 'went-well', text: `round ${round}, writer ${i}, card ${n}` });
            await pace();
          }
        });
        await until(() => relayed.size - before >= RELAYED_BEFORE_KILL, 30_000, `round ${round}: cards to be relayed`);
        server.child.kill('SIGKILL');
        await server.exited;
        writing = false;
        await Promise.all(loops);
        // No writer reconnects before the reader has read what was stored.
        for (const provider of providers) provider.destroy();
        const expected = new Map(relayed);
        server = await spawnServer(cleanups, dataDir);
        // A freshly started process on a loaded machine (the fuzz test may run beside this one) takes a while.
        const reader = await connectClient(cleanups, server.url, board.id, writers[0]?.token ?? '', { timeoutMs: 30_000 });
        const stored = new Map(selectCards(reader.doc).map((card) => [card.id, card.text]));
        const lost = [...expected].filter(([id, text]) => stored.get(id) !== text);
        expect(lost, `round ${round}: relayed cards missing after kill -9`).toEqual([]);
        expect(stored.size).toBeGreaterThanOrEqual(expected.size);
        reader.provider.destroy();
      }
      // Once every writer is back, the board holds every card anyone wrote, kept or resent.
      const providers = docs.map(
        (doc, i) => new WebsocketProvider(wsUrl(server.url), board.id, doc, { params: { token: writers[i]?.token ?? '' }, WebSocketPolyfill: WebSocket as never, disableBc: true }),
      );
      cleanups.push(() => providers.forEach((provider) => provider.destroy()));
      const written = new Set(docs.flatMap((doc) => selectCards(doc).map((card) => card.id)));
      const reader = await connectClient(cleanups, server.url, board.id, writers[0]?.token ?? '', { timeoutMs: 30_000 });
      await until(() => selectCards(reader.doc).length === written.size, 30_000, 'every card written to reach the server');
    },
    240_000,
  );

  it('[R69] a DATA_DIR that cannot be written (sysfs: EPERM even for root) stops the start with a clear message', async () => {
    const failed = await spawnServer(cleanups, '/sys/hindsight-data').then(
      () => null,
      (error: unknown) => String(error),
    );
    expect(failed).toMatch(/exited \(1\) before listening/);
    expect(failed).toMatch(/could not start with DATA_DIR \/sys\/hindsight-data: EPERM/);
  });
});
