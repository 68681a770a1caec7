import { describe, expect, it } from 'vitest';
import { appAndBrowser, SHOTS } from './browser';
import { addCard, agree, createBoardAndJoin, join, note, opener, openPage } from './pages';

const running = appAndBrowser();

describe('version history in the browser', () => {
  it('[R68] the facilitator previews a version, restores it for everyone, and undoes the restore', async () => {
    const fran = await openPage(running.browser);
    const boardUrl = await createBoardAndJoin(fran, running.app.url, 'Checkout outage', 'Fran Ortiz');
    const ana = await openPage(running.browser);
    await ana.goto(boardUrl);
    await join(ana, 'Ana Lima');
    await addCard(ana, 1, 'Rollback took four minutes');
    await addCard(ana, 2, 'The cache warmed too slowly');
    await note(fran, 'The cache warmed too slowly').waitFor();
    // Starting the session keeps the board as it was before.
    await fran.getByRole('button', { name: 'Start the session →' }).click();
    await Promise.all([opener(fran).waitFor(), opener(ana).waitFor()]);
    await Promise.all([agree(fran), agree(ana)]);
    await note(ana, 'The cache warmed too slowly').getByRole('button', { name: 'Delete card' }).click();
    await note(fran, 'The cache warmed too slowly').waitFor({ state: 'detached' });

    await fran.getByRole('button', { name: 'Session' }).click();
    await fran.getByRole('button', { name: 'Version history…' }).click();
    const dialog = fran.getByRole('dialog', { name: 'Version history' });
    const versions = dialog.getByRole('list', { name: 'Versions' });
    await versions.getByRole('button', { name: /Before moving to/ }).first().click();
    const preview = dialog.getByLabel('The board as it was');
    await preview.getByText('The cache warmed too slowly').waitFor();
    await expect(preview.getByText('Rollback took four minutes').count()).resolves.toBe(1);
    await fran.screenshot({ path: `${SHOTS}history-preview.png` });

    await dialog.getByRole('button', { name: 'Restore this version…' }).click();
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    // Everyone sees the deleted card again, live, and is told why.
    await note(ana, 'The cache warmed too slowly').waitFor();
    await ana.getByRole('status').filter({ hasText: /^Fran Ortiz restored the board to how it was at / }).waitFor();
    await note(fran, 'The cache warmed too slowly').waitFor();
    await fran.screenshot({ path: `${SHOTS}history-restored.png` });
    await ana.screenshot({ path: `${SHOTS}history-restored-participant.png` });

    await fran.getByRole('status').filter({ hasText: 'The board is back to how it was at' }).getByRole('button', { name: 'Undo' }).click();
    await note(ana, 'The cache warmed too slowly').waitFor({ state: 'detached' });
    await note(fran, 'The cache warmed too slowly').waitFor({ state: 'detached' });
    await expect(note(ana, 'Rollback took four minutes').count()).resolves.toBe(1);

    // Ana is halfway through a card when Fran restores a version without it: her text is kept
    // as a new card, still open, and her next keys land in it, not in the board's shortcuts.
    await ana.keyboard.press('3');
    await ana.getByLabel('Card text').pressSequentially('Runbooks need owners for 2');
    await expect.poll(() => fran.locator('.note', { hasText: 'Runbooks need owners for 2' }).count()).toBe(1);
    await fran.getByRole('button', { name: 'Session' }).click();
    await fran.getByRole('button', { name: 'Version history…' }).click();
    await dialog.getByRole('list', { name: 'Versions' }).getByRole('button', { name: /Before moving to/ }).first().click();
    await dialog.getByLabel('The board as it was').waitFor();
    await dialog.getByRole('button', { name: 'Restore this version…' }).click();
    await dialog.getByText(/Restore the board to .*(stay the same|from \d+ to \d+)/).waitFor();
    await fran.screenshot({ path: `${SHOTS}history-confirm.png` });
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await ana.getByRole('status').filter({ hasText: /what you were writing is kept as a new card/ }).waitFor();
    await ana.keyboard.type(' of 3 runbooks');
    await ana.keyboard.press('Escape');
    await note(fran, 'Runbooks need owners for 2 of 3 runbooks').waitFor();
    await expect(ana.locator('.note').filter({ hasText: /^\s*of 3 runbooks/ }).count()).resolves.toBe(0);

    // A participant's menu has no history.
    await expect(ana.getByRole('button', { name: 'Session' }).count()).resolves.toBe(0);
  });
});
