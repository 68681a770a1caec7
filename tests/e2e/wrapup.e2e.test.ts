import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { addCard, exportBoard, groupCards, initBoard, putParticipant, runSessionCommand, setThemeTitle, type BoardExport } from '@hindsight/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appAndBrowser, SHOTS } from './browser';
import { join, openPage } from './pages';

const running = appAndBrowser();

/** A board ready for its Actions phase: one theme of two cards, and a loose card; made here, imported over HTTP. */
function boardInActions(): BoardExport {
  const doc = new Y.Doc({ gc: false });
  initBoard(doc, { title: 'Search outage review', createdAt: Date.UTC(2026, 11, 1) });
  const dana = { participantId: 'p-dana', role: 'facilitator' } as const;
  putParticipant(doc, { id: dana.participantId, name: 'Dana Okafor', color: '#1971c2', role: 'facilitator', joinedAt: Date.UTC(2026, 11, 1) });
  const card = (text: string, column: 'lessons-learned' | 'went-well' = 'lessons-learned') => {
    const added = addCard(doc, dana, { column, text });
    if (!added.ok) throw new Error(added.error.message);
    return added.value.cardId;
  };
  const first = card('Index rebuild ran during peak traffic');
  const second = card('No alert on search latency');
  card('Rollback took four minutes', 'went-well');
  const grouped = groupCards(doc, dana, second, first);
  if (!grouped.ok) throw new Error(grouped.error.message);
  setThemeTitle(doc, dana, grouped.value.themeId, 'Index rebuilds');
  runSessionCommand(doc, dana.participantId, { type: 'setPhase', phase: 'actions' }, Date.UTC(2026, 11, 1, 10));
  return exportBoard(doc);
}

/** Fran (facilitator, through the import's link) and Ana (participant) on a freshly imported board, each in a browser context of their own. */
async function franAndAna(): Promise<{ fran: Page; ana: Page }> {
  const response = await fetch(`${running.app.url}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(boardInActions()) });
  const created = (await response.json()) as { id: string; url: string };
  const fran = await openPage(running.browser);
  await fran.goto(`${running.app.url}${created.url}`);
  await join(fran, 'Fran Ortiz');
  const ana = await openPage(running.browser);
  await ana.goto(`${running.app.url}/b/${created.id}`);
  await join(ana, 'Ana Lima');
  return { fran, ana };
}

/** Clicks a download button and answers the saved file's name and text. */
async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

const theme = (page: Page) => page.locator('.theme', { hasText: 'Index rebuild ran during peak traffic' });
const fieldValue = (page: Page, label: string) => page.getByLabel(label, { exact: true }).inputValue();

describe('root causes, actions and exports in the browser', () => {
  it('[R53][R55][R57] two people tag a root cause, ask why, make actions from a theme, assign them, see nudges and download every format', async () => {
    const { fran, ana } = await franAndAna();
    // The server's Content-Security-Policy (R63) must not block anything the app does: downloads, the lazy wrap-up, styles.
    const blocked: string[] = [];
    for (const page of [fran, ana]) page.on('console', (message) => message.text().includes('Content Security Policy') && blocked.push(message.text()));

    // Ana tags the theme and starts its five whys; Fran sees both live.
    await theme(ana).getByLabel('Tag for theme Index rebuilds').selectOption('root-cause');
    await expect.poll(() => theme(fran).getByLabel('Tag for theme Index rebuilds').inputValue()).toBe('root-cause');
    await theme(ana).getByRole('button', { name: /^Analysis/ }).click();
    await theme(ana).getByRole('button', { name: '+ Ask why' }).click();
    await ana.keyboard.type('The rebuild job has no schedule guard');
    await ana.keyboard.press('Enter');
    await theme(fran).getByRole('button', { name: /^Analysis \(1 why\)/ }).click();
    await expect.poll(() => fieldValue(fran, 'Answer to why 1')).toBe('The rebuild job has no schedule guard');
    await theme(fran).scrollIntoViewIfNeeded();
    await fran.screenshot({ path: `${SHOTS}theme-analysis.png` });

    // Fran starts the notes and types at once: what she types before the field arrives is kept, and "1" adds no card.
    const cardsBefore = await fran.locator('.note').count();
    await theme(fran).getByRole('button', { name: 'Start notes' }).click();
    await fran.keyboard.type('Step 1 and step 3 agreed');
    const notesField = fran.locator('textarea[aria-label="Discussion notes for theme Index rebuilds"]');
    await expect.poll(() => notesField.inputValue()).toBe('Step 1 and step 3 agreed');
    expect(await fran.locator('.note').count()).toBe(cardsBefore);

    // Fran makes an action from the theme: numbered by the server, titled after the theme, linked to it.
    await theme(fran).getByRole('button', { name: 'Create an action from theme Index rebuilds' }).click();
    await expect.poll(() => fieldValue(fran, 'Title of AI-001')).toBe('Index rebuilds');
    await fran.getByLabel('Title of AI-001', { exact: true }).fill('Block index rebuilds between 08:00 and 20:00 in the job scheduler');
    await fran.getByRole('list', { name: 'What AI-001 addresses' }).getByText('Theme: Index rebuilds').waitFor();
    // Ana sees it, takes it and gives it a date; the nudges about owner and date go away.
    await ana.getByLabel('Title of AI-001', { exact: true }).waitFor();
    const row = ana.locator('.action-row', { hasText: 'AI-001' });
    await row.getByText('Needs an owner and a due date').waitFor();
    await ana.getByLabel('Owner of AI-001').selectOption({ label: 'Ana Lima' });
    await ana.getByLabel('Due date of AI-001').fill('2026-12-18');
    await expect.poll(() => row.locator('.nudge').count()).toBe(0);
    await expect.poll(() => fran.getByLabel('Owner of AI-001').locator('option:checked').textContent()).toBe('Ana Lima');
    await expect.poll(() => fieldValue(fran, 'Due date of AI-001')).toBe('2026-12-18');

    // A vague action, made by Ana at the same time as Fran makes one: two numbers, no clash.
    await Promise.all([ana.getByRole('button', { name: 'New action' }).click(), fran.getByRole('button', { name: 'New action' }).click()]);
    await ana.locator('.action-row').nth(2).waitFor();
    const refs = await ana.locator('.action-ref').allTextContents();
    expect([...refs].sort()).toEqual(['AI-001', 'AI-002', 'AI-003']);
    const vague = refs.find((ref) => ref !== 'AI-001') as string;
    await ana.getByLabel(`Title of ${vague}`, { exact: true }).fill('Improve monitoring');
    await ana.locator('.action-row', { hasText: vague }).getByText('is hard to act on').waitFor();
    await fran.locator('.action-row', { hasText: vague }).getByText('“Improve monitoring” is hard to act on').waitFor();
    await ana.screenshot({ path: `${SHOTS}actions-nudges.png` });

    // The wrap-up, and every export from it.
    await fran.getByRole('button', { name: 'Wrap-up', exact: true }).click();
    await fran.getByRole('heading', { name: 'Wrap-up' }).waitFor();
    await fran.screenshot({ path: `${SHOTS}wrapup-view.png` });
    const markdown = await download(fran, 'Report (Markdown)');
    expect(markdown.name).toMatch(/^post-mortem-\d{4}-\d{2}-\d{2}-search-outage-review\.md$/);
    expect(markdown.text).toContain('#### Primary causes\n\n##### Index rebuilds');
    expect(markdown.text).toContain('1. **Why?** → The rebuild job has no schedule guard');
    expect(markdown.text).toMatch(/\| AI-001 \| Block index rebuilds between 08:00 and 20:00 in the job scheduler \| Ana Lima \| Medium \| 2026-12-18 \| Open \|/);
    const csv = await download(fran, 'Actions (CSV)');
    expect(csv.text.split('\r\n')[0]).toBe('Action ID,Title,Description,Owner,Due Date,Priority,Priority Number,Status,Labels,Work Item Type,Addresses');
    expect(csv.text).toContain('AI-001,Block index rebuilds between 08:00 and 20:00 in the job scheduler,');
    const script = await download(fran, 'GitHub issues (script)');
    expect(script.text).toContain("gh 'issue' 'create' '--title' 'AI-001: Block index rebuilds between 08:00 and 20:00 in the job scheduler'");
    const tasks = await download(fran, 'Task list (Markdown)');
    expect(tasks.text).toContain('- [ ] **AI-001** Block index rebuilds between 08:00 and 20:00 in the job scheduler (owner: Ana Lima, due 2026-12-18, medium)');
    const json = JSON.parse((await download(fran, 'Whole board (JSON)')).text) as BoardExport;
    expect(json.actions.map((action) => action.ref).sort()).toEqual(['AI-001', 'AI-002', 'AI-003']);
    expect(json.themes[0]?.tag).toBe('root-cause');
    expect(blocked).toEqual([]);
  });

  it('[R59] actions reorder by keyboard drag for everyone, and sorting puts them back by votes and priority', async () => {
    const { fran, ana } = await franAndAna();
    for (const title of ['First made', 'Second made', 'Third made']) {
      // Typed straight after the click: the keys wait for the server's new action and land in its title.
      await fran.getByRole('button', { name: 'New action' }).click();
      await fran.keyboard.type(title);
      await expect.poll(() => fieldValue(fran, `Title of AI-00${['First made', 'Second made', 'Third made'].indexOf(title) + 1}`)).toBe(title);
    }
    const titles = (page: Page) => page.locator('.action-row .action-title').evaluateAll((fields) => fields.map((field) => (field as HTMLTextAreaElement).value));
    await expect.poll(() => titles(ana)).toEqual(['First made', 'Second made', 'Third made']);
    // Ana picks the third up with the keyboard and drops it first.
    await ana.getByRole('button', { name: 'Move AI-003: Third made' }).focus();
    await ana.keyboard.press('Space');
    // dnd-kit's live region (visually hidden) says each step; each key waits for the last step's words.
    const said = (words: string) => ana.getByRole('status').filter({ hasText: words }).waitFor({ state: 'attached' });
    await said('AI-003 would move to position 3 of 3.');
    // Each step up waits for dnd-kit's words; a key that lands while it still measures is pressed again.
    for (const position of [2, 1]) {
      await expect
        .poll(async () => {
          const words = `AI-003 would move to position ${position} of 3.`;
          if ((await ana.getByRole('status').filter({ hasText: words }).count()) > 0) return true;
          await ana.keyboard.press('ArrowUp');
          return ana.getByRole('status').filter({ hasText: words }).waitFor({ state: 'attached', timeout: 2000 }).then(() => true, () => false);
        }, { timeout: 20_000 })
        .toBe(true);
    }
    await ana.keyboard.press('Space');
    await ana.locator('.action-row.dragging').waitFor({ state: 'detached' });
    await expect.poll(() => titles(fran)).toEqual(['Third made', 'First made', 'Second made']);
    // High priority first once sorted; the rest keep their order.
    await fran.getByLabel('Priority of AI-002').selectOption('high');
    await fran.getByRole('button', { name: 'Reorder by votes, then priority' }).click();
    await expect.poll(() => titles(ana)).toEqual(['Second made', 'Third made', 'First made']);
  });

  it('the Wrap-up prints as a clean report: a PDF of the report alone', async () => {
    const { fran, ana } = await franAndAna();
    await theme(fran).getByRole('button', { name: 'Create an action from theme Index rebuilds' }).click();
    await expect.poll(() => fieldValue(ana, 'Title of AI-001')).toBe('Index rebuilds');
    await fran.getByRole('button', { name: 'Wrap-up', exact: true }).click();
    await fran.getByRole('heading', { name: 'Wrap-up' }).waitFor();
    const pdf = joinPath(SHOTS, 'wrapup-print.pdf');
    await fran.pdf({ path: pdf, format: 'A4', printBackground: true });
    if (!existsSync('/usr/bin/pdftoppm')) throw new Error('The print test reads the PDF with poppler-utils (apt-get install poppler-utils).');
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, joinPath(SHOTS, 'wrapup-print')]);
    expect(existsSync(joinPath(SHOTS, 'wrapup-print.png'))).toBe(true);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    expect(text).toContain('Search outage review');
    expect(text).toMatch(/AI-001\s+Index rebuilds\s+nobody yet/);
    expect(text).toContain('Regardless of what we discover');
    // The board's controls stay off paper.
    for (const chrome of ['Undo', 'Create action', 'Report (Markdown)', 'Print or save as PDF', 'Sort by votes']) expect(text).not.toContain(chrome);
  });
});
