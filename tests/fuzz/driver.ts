/**
 * Sends fuzz cases to a running server's websocket endpoint, each on a socket of its own,
 * `concurrency` at a time, and prints a JSON summary: how each kind of case ended.
 * Run as its own process, so its work does not delay the honest client the test measures.
 *   node --import tsx tests/fuzz/driver.ts '<json: FuzzRun>'
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { fuzzCase, seeded, type FuzzCase } from './cases';

export interface FuzzRun {
  readonly url: string;
  readonly boardId: string;
  readonly participants: readonly { readonly participantId: string; readonly token: string }[];
  readonly cases: number;
  readonly seed: number;
  readonly concurrency: number;
}

export interface FuzzSummary {
  readonly cases: number;
  /** Per kind: close code (or "answered", "open") → count. */
  readonly outcomes: Record<string, Record<string, number>>;
  /** The first few hostile cases the server took, with what they tried. */
  readonly taken: readonly string[];
  readonly millis: number;
}

/** After the case, a sync step 1 with an empty state vector: its answer shows the server read everything before it. */
const SENTINEL = Uint8Array.from([0, 0, 1, 0]);
const CASE_TIMEOUT_MS = 5000;

function roomOf(run: FuzzRun, fuzz: FuzzCase, participantId: string): string {
  switch (fuzz.target) {
    case 'board':
      return run.boardId;
    case 'ownRoom':
      return `${run.boardId}~${participantId}`;
    case 'otherRoom':
      return `${run.boardId}~${run.participants.find((p) => p.participantId !== participantId)?.participantId ?? 'nobody'}`;
    case 'unknownBoard':
      return 'no-such-board';
  }
}

/** Runs one case; answers how it ended. */
function runCase(run: FuzzRun, fuzz: FuzzCase, who: { participantId: string; token: string }): Promise<string> {
  const token = fuzz.credentials === 'valid' ? who.token : fuzz.credentials === 'forged' ? `${who.token.slice(0, -4)}AAAA` : null;
  const url = `${run.url.replace('http', 'ws')}/sync/${roomOf(run, fuzz, who.participantId)}${token ? `?token=${token}` : ''}`;
  return new Promise((resolve) => {
    const socket = new WebSocket(url, ['hindsight']);
    let settled = false;
    const finish = (outcome: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish('open'), CASE_TIMEOUT_MS);
    socket.on('error', () => finish('error'));
    socket.on('close', (code) => finish(String(code)));
    socket.on('open', () => {
      for (const frame of fuzz.frames) socket.send(frame, { binary: typeof frame !== 'string' });
      socket.send(SENTINEL);
    });
    // The sentinel's answer is a sync step 2 (0, 1, …) sent after everything before it was read.
    let answers = 0;
    const expected = 1 + fuzz.frames.filter((frame) => typeof frame !== 'string' && frame[0] === 0 && frame[1] === 0).length;
    socket.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1 && ++answers >= expected) finish('answered');
    });
  });
}

/** A live copy of the fuzzed board, for cases built against what it holds. */
async function watch(run: FuzzRun): Promise<{ doc: Y.Doc; stop: () => void }> {
  const doc = new Y.Doc();
  const token = run.participants[0]?.token ?? '';
  const provider = new WebsocketProvider(`${run.url.replace('http', 'ws')}/sync`, run.boardId, doc, { params: { token }, WebSocketPolyfill: WebSocket as never, disableBc: true });
  const deadline = Date.now() + 10_000;
  while (!provider.synced) {
    if (Date.now() > deadline) throw new Error('The fuzz driver could not sync the fuzzed board.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { doc, stop: () => provider.destroy() };
}

export async function fuzz(run: FuzzRun): Promise<FuzzSummary> {
  const random = seeded(run.seed);
  const board = await watch(run);
  const outcomes: Record<string, Record<string, number>> = {};
  const taken: string[] = [];
  const started = Date.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < run.cases) {
      const index = next++;
      const who = run.participants[index % run.participants.length] as { participantId: string; token: string };
      const fuzzed = fuzzCase(random, index, { participantId: who.participantId, role: 'participant' }, board.doc);
      const outcome = await runCase(run, fuzzed, who);
      if (outcome === 'answered' && fuzzed.detail && taken.length < 20) taken.push(fuzzed.detail);
      const counts = (outcomes[fuzzed.kind] ??= {});
      counts[outcome] = (counts[outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: run.concurrency }, worker));
  board.stop();
  return { cases: run.cases, outcomes, taken, millis: Date.now() - started };
}

if (process.argv[2]) {
  fuzz(JSON.parse(process.argv[2]) as FuzzRun).then(
    (summary) => {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
