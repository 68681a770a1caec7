import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appAndBrowser, SHOTS } from './browser';
import { addCard, createBoardAndJoin, join, note, openPage } from './pages';

const running = appAndBrowser();

/** The card's slot on the board (note, dots and marks), by its text. */
const slot = (page: Page, text: string) => page.locator('.card-slot', { has: page.locator('.note-text', { hasText: text }) });
const phase = (page: Page, label: string) => page.getByRole('list', { name: 'Phases' }).getByRole('button', { name: label }).click();
const addDot = (page: Page, text: string) => page.getByRole('button', { name: `Add a dot to card “${text}”` }).click();
const myDots = (page: Page, text: string) => page.getByRole('img', { name: new RegExp(`^Your dots on card “${text}”`) }).getAttribute('aria-label');
const columnTexts = (page: Page, column: string) => page.locator(`.column[data-column="${column}"] .card-slot .note-text`).allTextContents();

/** Fran facilitates; Ana and Ben wrote cards before the session started. */
async function team(title: string) {
  const fran = await openPage(running.browser);
  const boardUrl = await createBoardAndJoin(fran, running.app.url, title, 'Fran Ortiz');
  const ana = await openPage(running.browser);
  await ana.goto(boardUrl);
  await join(ana, 'Ana Lima');
  await addCard(ana, 2, 'Alert came late');
  await addCard(ana, 2, 'Dashboards lagged');
  const ben = await openPage(running.browser);
  await ben.goto(boardUrl);
  await join(ben, 'Ben Okafor');
  await addCard(ben, 1, 'Failover worked');
  await note(fran, 'Failover worked').waitFor();
  return { fran, ana, ben };
}

/** Drags one card by the mouse onto the middle of another: in Group, that makes a theme of both. */
async function dragOnto(page: Page, from: string, onto: string): Promise<void> {
  const a = await note(page, from).boundingBox();
  const b = await note(page, onto).boundingBox();
  if (!a || !b) throw new Error('card not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

describe('voting, highlighting and presence in the browser', () => {
  it('[R48][R50] each participant sees only their own dots; the reveal shows totals with ties; sorting puts the most-voted first', async () => {
    const { fran, ana, ben } = await team('Checkout outage');
    await phase(fran, '6. Vote');
    await ana.getByText('5 of 5 dots left').waitFor();

    for (let i = 0; i < 3; i++) await addDot(ana, 'Dashboards lagged');
    await ana.getByText('2 of 5 dots left').waitFor();
    // The cap is 3: a fourth dot on one card is not added, and the bar says why (the button stays focusable, so force past Playwright's aria-disabled check).
    await ana.getByRole('button', { name: 'Add a dot to card “Dashboards lagged”' }).click({ force: true });
    await ana.getByRole('status').filter({ hasText: 'At most 3 of your dots on one theme or card.' }).waitFor();
    await expect(ana.getByRole('button', { name: 'Add a dot to card “Dashboards lagged”' }).getAttribute('aria-disabled')).resolves.toBe('true');
    await ana.getByText('2 of 5 dots left').waitFor();
    await addDot(ana, 'Failover worked');
    await addDot(ben, 'Alert came late');
    await addDot(ben, 'Failover worked');
    await addDot(ben, 'Failover worked');

    // Ben sees his own dots only: none of Ana's three on "Dashboards lagged".
    await expect.poll(() => myDots(ben, 'Failover worked')).toBe('Your dots on card “Failover worked”: 2');
    await expect(myDots(ben, 'Dashboards lagged')).resolves.toBe('Your dots on card “Dashboards lagged”: 0');
    await expect(ben.locator('.vote-total').count()).resolves.toBe(0);
    // The facilitator sees who still has dots, not where they went.
    await expect.poll(() => fran.getByLabel('Dots left per person').textContent()).toBe('Dots left: Fran Ortiz 5 · Ana Lima 1 · Ben Okafor 2');
    await ana.screenshot({ path: `${SHOTS}votes-own-dots.png` });

    await fran.getByRole('button', { name: 'Reveal votes' }).click();
    await slot(ben, 'Failover worked').locator('.vote-total', { hasText: '3 dots' }).waitFor();
    await expect(slot(ben, 'Failover worked').locator('.rank').textContent()).resolves.toBe('#1 (tie)');
    await expect(slot(ben, 'Dashboards lagged').locator('.rank').textContent()).resolves.toBe('#1 (tie)');
    await expect(slot(ben, 'Alert came late').locator('.vote-total').textContent()).resolves.toBe('1 dot#3');

    expect(await columnTexts(ben, 'lessons-learned')).toEqual(['Alert came late', 'Dashboards lagged']);
    await ben.getByRole('button', { name: 'Sort by votes' }).click();
    await expect.poll(() => columnTexts(ben, 'lessons-learned')).toEqual(['Dashboards lagged', 'Alert came late']);
    // Sorting is Ben's view only.
    expect(await columnTexts(ana, 'lessons-learned')).toEqual(['Alert came late', 'Dashboards lagged']);
    await ben.screenshot({ path: `${SHOTS}votes-revealed.png` });
  });

  it('[R52] clicking a participant highlights their cards and dims the rest; a facilitator spotlights someone for everyone in Discuss', async () => {
    const { fran, ana, ben } = await team('DNS outage');
    const highlight = (page: Page, name: string, shift = false) =>
      page.getByRole('button', { name: new RegExp(`^Highlight ${name}`) }).click(shift ? { modifiers: ['Shift'] } : {});
    await highlight(ana, 'Ben Okafor');
    await expect.poll(() => slot(ana, 'Failover worked').getAttribute('class')).toContain('highlighted');
    await expect(slot(ana, 'Alert came late').getAttribute('class')).resolves.toContain('dimmed');
    // Not by color alone: the highlighted card carries a star and says so to screen readers.
    await expect(slot(ana, 'Failover worked').getByText('Highlighted card').count()).resolves.toBe(1);
    // Local to Ana: Ben's own view is unchanged.
    await expect(slot(ben, 'Alert came late').getAttribute('class')).resolves.not.toContain('dimmed');
    await ana.screenshot({ path: `${SHOTS}highlight-participant.png` });
    await highlight(ana, 'Ana Lima', true);
    await expect.poll(() => slot(ana, 'Alert came late').getAttribute('class')).toContain('highlighted');
    await ana.getByRole('status').filter({ hasText: 'Highlighting' }).getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => slot(ana, 'Alert came late').getAttribute('class')).not.toMatch(/highlighted|dimmed/);

    await phase(fran, '4. Discuss');
    await fran.getByRole('button', { name: /^Ana Lima, online\. Facilitator actions/ }).click();
    await fran.getByRole('button', { name: 'Spotlight for everyone' }).click();
    await expect.poll(() => slot(ben, 'Alert came late').getAttribute('class')).toContain('highlighted');
    await expect(slot(ben, 'Failover worked').getAttribute('class')).resolves.toContain('dimmed');
    await ben.getByText('Spotlight for everyone:').waitFor();
    await phase(fran, '5. Group');
    await expect.poll(() => slot(ben, 'Failover worked').getAttribute('class')).not.toContain('dimmed');
  });

  it('cursors point at the same card on screens of different sizes, and leave with their owner; "is editing" shows on the card', async () => {
    const { ana, ben } = await team('Queue backlog');
    await ben.setViewportSize({ width: 1000, height: 700 });
    // Ben points at three quarters of the width of Ana's card, on his smaller screen.
    const target = await slot(ben, 'Alert came late').locator('.note').boundingBox();
    if (!target) throw new Error('card not visible');
    await ben.mouse.move(target.x + target.width * 0.75, target.y + target.height / 2, { steps: 4 });
    const cursor = ana.locator('.remote-cursor', { hasText: 'Ben Okafor' });
    await cursor.waitFor();
    // On Ana's screen the arrow's tip lands inside her rendering of the same card, at the same fraction of it.
    await expect
      .poll(async () => {
        const tip = await cursor.boundingBox();
        const card = await slot(ana, 'Alert came late').boundingBox();
        if (!tip || !card) return false;
        return Math.abs(tip.x - (card.x + card.width * 0.75)) < 4 && tip.y > card.y && tip.y < card.y + card.height;
      })
      .toBe(true);
    await ana.screenshot({ path: `${SHOTS}presence-cursor.png` });

    await slot(ben, 'Failover worked').getByRole('button', { name: /Edit card/ }).click();
    await slot(ana, 'Failover worked').getByText('is editing').waitFor();
    await ben.keyboard.press('Escape');
    await expect.poll(() => slot(ana, 'Failover worked').getByText('is editing').count()).toBe(0);

    await ben.close();
    await expect.poll(() => cursor.count(), { timeout: 15_000 }).toBe(0);
  });

  it('[R48][R50] a theme takes dots as one item; its cards take none of their own', async () => {
    const { fran, ana, ben } = await team('Cache stampede');
    await phase(fran, '5. Group');
    await dragOnto(fran, 'Dashboards lagged', 'Alert came late');
    await ana.locator('.theme').waitFor();
    await phase(fran, '6. Vote');
    const themeDots = (page: Page) => page.getByRole('img', { name: /^Your dots on theme “Theme 1”/ }).getAttribute('aria-label');
    await ana.getByRole('button', { name: 'Add a dot to theme “Theme 1”' }).click();
    await ana.getByRole('button', { name: 'Add a dot to theme “Theme 1”' }).click();
    await expect.poll(() => themeDots(ana)).toBe('Your dots on theme “Theme 1”: 2');
    await expect(ana.locator('.theme .card-slot .votes').count()).resolves.toBe(0);
    await expect(themeDots(ben)).resolves.toBe('Your dots on theme “Theme 1”: 0');
    await addDot(ben, 'Failover worked');
    await ana.screenshot({ path: `${SHOTS}votes-theme.png` });
    await fran.getByRole('button', { name: 'Reveal votes' }).click();
    await ben.locator('.theme .vote-total', { hasText: '2 dots' }).waitFor();
    await expect(ben.locator('.theme .rank').textContent()).resolves.toBe('#1');
  });
});
