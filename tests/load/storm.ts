// A reconnect storm, shared by the integration test (does everyone resync?) and `pnpm bench`
// (how long does it take?): N stock providers on one board drop their connections, the board
// changes meanwhile, half of them write a card offline, and all reconnect in the same instant.
import { addCard, COLUMN_IDS, selectCards, type Actor } from '@hindsight/shared';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface StormOptions {
  readonly url: string;
  readonly boardId: string;
  /** Participants the clients speak for, in turn. */
  readonly participants: readonly { readonly participantId: string; readonly token: string }[];
  readonly clients: number;
  /** Cards on the board before the storm, and written by others while everyone is away. */
  readonly cardsBefore: number;
  readonly cardsWhileAway: number;
  readonly timeoutMs: number;
}

export interface StormResult {
  /** Per client, from its reconnect to its first completed sync, in ms, sorted. */
  readonly resyncMs: readonly number[];
  /** From the reconnect until every client holds every card, in ms. */
  readonly convergedMs: number;
  readonly cards: number;
}

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function provider(options: StormOptions, doc: Y.Doc, token: string): WebsocketProvider {
  const wsUrl = `${options.url.replace('http', 'ws')}/sync`;
  return new WebsocketProvider(wsUrl, options.boardId, doc, { params: { token }, WebSocketPolyfill: WebSocket as never, disableBc: true });
}

const actorOf = (participant: { participantId: string }): Actor => ({ participantId: participant.participantId, role: 'participant' });

export async function reconnectStorm(options: StormOptions): Promise<StormResult> {
  const { participants, clients } = options;
  const first = participants[0] as { participantId: string; token: string };
  const author = { doc: new Y.Doc(), provider: null as WebsocketProvider | null };
  author.provider = provider(options, author.doc, first.token);
  for (let i = 0; i < options.cardsBefore; i++) addCard(author.doc, actorOf(first), { column: COLUMN_IDS[i % 4] ?? 'went-well', text: `before ${i}` });
  const docs = Array.from({ length: clients }, () => new Y.Doc());
  const providers = docs.map((doc, i) => provider(options, doc, (participants[i % participants.length] as { token: string }).token));
  try {
    await until(() => providers.every((p) => p.synced) && docs.every((doc) => selectCards(doc).length === options.cardsBefore), 'the first sync', options.timeoutMs);
    for (const p of providers) p.disconnect();
    for (let i = 0; i < options.cardsWhileAway; i++) addCard(author.doc, actorOf(first), { column: 'lessons-learned', text: `while away ${i}` });
    // Half the clients wrote a card while they were away.
    docs.forEach((doc, i) => {
      if (i % 2 === 0) addCard(doc, actorOf(participants[i % participants.length] as { participantId: string }), { column: 'future-considerations', text: `offline ${i}` });
    });
    const expected = options.cardsBefore + options.cardsWhileAway + Math.ceil(clients / 2);
    const started = performance.now();
    const resynced = new Array<number>(clients).fill(Number.NaN);
    providers.forEach((p, i) => {
      p.once('sync', (synced: boolean) => {
        if (synced) resynced[i] = performance.now() - started;
      });
    });
    for (const p of providers) p.connect();
    await until(() => resynced.every((ms) => !Number.isNaN(ms)), 'every client to resync', options.timeoutMs);
    await until(() => docs.every((doc) => selectCards(doc).length === expected), 'every client to hold every card', options.timeoutMs);
    return { resyncMs: [...resynced].sort((a, b) => a - b), convergedMs: performance.now() - started, cards: expected };
  } finally {
    for (const p of providers) p.destroy();
    author.provider.destroy();
    for (const doc of [...docs, author.doc]) doc.destroy();
  }
}
