import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appAndBrowser, SHOTS } from './browser';
import { addCard, createBoardAndJoin, join, note, openPage } from './pages';

const running = appAndBrowser();
const shots = SHOTS;

const newPage = () => openPage(running.browser);
const createAndJoin = (page: Page, title: string, name: string) => createBoardAndJoin(page, running.app.url, title, name);

/** How many updates y-indexeddb has stored for the board in this page's browser. */
function storedUpdates(page: Page, boardUrl: string): Promise<number> {
  const name = `hindsight:${new URL(boardUrl).pathname.split('/').pop() ?? ''}`;
  return page.evaluate(
    (database) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(database);
        open.onerror = () => reject(new Error(`IndexedDB: ${String(open.error)}`));
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('updates').objectStore('updates').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(new Error(`IndexedDB: ${String(count.error)}`));
        };
      }),
    name,
  );
}

/** Ana creates a board and joins it; Ben opens her link and joins too. */
async function twoOnOneBoard(title: string): Promise<{ ana: Page; ben: Page; boardUrl: string }> {
  const ana = await newPage();
  const boardUrl = await createAndJoin(ana, title, 'Ana Lima');
  const ben = await newPage();
  await ben.goto(boardUrl);
  await join(ben, 'Ben Okafor');
  return { ana, ben, boardUrl };
}

describe('the board in the browser', () => {
  it('two participants write together, live; a reload is the same participant', async () => {
    const { ana, ben, boardUrl } = await twoOnOneBoard('Checkout outage');
    expect(boardUrl).not.toContain('#fk=');

    await addCard(ana, 1, 'Paging reached on-call in two minutes');
    await note(ben, 'Paging reached on-call in two minutes').waitFor({ timeout: 1000 });
    await addCard(ben, 4, 'Alert thresholds still noisy');
    await note(ana, 'Alert thresholds still noisy').waitFor({ timeout: 1000 });

    await note(ana, 'Paging reached').getByRole('button', { name: /Edit card/ }).click();
    await ana.getByLabel('Card text').fill('Paging reached on-call in ninety seconds');
    await ana.keyboard.press('Escape');
    await note(ben, 'ninety seconds').waitFor({ timeout: 1000 });
    // Ben may read Ana's card but not edit or delete it.
    await expect(note(ben, 'ninety seconds').getByRole('button', { name: 'Delete card' }).count()).resolves.toBe(0);
    await ben.screenshot({ path: `${shots}two-participants.png` });

    await ben.reload();
    await ben.getByText('Changes saved').waitFor();
    await note(ben, 'Alert thresholds still noisy').waitFor();
    await expect(ben.getByRole('list', { name: 'Participants' }).getByRole('listitem').count()).resolves.toBe(2);
    await expect(note(ben, 'Alert thresholds').getByRole('button', { name: 'Delete card' }).count()).resolves.toBe(1);
  });

  it('edits made offline merge when the connection returns', async () => {
    const { ana, ben } = await twoOnOneBoard('Database failover');
    await ben.context().setOffline(true);
    await ben.getByText(/^Offline/).waitFor({ timeout: 5000 });
    await addCard(ben, 2, 'Written on the train');
    await ben.getByText(/cards? not sent yet/).waitFor();
    await addCard(ana, 3, 'Written at the office');
    await ben.context().setOffline(false);
    await note(ana, 'Written on the train').waitFor({ timeout: 15_000 });
    await note(ben, 'Written at the office').waitFor({ timeout: 15_000 });
    await ben.getByText('Changes saved').waitFor();
  });

  it('an offline edit survives closing the tab and reaches the board once back online', async () => {
    const { ana, ben, boardUrl } = await twoOnOneBoard('Queue backlog');
    await ben.context().setOffline(true);
    await ben.getByText(/^Offline/).waitFor({ timeout: 5000 });
    const stored = () => storedUpdates(ben, boardUrl);
    const before = await stored();
    await addCard(ben, 1, 'Kept in this browser');
    await ben.getByText(/cards? not sent yet/).waitFor();
    // IndexedDB writes finish after the change; close the tab only once the card and its text are stored.
    await expect.poll(stored, { timeout: 5000 }).toBeGreaterThanOrEqual(before + 2);
    const context = ben.context();
    await ben.close();
    await context.setOffline(false);
    const again = await context.newPage();
    await again.goto(boardUrl);
    await note(again, 'Kept in this browser').waitFor();
    await note(ana, 'Kept in this browser').waitFor({ timeout: 10_000 });
  });

  it('a board this browser holds opens from its copy when the server cannot be reached', async () => {
    const { ben, boardUrl } = await twoOnOneBoard('Unreachable server');
    await addCard(ben, 3, 'Saved locally');
    await ben.getByText('Changes saved').waitFor();
    // The page loads, but every API and sync request fails, as with a server that is down.
    await ben.route('**/api/**', (route) => route.abort());
    await ben.routeWebSocket(/\/sync\//, (socket) => socket.close({ code: 1006 }));
    await ben.goto(boardUrl);
    await note(ben, 'Saved locally').waitFor();
    await ben.getByRole('heading', { name: 'Unreachable server' }).waitFor();
  });

  it('a deleted card comes back with Undo, for everyone', async () => {
    const { ana, ben } = await twoOnOneBoard('Cache stampede');
    await addCard(ana, 2, 'Warm the cache before the switch');
    await note(ben, 'Warm the cache').waitFor({ timeout: 1000 });
    await note(ana, 'Warm the cache').getByRole('button', { name: 'Delete card' }).click();
    await note(ben, 'Warm the cache').waitFor({ state: 'detached', timeout: 1000 });
    await ana.getByRole('status').filter({ hasText: 'Card deleted.' }).getByRole('button', { name: 'Undo' }).click();
    await note(ben, 'Warm the cache').waitFor({ timeout: 1000 });
    await note(ana, 'Warm the cache').waitFor();
    await ana.getByText('Changes saved').waitFor();
  });

  it('a participant changes their color, and everyone sees it', async () => {
    const { ana, ben } = await twoOnOneBoard('Color change');
    await ben.getByRole('button', { name: /\(you\).*Change your color/ }).click();
    await ben.getByRole('group', { name: 'Your color' }).getByRole('button', { name: 'Color raspberry' }).click();
    const bensAvatar = ana.getByRole('list', { name: 'Participants' }).getByRole('listitem', { name: /^Ben Okafor/ }).locator('.avatar');
    await expect.poll(() => bensAvatar.evaluate((element) => getComputedStyle(element).backgroundColor), { timeout: 2000 }).toBe('rgb(194, 37, 92)');
  });

  it('the facilitator shares a facilitator link; opening it makes the joiner a facilitator too', async () => {
    const ana = await newPage();
    await ana.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const boardUrl = await createAndJoin(ana, 'Shared facilitation', 'Ana Lima');
    await ana.getByRole('button', { name: 'Share' }).click();
    await ana.getByRole('button', { name: 'Copy facilitator link' }).click();
    await ana.getByText('Facilitator link copied.').waitFor();
    const link = await ana.evaluate(() => navigator.clipboard.readText());
    expect(link.startsWith(`${boardUrl}#fk=`)).toBe(true);
    const cleo = await newPage();
    await cleo.goto(link);
    await cleo.getByText('You will join as a facilitator.').waitFor();
    await join(cleo, 'Cleo Diaz');
    await expect(cleo.getByRole('listitem', { name: /^Cleo Diaz \(you\), facilitator/ }).count()).resolves.toBe(1);
  });

  it('editing by keyboard: Enter edits without a new line, typing appends, Escape returns focus; an empty card is dropped', async () => {
    const page = await newPage();
    await createAndJoin(page, 'Keyboard only', 'Kai Berg');
    await addCard(page, 1, 'Rollback worked');
    await page.keyboard.press('2');
    await page.keyboard.press('Escape');
    await expect(page.locator('.note').count()).resolves.toBe(1);
    await note(page, 'Rollback worked').getByRole('button', { name: /Edit card/ }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type(' quickly');
    await page.keyboard.press('Escape');
    await note(page, 'Rollback worked quickly').waitFor();
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(focused).toBe('Edit card: Rollback worked quickly');
  });

  it('[R62] a card stops at 2,000 characters and says so; a paste past it keeps the first 2,000, for everyone', async () => {
    const { ana, ben } = await twoOnOneBoard('Long notes');
    const long = `Timeline of the failover: ${'the replica lagged, then caught up. '.repeat(60)}`;
    expect(long.length).toBeGreaterThan(2000);
    await addCard(ben, 2, 'Failover drills are quarterly');
    await ben.keyboard.press('1');
    const field = ben.getByLabel('Card text');
    // A real paste of a long incident log: the field keeps what fits and says how much did not.
    await ben.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.app.url });
    await ben.evaluate((text) => navigator.clipboard.writeText(text), long);
    await field.focus();
    await ben.keyboard.press('Control+V');
    await expect.poll(() => field.inputValue().then((value) => value.length), { timeout: 5000 }).toBe(2000);
    await ben.getByText(`${(long.length - 2000).toLocaleString('en')} pasted characters did not fit: this field holds 2,000.`).waitFor();
    // The field scrolls rather than growing past the screen, so the hint below it stays in view.
    const hint = ben.getByText('Limit reached: 2,000 characters');
    await hint.waitFor();
    expect(await hint.isVisible()).toBe(true);
    const box = await hint.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(800);
    await ben.screenshot({ path: `${shots}card-limit.png` });
    await ben.keyboard.press('Escape');
    await expect.poll(() => note(ana, 'Timeline of the failover').textContent().then((text) => text?.includes(long.slice(0, 1990))), { timeout: 5000 }).toBe(true);
  });

  it('an unknown board shows a clear page', async () => {
    const page = await newPage();
    await page.goto(`${running.app.url}/b/no-such-board`);
    await page.getByRole('heading', { name: 'Board not found' }).waitFor();
  });
});
