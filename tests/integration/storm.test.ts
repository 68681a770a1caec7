import { describe, expect, it } from 'vitest';
import { reconnectStorm } from '../load/storm';
import { createBoard, joinBoard } from './helpers';
import { spawnServer, tempDataDir } from './serverProcess';
import { cleanupsAfterEach } from './clients';

const cleanups = cleanupsAfterEach();

describe('reconnect storm', () => {
  it('300 clients reconnect at once, half with a card written offline: every one resyncs and holds every card', async () => {
    // Each provider listens for the process's exit; three hundred of them are expected here.
    process.setMaxListeners(700);
    const server = await spawnServer(cleanups, tempDataDir(cleanups, 'hindsight-storm-'));
    const board = await createBoard(server.url, 'Storm');
    const participants = await Promise.all(Array.from({ length: 10 }, (_, i) => joinBoard(server.url, board.id, `Member ${i}`)));
    const result = await reconnectStorm({ url: server.url, boardId: board.id, participants, clients: 300, cardsBefore: 100, cardsWhileAway: 50, timeoutMs: 60_000 });
    console.log(`storm: 300 resynced, p50 ${result.resyncMs[150]?.toFixed(0)} ms, p99 ${result.resyncMs[296]?.toFixed(0)} ms, all ${result.cards} cards everywhere after ${result.convergedMs.toFixed(0)} ms`);
    expect(result.resyncMs).toHaveLength(300);
    expect(result.resyncMs.every((ms) => Number.isFinite(ms))).toBe(true);
    expect(server.errors()).toBe('');
  }, 120_000);
});
