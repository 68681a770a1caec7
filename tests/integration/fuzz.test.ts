import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { addCard, cardsMap, selectCard, selectCards, selectSession } from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import type { FuzzRun, FuzzSummary } from '../fuzz/driver';
import { cleanupsAfterEach, connectClient } from './clients';
import { createBoard, joinBoard, until } from './helpers';
import { repoRoot, spawnServer, tempDataDir } from './serverProcess';

const cleanups = cleanupsAfterEach();

/** CI runs 20,000; `FUZZ_CASES=200000 pnpm fuzz` runs longer (and FUZZ_SEED another sequence). */
const CASES = Number(process.env.FUZZ_CASES) || 20_000;
const SEED = Number(process.env.FUZZ_SEED) || 20261205;
const RSS_LIMIT_MB = 300;
const DELAY_LIMIT_MS = 1000;

/** The server process's resident memory, from the kernel. */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

/** Runs the fuzz driver as its own process, so its work does not delay the honest client measured here. */
function runDriver(run: FuzzRun): Promise<FuzzSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fuzz/driver.ts', JSON.stringify(run)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => void child.kill('SIGKILL'));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as FuzzSummary) : reject(new Error(`The fuzz driver exited ${code}: ${output}`))));
  });
}

describe('fuzzing the websocket endpoint', () => {
  it(
    `${CASES} hostile cases: the server never crashes or logs an error, stays under ${RSS_LIMIT_MB} MB, and an honest client on another board never waits over ${DELAY_LIMIT_MS} ms`,
    async () => {
      const server = await spawnServer(cleanups, tempDataDir(cleanups, 'hindsight-fuzz-'));
      const pid = server.child.pid ?? 0;
      const fuzzed = await createBoard(server.url, 'Fuzzed');
      const participants = await Promise.all(Array.from({ length: 8 }, (_, i) => joinBoard(server.url, fuzzed.id, `Fuzzer ${i}`)));
      const honestBoard = await createBoard(server.url, 'Honest');
      const ana = await joinBoard(server.url, honestBoard.id, 'Ana');
      const ben = await joinBoard(server.url, honestBoard.id, 'Ben');
      const writer = await connectClient(cleanups, server.url, honestBoard.id, ana.token);
      const reader = await connectClient(cleanups, server.url, honestBoard.id, ben.token);

      // The honest pair: Ana writes a card every 100 ms; Ben notes how long each took to reach him.
      const sentAt = new Map<string, number>();
      const delays: number[] = [];
      cardsMap(reader.doc).observe((event) => {
        for (const id of event.keysChanged as Set<string>) {
          const text = selectCard(reader.doc, id)?.text;
          const sent = text === undefined ? undefined : sentAt.get(text);
          if (sent !== undefined) delays.push(performance.now() - sent);
        }
      });
      let probing = true;
      const probe = (async () => {
        for (let n = 0; probing; n++) {
          const text = `probe ${n}`;
          sentAt.set(text, performance.now());
          addCard(writer.doc, { participantId: ana.participantId, role: 'participant' }, { column: 'went-well', text });
          // Pacing the honest load, not waiting for anything.
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      let maxRss = rssMb(pid);
      const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssMb(pid))), 100);
      cleanups.push(() => clearInterval(sampler));

      const summary = await runDriver({ url: server.url, boardId: fuzzed.id, participants, cases: CASES, seed: SEED, concurrency: 16 });
      probing = false;
      await probe;
      clearInterval(sampler);
      await until(() => delays.length === sentAt.size, 5000, 'every probe card to arrive');
      console.log(`fuzz: ${summary.cases} cases in ${summary.millis} ms; max RSS ${maxRss.toFixed(0)} MB; honest delay max ${Math.max(...delays).toFixed(1)} ms over ${delays.length} cards`);
      console.log(JSON.stringify(summary.outcomes));
      if (summary.taken.length > 0) console.log(`hostile cases taken: ${summary.taken.join('; ')}`);

      expect(summary.cases).toBe(CASES);
      expect(server.child.exitCode).toBeNull();
      expect(server.errors()).toBe('');
      expect(maxRss).toBeLessThan(RSS_LIMIT_MB);
      expect(Math.max(...delays)).toBeLessThan(DELAY_LIMIT_MS);
      // Honest updates among the fuzz are taken; hostile ones close their own socket with a named code.
      expect(summary.outcomes.valid).toEqual({ answered: expect.any(Number) as number });
      // Every valid update that breaks a rule is refused, each naming the rule (4403); none is taken.
      for (const kind of ['outOfOrder', 'ruleBreaking']) expect(Object.keys(summary.outcomes[kind] ?? {}), kind).toEqual(['4403']);
      // Against others' cards: refused, or (a forged write under clocks the board already holds) ignored by Yjs as known.
      expect(summary.outcomes.againstOthers?.['4403']).toBeGreaterThan(0);
      expect(Object.keys(summary.outcomes.againstOthers ?? {}).every((outcome) => ['4403', 'answered'].includes(outcome))).toBe(true);
      // Forged tokens, others' private rooms, unknown boards: refused; only the valid token's own cases are answered.
      expect(Object.keys(summary.outcomes.credentials ?? {}).every((outcome) => ['4401', '4403', '4404', 'answered'].includes(outcome))).toBe(true);
      expect(summary.outcomes.awarenessFlood?.['4290']).toBeGreaterThan(0);
      // The fuzzed board still loads whole for a newcomer, holding the valid cards.
      const newcomer = await connectClient(cleanups, server.url, fuzzed.id, participants[0]?.token ?? '');
      const cards = selectCards(newcomer.doc);
      expect(cards.length).toBeGreaterThan(0);
      // And none of the hostile writes is on it: no borrowed client id, no edit of another's card, no forged author or totals.
      const fuzzers = new Set(participants.map((participant) => participant.participantId));
      expect(cards.filter((card) => !fuzzers.has(card.authorId) || card.text.includes('not yours') || card.text === 'under a borrowed client id').map((card) => [card.text, card.authorId])).toEqual([]);
      expect(newcomer.doc.getMap('tally').size).toBe(0);
      expect(selectSession(newcomer.doc).phase).toBe('prepare');
      expect(selectSession(newcomer.doc).facilitators.size).toBe(0);
    },
    // About 2 ms a case on two cores, more as the board grows; the long run gets room in proportion.
    120_000 + CASES * 20,
  );
});
