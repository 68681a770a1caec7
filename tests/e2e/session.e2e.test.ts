import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appAndBrowser, SHOTS } from './browser';
import { addCard, agree, createBoardAndJoin, join, note, opener, openPage, websocketUrls } from './pages';

const running = appAndBrowser();
const shots = SHOTS;

interface Team {
  readonly fran: Page;
  readonly ana: Page;
  readonly ben: Page;
}

/** Fran creates and facilitates; Ana and Ben open her link. Clock skews give each laptop its own idea of the time. */
async function team(title: string, options: { agree?: boolean; skews?: [number, number, number] } = {}): Promise<Team> {
  const [franSkew, anaSkew, benSkew] = options.skews ?? [0, 0, 0];
  const fran = await openPage(running.browser, { clockSkewMs: franSkew });
  const boardUrl = await createBoardAndJoin(fran, running.app.url, title, 'Fran Ortiz');
  const ana = await openPage(running.browser, { clockSkewMs: anaSkew });
  const ben = await openPage(running.browser, { clockSkewMs: benSkew });
  await Promise.all([ana.goto(boardUrl), ben.goto(boardUrl)]);
  await Promise.all([join(ana, 'Ana Lima', options), join(ben, 'Ben Okafor', options)]);
  return { fran, ana, ben };
}

const everyone = (t: Team) => [t.fran, t.ana, t.ben];
const phaseTitle = (page: Page) => page.locator('.phase-title');
const progress = (page: Page) => page.getByRole('list', { name: 'Progress' });
const person = (page: Page, name: RegExp) => page.getByRole('list', { name: 'Participants' }).getByRole('listitem', { name });

/** Seconds on a rendered timer: "9:58" is 598, "+0:03" (overtime) is -3. */
function seconds(text: string): number {
  const match = /^(\+?)(\d+):(\d\d)$/.exec(text.trim());
  if (!match) throw new Error(`Not a timer: "${text}"`);
  const value = Number(match[2]) * 60 + Number(match[3]);
  return match[1] ? -value : value;
}

const timerTexts = (t: Team) => Promise.all(everyone(t).map((page) => page.getByTestId('timer').textContent()));

describe('the facilitated session in the browser', () => {
  it('[R23] everyone meets the Prime Directive on a first visit and again when the session starts; the facilitator counts agreements', async () => {
    const t = await team('Checkout outage', { agree: false });
    await opener(t.ana).waitFor();
    await opener(t.ben).waitFor();
    // Tokens travel as a websocket subprotocol, never in a URL a proxy would log.
    for (const page of everyone(t)) {
      expect(websocketUrls(page).length).toBeGreaterThan(0);
      expect(websocketUrls(page).filter((url) => url.includes('token'))).toEqual([]);
    }
    await agree(t.ana);
    await progress(t.fran).getByText('2 of 3 agreed').waitFor();
    await person(t.ben, /^Ana Lima, online, agreed$/).waitFor();

    await t.fran.getByRole('button', { name: 'Start the session →' }).click();
    for (const page of everyone(t)) await opener(page).waitFor();
    await opener(t.fran).getByText('0 of 3 agreed').waitFor();
    await agree(t.ana);
    await agree(t.ben);
    await opener(t.fran).getByText('2 of 3 agreed').waitFor();
    await t.fran.screenshot({ path: `${shots}opener.png` });
    await agree(t.fran);
    await progress(t.fran).getByText('3 of 3 agreed').waitFor();
    await expect(phaseTitle(t.ben).textContent()).resolves.toMatch(/^Set the tone/);
  });

  it('[R19][R20][R67] phase changes reach everyone; the timers agree to within a second, and cards are stamped with the server time, whatever the laptops\' clocks say', async () => {
    // Ana's clock runs an hour fast, Ben's seven minutes and thirteen seconds slow.
    // Ana's laptop runs three hours ahead: past what the gate takes as a creation time (R67),
    // so her card passes only because the app stamps it with the server's clock.
    const t = await team('Queue backlog', { skews: [0, 3 * 3_600_000, -433_000] });
    await t.fran.getByRole('list', { name: 'Phases' }).getByRole('button', { name: '3. Reflect' }).click();
    for (const page of everyone(t)) await phaseTitle(page).getByText('Reflect').waitFor();
    await expect(t.ana.getByText('Everyone adds their own thoughts to the four columns.').count()).resolves.toBe(1);
    await expect(t.ana.getByRole('button', { name: /Next/ }).count()).resolves.toBe(0);

    // Each page measures its offset from the server's clock once it opens; then all agree.
    await expect
      .poll(async () => {
        const values = (await timerTexts(t)).map((text) => seconds(text ?? ''));
        return Math.max(...values) - Math.min(...values) <= 1 && Math.min(...values) > 9 * 60;
      }, { timeout: 10_000 })
      .toBe(true);
    await addCard(t.ana, 1, 'Rollback took four minutes');
    await addCard(t.ben, 4, 'Queue alerts fire only after an hour of backlog');
    // Cards written in Reflect are private drafts until the facilitator reveals them.
    await t.fran.getByRole('button', { name: 'Reveal all drafts (2)' }).click();
    await note(t.fran, 'Rollback took four minutes').waitFor();
    await note(t.fran, 'Queue alerts fire only').waitFor();
    await t.fran.screenshot({ path: `${shots}phase-bar.png` });

    await t.fran.getByRole('group', { name: 'Timer controls' }).getByRole('button', { name: 'Pause' }).click();
    for (const page of everyone(t)) await page.locator('.timer.paused').waitFor();
    const paused = await timerTexts(t);
    expect(new Set(paused).size).toBe(1);
    await t.fran.getByRole('button', { name: 'Add five minutes' }).click();
    const extended = `${Math.floor((seconds(paused[0] ?? '') + 300) / 60)}:${String((seconds(paused[0] ?? '') + 300) % 60).padStart(2, '0')}`;
    for (const page of everyone(t)) await page.getByTestId('timer').getByText(extended, { exact: true }).waitFor();

    await t.fran.getByRole('button', { name: 'Next: Discuss →' }).click();
    for (const page of everyone(t)) await phaseTitle(page).getByText('Discuss').waitFor();
    await t.fran.getByRole('button', { name: '← Back' }).click();
    for (const page of everyone(t)) await phaseTitle(page).getByText('Reflect').waitFor();
  });

  it('[R24][R26][R28][R30] ready marks clear with the phase; the facilitator hands over the role; an ended session is read-only; a deleted board is gone for everyone', async () => {
    const t = await team('Cache stampede');
    await t.fran.getByRole('list', { name: 'Phases' }).getByRole('button', { name: '3. Reflect' }).click();
    await t.ana.getByRole('button', { name: "I'm done" }).click();
    await progress(t.fran).getByText('1 of 3 done').waitFor();
    await person(t.ben, /^Ana Lima, online, done$/).waitFor();
    await t.fran.getByRole('button', { name: 'Next: Discuss →' }).click();
    await person(t.ben, /^Ana Lima, online$/).waitFor();
    await expect(t.ana.getByRole('button', { name: "I'm done" }).count()).resolves.toBe(0);

    await t.fran.getByRole('button', { name: /^Ben Okafor, online\. Facilitator actions/ }).click();
    await t.fran.getByRole('button', { name: 'Hand facilitation over…' }).click();
    await t.fran.getByRole('button', { name: 'Hand over to Ben Okafor' }).click();
    await t.fran.getByText('You are no longer a facilitator.').waitFor();
    await t.ben.getByRole('button', { name: 'Next: Group into themes →' }).waitFor();
    await t.ben.getByText('You are now a facilitator: the session controls are yours.').waitFor();
    await person(t.ana, /^Ben Okafor, facilitator, online$/).waitFor();
    await t.fran.getByRole('button', { name: /Next/ }).waitFor({ state: 'detached' });

    await t.ben.getByRole('button', { name: 'Session', exact: true }).click();
    await t.ben.getByRole('button', { name: 'End the session…' }).click();
    await t.ben.getByRole('dialog', { name: 'End the session?' }).getByRole('button', { name: 'End the session' }).click();
    await t.ana.getByText('The session has ended: the board is read-only.').waitFor();
    await expect(t.ana.getByRole('button', { name: /Add a card/ }).count()).resolves.toBe(0);
    await t.ben.getByRole('button', { name: 'Reopen the session' }).click();
    await t.ana.getByRole('button', { name: /Add a card/ }).first().waitFor();

    await t.ben.getByRole('button', { name: 'Session', exact: true }).click();
    await t.ben.getByRole('button', { name: 'Delete the board…' }).click();
    const confirm = t.ben.getByRole('dialog', { name: 'Delete “Cache stampede”?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(t.ana.getByRole('heading', { name: 'Cache stampede' }).count()).resolves.toBe(1);
    await t.ben.getByRole('button', { name: 'Session', exact: true }).click();
    await t.ben.getByRole('button', { name: 'Delete the board…' }).click();
    await confirm.getByRole('button', { name: 'Delete the board' }).click();
    await t.ben.getByText('“Cache stampede” was deleted.').waitFor();
    await t.ana.getByRole('heading', { name: 'This board was deleted' }).waitFor();
    await t.fran.getByRole('heading', { name: 'This board was deleted' }).waitFor();
  });
});
