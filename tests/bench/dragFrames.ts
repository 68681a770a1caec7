// Drag frame time in Chromium: a board with 300 cards and 40 themes, one card dragged across
// columns and themes for a few hundred frames. Chromium runs without its frame-rate cap, so
// the time between animation frames is the time the page needs per frame: pointer move,
// collision, React render, style, layout and paint.
import { join } from 'node:path';
import { addCard, COLUMN_IDS, groupCards, moveCardToTheme, selectLayout, type Actor } from '@hindsight/shared';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { percentile, post, repoRoot, saveResults, startServer, until } from './harness';

const CARDS = 300;
const THEMES = 40;
const FRAMES = Number(process.env.BENCH_FRAMES ?? 300);

/** Writes the board through a real client: 300 cards, 40 themes of four, the rest in columns. */
async function seed(base: string): Promise<string> {
  const board = await post(`${base}/api/boards`, { title: 'Drag benchmark' });
  const host = await post(`${base}/api/boards/${board.id}/participants`, { name: 'Seeder', color: '#336699', facilitatorKey: board.facilitatorKey });
  const actor: Actor = { participantId: host.participantId as string, role: 'facilitator' };
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${base.replace('http', 'ws')}/sync`, board.id as string, doc, {
    params: { token: host.token as string },
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
  });
  await until(() => provider.synced, 'the seeding client to sync', 60_000);
  const ids: string[] = [];
  for (let i = 0; i < CARDS; i++) {
    const added = addCard(doc, actor, { column: COLUMN_IDS[i % 4] as (typeof COLUMN_IDS)[number], text: `Card ${i}: what we saw and what we would change next time` });
    if (added.ok) ids.push(added.value.cardId);
  }
  for (let t = 0; t < THEMES; t++) {
    const base4 = 140 + t * 4;
    const grouped = groupCards(doc, actor, ids[base4 + 1] as string, ids[base4] as string);
    if (!grouped.ok) throw new Error(grouped.error.message);
    for (const extra of [2, 3]) moveCardToTheme(doc, actor, ids[base4 + extra] as string, grouped.value.themeId, 9);
  }
  const layout = selectLayout(doc);
  if (layout.themes.length !== THEMES) throw new Error(`expected ${THEMES} themes, got ${layout.themes.length}`);
  // Wait until the server has it all: a second client sees every card.
  const check = new Y.Doc();
  const reader = new WebsocketProvider(`${base.replace('http', 'ws')}/sync`, board.id as string, check, {
    params: { token: host.token as string },
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
  });
  await until(() => reader.synced && selectLayout(check).themes.length === THEMES, 'the server to hold the board', 60_000);
  reader.destroy();
  provider.destroy();
  return board.id as string;
}

/**
 * Runs in the page (as a string: the bundler's helpers do not exist there). Picks up the first
 * column card, moves the pointer once per animation frame along a zigzag over the columns and
 * the themes, then cancels with Escape; answers the times between frames.
 */
const DRAG_SCRIPT = `async (count) => {
  const card = document.querySelector('.column .card-slot');
  if (!card) throw new Error('no card');
  const start = card.getBoundingClientRect();
  const pointer = (type, x, y) => new PointerEvent(type, { bubbles: true, cancelable: true, isPrimary: true, button: 0, buttons: 1, pointerId: 1, clientX: x, clientY: y });
  card.dispatchEvent(pointer('pointerdown', start.left + start.width / 2, start.top + start.height / 2));
  const times = [];
  await new Promise((done) => {
    let frame = 0;
    const step = (now) => {
      times.push(now);
      if (frame++ >= count) return done();
      const x = 60 + ((frame * 9) % (window.innerWidth - 120));
      // Kept away from the window's edges, where dnd-kit would scroll the page instead.
      const y = 200 + Math.abs(((frame * 5) % (2 * (window.innerHeight - 400))) - (window.innerHeight - 400));
      document.dispatchEvent(pointer('pointermove', x, y));
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  if (!document.querySelector('.drag-preview')) throw new Error('the drag never started');
  document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }));
  return times.slice(1).map((time, i) => time - times[i]);
}`;

await build({ root: join(repoRoot, 'client'), logLevel: 'warn', configFile: join(repoRoot, 'client', 'vite.config.ts') });
const server = await startServer();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    // Frames as fast as the page can make them, so their spacing measures work, not the display's rate.
    '--disable-frame-rate-limit',
    '--disable-gpu-vsync',
  ],
});
try {
  const { base } = server;
  const boardId = await seed(base);
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(`${base}/b/${boardId}`);
  await page.getByLabel('Your name, as others will see it').fill('Dragger');
  await page.getByRole('button', { name: 'Join the board' }).click();
  await page.getByRole('dialog', { name: 'The Retrospective Prime Directive' }).getByRole('button', { name: 'I agree' }).click();
  await page.waitForFunction((count) => document.querySelectorAll('.card-slot').length === count, CARDS, { timeout: 60_000 });
  const frames = await page.evaluate<number[]>(`(${DRAG_SCRIPT})(${FRAMES})`);
  const dragging = frames.slice(5).sort((a, b) => a - b);
  const row = { cards: CARDS, themes: THEMES, frames: dragging.length, p50: percentile(dragging, 50), p95: percentile(dragging, 95), max: dragging.at(-1) ?? NaN };
  console.log('\nDrag frame time in Chromium, 300 cards and 40 themes (ms per frame):');
  console.table([{ ...row, p50: row.p50.toFixed(2), p95: row.p95.toFixed(2), max: row.max.toFixed(2) }]);
  console.log(row.p95 < 16 ? 'p95 under 16 ms: OK' : 'p95 at or over 16 ms: TOO SLOW');
  saveResults('drag-frames', row);
} finally {
  await browser.close();
  await server.stop();
}
process.exit(0);
