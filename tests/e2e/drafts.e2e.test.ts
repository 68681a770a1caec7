import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appAndBrowser, SHOTS } from './browser';
import { addCard, createBoardAndJoin, join, note, openPage } from './pages';

const running = appAndBrowser();
const placeholder = (page: Page, name: string) => page.locator('.draft-placeholder', { hasText: `by ${name}` });

describe('private writing in the browser', () => {
  it('[R38][R39] drafts stay with their author, others see only counts, and the reveal shows every card with its author', async () => {
    const fran = await openPage(running.browser);
    const boardUrl = await createBoardAndJoin(fran, running.app.url, 'Cache stampede', 'Fran Ortiz');
    const ana = await openPage(running.browser);
    const ben = await openPage(running.browser);
    await Promise.all([ana.goto(boardUrl), ben.goto(boardUrl)]);
    await Promise.all([join(ana, 'Ana Lima'), join(ben, 'Ben Okafor')]);
    await fran.getByRole('list', { name: 'Phases' }).getByRole('button', { name: '3. Reflect' }).click();
    for (const page of [ana, ben]) await page.getByText('Private writing.').waitFor();

    await addCard(ana, 1, 'Warm the cache before the switch');
    await addCard(ben, 2, 'TTL jitter would have spread the misses');
    await note(ana, 'Warm the cache').locator('.draft-tag').waitFor();
    await placeholder(ben, 'Ana Lima').getByText('1 draft').waitFor();
    await placeholder(ana, 'Ben Okafor').getByText('1 draft').waitFor();
    await placeholder(fran, 'Ana Lima').waitFor();
    await expect(ben.getByText('Warm the cache').count()).resolves.toBe(0);
    await expect(fran.getByText('TTL jitter').count()).resolves.toBe(0);
    await ben.screenshot({ path: `${SHOTS}drafts-before-reveal.png` });

    await fran.getByRole('button', { name: 'Reveal all drafts (2)' }).click();
    for (const page of [fran, ana, ben]) {
      await note(page, 'Warm the cache before the switch').getByText('Ana Lima').waitFor();
      await note(page, 'TTL jitter would have spread the misses').getByText('Ben Okafor').waitFor();
      await expect(page.locator('.draft-placeholder').count()).resolves.toBe(0);
    }
    await expect(ana.locator('.note.draft').count()).resolves.toBe(0);
    // After the reveal, new cards go straight to the board.
    await addCard(ana, 3, 'Add a cache hit-rate alert');
    await note(ben, 'Add a cache hit-rate alert').waitFor();
    await ben.screenshot({ path: `${SHOTS}drafts-after-reveal.png` });
  });
});
