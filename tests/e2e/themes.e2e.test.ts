import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appAndBrowser, SHOTS } from './browser';
import { addCard, createBoardAndJoin, join, note, openPage } from './pages';

const running = appAndBrowser();

/** Theme titles as typed (the inputs' values, which no attribute selector sees). */
const themeTitles = (page: Page) => page.evaluate(() => [...document.querySelectorAll<HTMLTextAreaElement>('.theme-title')].map((input) => input.value));
const themeCards = (page: Page) => page.locator('.theme .note-text');
const cardText = (page: Page, text: string) => page.locator('.note-text', { hasText: new RegExp(`^${text}$`) });

/** Everything dnd-kit announced to screen readers on this page so far. */
async function recordAnnouncements(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver(() => {
      const region = document.querySelector('#drag-announcer');
      const text = region?.textContent ?? '';
      if (text && said.at(-1) !== text) said.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { said: string[] }).said);
}

async function centerOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Picks a card up by the mouse and holds it over the middle of `onto`; the caller releases. */
async function dragOver(page: Page, card: Locator, onto: Locator): Promise<void> {
  const from = await centerOf(card);
  const to = await centerOf(onto);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 10, from.y + 10, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
}

async function dragOnto(page: Page, card: Locator, onto: Locator): Promise<void> {
  await dragOver(page, card, onto);
  await page.mouse.up();
}

/** Two people on one board in the Group phase, with cards in several columns. */
async function groupingBoard(title: string, cards: readonly [1 | 2 | 3 | 4, string][]) {
  const fran = await openPage(running.browser);
  const boardUrl = await createBoardAndJoin(fran, running.app.url, title, 'Fran Ortiz');
  for (const [column, text] of cards) await addCard(fran, column, text);
  const bob = await openPage(running.browser);
  await bob.goto(boardUrl);
  await join(bob, 'Bob Stone');
  await fran.getByRole('list', { name: 'Phases' }).getByRole('button', { name: '5. Group' }).click();
  await bob.getByText('Drag a card onto the middle of another card to start a theme.').waitFor();
  return { fran, bob };
}

describe('themes in the browser', () => {
  it('[R44][R45] grouping three cards by mouse and naming the theme shows live to the other participant; undo takes the last drop back', async () => {
    const { fran, bob } = await groupingBoard('Checkout outage', [
      [1, 'Rollback took two minutes'],
      [2, 'Alert fired 20 minutes late'],
      [4, 'Pager rota has gaps'],
      [3, 'Runbook for the payment queue'],
    ]);
    await dragOnto(bob, note(bob, 'Alert fired 20 minutes late'), note(bob, 'Pager rota has gaps'));
    // A new theme gets a default title, focused for typing.
    const title = bob.getByRole('textbox', { name: 'Theme title' });
    await expect.poll(() => title.inputValue()).toBe('Theme 1');
    await expect.poll(() => bob.evaluate(() => document.activeElement?.className)).toContain('theme-title');
    await bob.keyboard.type('Alerting and paging');
    await bob.keyboard.press('Enter');
    await expect.poll(() => themeTitles(fran)).toEqual(['Alerting and paging']);
    await dragOnto(bob, note(bob, 'Runbook for the payment queue'), note(bob, 'Alert fired 20 minutes late'));
    for (const page of [fran, bob]) {
      await expect.poll(() => themeCards(page).allInnerTexts()).toEqual(['Pager rota has gaps', 'Alert fired 20 minutes late', 'Runbook for the payment queue']);
    }
    // Each card keeps its column's name and color in the theme.
    await expect(fran.locator('.theme .column-tag').allInnerTexts()).resolves.toEqual([
      'What is an ongoing problem',
      'Lessons learned',
      'Future considerations',
    ]);
    await fran.screenshot({ path: `${SHOTS}themes-grouped.png` });

    await bob.keyboard.press('Control+z');
    for (const page of [fran, bob]) {
      await expect.poll(() => themeCards(page).allInnerTexts()).toEqual(['Pager rota has gaps', 'Alert fired 20 minutes late']);
      await page.locator('.column', { hasText: 'Future considerations' }).getByText('Runbook for the payment queue').waitFor();
    }
    await bob.getByRole('button', { name: '↷ Redo' }).click();
    await expect.poll(() => themeCards(fran).count()).toBe(3);
  });

  it('[R44] grouping works by keyboard alone, with announcements, and Escape puts the card back', async () => {
    const { fran, bob } = await groupingBoard('Disk full', [
      [1, 'Disk alarms were clear'],
      [2, 'Log rotation was off'],
    ]);
    const said = await recordAnnouncements(bob);
    const last = async () => (await said()).at(-1) ?? '';
    /** Presses a key during a drag and waits until the board has said something new about it. */
    const press = async (key: string) => {
      const heard = (await said()).length;
      await bob.keyboard.press(key);
      await expect.poll(async () => (await said()).length).toBeGreaterThan(heard);
    };
    const grip = bob.getByRole('button', { name: 'Move card: Log rotation was off' });
    await grip.focus();
    await press('Space');
    await expect.poll(async () => (await said()).join('|')).toContain('Picked up card “Log rotation was off”. At the end of Lessons learned.');
    // Escape cancels: nothing moved, on either screen.
    await press('ArrowLeft');
    await press('Escape');
    expect(await last()).toMatch(/^Cancelled/);
    await expect(bob.locator('.column', { hasText: 'Lessons learned' }).getByText('Log rotation was off').count()).resolves.toBe(1);

    const wanted = 'Onto “Disk alarms were clear”: drop to group both into a new theme.';
    await grip.focus();
    await press('Space');
    await press('ArrowLeft');
    for (let i = 0; i < 4 && !(await last()).endsWith(wanted); i++) await press('ArrowDown');
    expect(await last()).toContain(wanted);
    await press('Space');
    expect(await last()).toBe('Grouped with “Disk alarms were clear” in a new theme. Type its title.');
    for (const page of [fran, bob]) await expect.poll(() => themeCards(page).allInnerTexts()).toEqual(['Disk alarms were clear', 'Log rotation was off']);
    await expect.poll(() => bob.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Theme title');
  });

  it('[R45] two people dropping one card into different themes at once: it ends in exactly one of them, the same on both screens', async () => {
    const { fran, bob } = await groupingBoard('Queue backlog', [
      [1, 'Autoscaling kicked in'],
      [1, 'Workers drained cleanly'],
      [2, 'Backlog alert threshold too high'],
      [2, 'Dashboards lacked queue depth'],
      [3, 'The contested card'],
    ]);
    await dragOnto(fran, note(fran, 'Workers drained cleanly'), note(fran, 'Autoscaling kicked in'));
    await fran.keyboard.press('Escape');
    await dragOnto(fran, note(fran, 'Dashboards lacked queue depth'), note(fran, 'Backlog alert threshold too high'));
    await fran.keyboard.press('Escape');
    for (const page of [fran, bob]) await expect.poll(() => page.locator('.theme').count()).toBe(2);

    // Both pick it up in the same moment, before either hears of the other (then a held card cannot be taken).
    await Promise.all([
      dragOver(fran, note(fran, 'The contested card'), note(fran, 'Autoscaling kicked in')),
      dragOver(bob, note(bob, 'The contested card'), note(bob, 'Backlog alert threshold too high')),
    ]);
    // Each sees that the other is moving it. On a loaded machine one may hear of the other's
    // hold before picking it up, and then only the other holds it: either way, one is shown moving.
    const seesMoving = (page: Page, name: string) => note(page, 'The contested card').locator('xpath=ancestor::li[1]').getByText(`${name} is moving this`).isVisible();
    await expect.poll(async () => (await seesMoving(fran, 'Bob Stone')) || (await seesMoving(bob, 'Fran Ortiz')), { timeout: 10_000 }).toBe(true);
    await fran.screenshot({ path: `${SHOTS}themes-someone-moving.png` });
    await Promise.all([fran.mouse.up(), bob.mouse.up()]);

    const placeOf = async (page: Page) =>
      page.evaluate(() =>
        [...document.querySelectorAll('.theme')].flatMap((box) =>
          [...box.querySelectorAll('.note-text')].filter((text) => text.textContent === 'The contested card').map(() => (box.querySelector('.theme-title') as HTMLTextAreaElement).value),
        ),
      );
    await expect.poll(async () => JSON.stringify([await placeOf(fran), await placeOf(bob)])).toMatch(/^\[\["Theme \d"\],\["Theme \d"\]\]$/);
    const [franSees, bobSees] = [await placeOf(fran), await placeOf(bob)];
    expect(franSees).toEqual(bobSees);
    for (const page of [fran, bob]) await expect(cardText(page, 'The contested card').count()).resolves.toBe(1);
  });
});
