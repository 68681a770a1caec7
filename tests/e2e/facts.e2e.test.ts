import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appAndBrowser, SHOTS } from './browser';
import { createBoardAndJoin, join, openPage } from './pages';

const running = appAndBrowser();
const panel = (page: Page) => page.locator('#facts-panel');

/** Opens an event's edit form and gives it a mark. */
async function mark(page: Page, text: string, markLabel: string): Promise<void> {
  await panel(page).getByRole('button', { name: `Edit event: ${text}` }).click();
  const form = panel(page).locator('.event-form').filter({ has: page.getByRole('button', { name: 'Save' }) });
  await form.getByLabel('Mark').selectOption({ label: markLabel });
  await form.getByRole('button', { name: 'Save' }).click();
  await panel(page).locator('li', { hasText: text }).getByText(markLabel, { exact: true }).waitFor();
}

describe('the incident facts in the browser', () => {
  it('[R33] the facilitator fills the facts and pastes a timeline; a participant sees them live and reads TTD and TTR', async () => {
    const fran = await openPage(running.browser);
    const boardUrl = await createBoardAndJoin(fran, running.app.url, 'Checkout outage', 'Fran Ortiz');
    const ana = await openPage(running.browser);
    await ana.goto(boardUrl);
    await join(ana, 'Ana Lima');
    // Before the session the board opens on the facts for the facilitator, not for participants.
    await panel(fran).waitFor();
    await expect(panel(ana).count()).resolves.toBe(0);

    const facts = panel(fran);
    await facts.getByLabel('Incident title').fill('Checkout returned 5xx for EU customers');
    await facts.getByLabel('Incident title').press('Enter');
    await facts.getByLabel('Severity').selectOption('SEV-2');
    await facts.getByLabel('Time zone').selectOption('Europe/Berlin');
    await facts.getByLabel('Started').fill('2025-02-09T10:02');
    await facts.getByLabel('Ended').fill('2025-02-09T11:47');
    await facts.getByLabel('Root-cause category').selectOption('human-error');
    await facts.getByText(/What allowed that mistake to happen/).waitFor();
    await facts.getByLabel('Summary').fill('A config push shrank the database pool; checkout failed until it was rolled back.');
    await expect(facts.getByTestId('duration').textContent()).resolves.toBe('1 h 45 min');

    await facts.getByRole('button', { name: 'Paste chat or log lines…' }).click();
    const paste = fran.getByRole('dialog', { name: 'Paste a timeline' });
    await paste.getByLabel('Lines to paste').fill(
      [
        '#incident-checkout export',
        '10:02 Error rate starts climbing',
        '10:15 pagerduty: Alert fired on checkout 5xx',
        '[10:21] alice: Rolled back the config',
        '10:40 Traffic recovered',
        '11:47 bob: Pool size fix deployed',
      ].join('\n'),
    );
    await paste.getByText('5 events, 1 line skipped (no time at the start)').waitFor();
    await expect(paste.locator('tbody tr').count()).resolves.toBe(5);
    await paste.getByRole('button', { name: 'Add 5 events' }).click();
    await mark(fran, 'Error rate starts climbing', 'First sign');
    await mark(fran, 'Alert fired on checkout 5xx', 'Detected');
    await mark(fran, 'Traffic recovered', 'Mitigated');
    await mark(fran, 'Pool size fix deployed', 'Resolved');

    // The facilitator starts "Review the facts": Ana's board opens on them.
    await fran.getByRole('list', { name: 'Phases' }).getByRole('button', { name: '2. Review the facts' }).click();
    const seen = panel(ana);
    await seen.waitFor();
    await seen.getByText('Pool size fix deployed').waitFor();
    await expect(seen.getByTestId('ttd').textContent()).resolves.toBe('13 min');
    await expect(seen.getByTestId('ttm').textContent()).resolves.toBe('38 min');
    await expect(seen.getByTestId('ttr').textContent()).resolves.toBe('1 h 45 min');
    await expect(seen.locator('.timeline-events time').allTextContents()).resolves.toEqual(['10:02', '10:15', '10:21', '10:40', '11:47']);
    await expect(seen.getByLabel('Incident title').inputValue()).resolves.toBe('Checkout returned 5xx for EU customers');
    await expect(seen.getByLabel('Severity').isDisabled()).resolves.toBe(true);
    await expect(seen.getByRole('button', { name: 'Paste chat or log lines…' }).count()).resolves.toBe(0);
    await ana.setViewportSize({ width: 1280, height: 1500 });
    await ana.screenshot({ path: `${SHOTS}facts-panel.png` });

    // Live: a change by the facilitator reaches Ana's open panel.
    await facts.getByLabel('Severity').selectOption('SEV-1');
    await expect.poll(() => seen.getByLabel('Severity').inputValue(), { timeout: 2000 }).toBe('SEV-1');
  });

  it('[R34] once a facilitator lets everyone edit, a participant adds an event the facilitator sees', async () => {
    const fran = await openPage(running.browser);
    const boardUrl = await createBoardAndJoin(fran, running.app.url, 'Queue backlog', 'Fran Ortiz');
    const ben = await openPage(running.browser);
    await ben.goto(boardUrl);
    await join(ben, 'Ben Okafor');
    // The box follows the document: it shows the change once the server has made it.
    const permission = panel(fran).getByLabel('Everyone may edit the facts');
    await permission.click();
    await expect.poll(() => permission.isChecked(), { timeout: 5000 }).toBe(true);
    await ben.getByRole('button', { name: 'Facts' }).click();
    const form = panel(ben).locator('.event-form');
    await form.getByLabel('Event time').fill('2025-02-09T09:30');
    await form.getByLabel('What happened').fill('Consumer lag alert');
    await form.getByRole('button', { name: 'Add event' }).click();
    await panel(fran).getByText('Consumer lag alert').waitFor();
  });
});
