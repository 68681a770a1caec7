import type { Browser, Page } from 'playwright-core';

/**
 * Makes this page's clock run `skewMs` ahead (or behind, if negative) of the machine's,
 * as a participant's laptop with a wrong clock would. Date is all the app reads time from.
 */
function skewedClockScript(skewMs: number): string {
  return `(() => {
    const RealDate = Date;
    class SkewedDate extends RealDate {
      constructor(...args) { if (args.length === 0) super(RealDate.now() + ${skewMs}); else super(...args); }
      static now() { return RealDate.now() + ${skewMs}; }
    }
    globalThis.Date = SkewedDate;
  })();`;
}

const socketUrls = new WeakMap<Page, string[]>();

/** Every websocket URL the page has opened, for checks of what travels in them. */
export const websocketUrls = (page: Page): readonly string[] => socketUrls.get(page) ?? [];

/** A fresh browser context (its own storage, so its own participant) with one page. */
export async function openPage(browser: Browser, options: { clockSkewMs?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (options.clockSkewMs) await context.addInitScript({ content: skewedClockScript(options.clockSkewMs) });
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('websocket', (socket) => urls.push(socket.url()));
  socketUrls.set(page, urls);
  return page;
}

export async function join(page: Page, name: string, options: { agree?: boolean } = {}): Promise<void> {
  await page.getByLabel('Your name, as others will see it').fill(name);
  await page.getByRole('button', { name: 'Join the board' }).click();
  await page.getByText('Changes saved').waitFor();
  // A first visit opens with the Prime Directive.
  if (options.agree ?? true) await agree(page);
}

export const opener = (page: Page) => page.getByRole('dialog', { name: 'The Retrospective Prime Directive' });

export async function agree(page: Page): Promise<void> {
  await opener(page).getByRole('button', { name: 'I agree' }).click();
  await opener(page).waitFor({ state: 'detached' });
}

export async function createBoardAndJoin(page: Page, appUrl: string, title: string, name: string, options: { agree?: boolean } = {}): Promise<string> {
  await page.goto(appUrl);
  await page.getByLabel('What incident is this post-mortem about?').fill(title);
  await page.getByRole('button', { name: 'Create board' }).click();
  await join(page, name, options);
  return page.url();
}

export async function addCard(page: Page, column: 1 | 2 | 3 | 4, text: string): Promise<void> {
  await page.keyboard.press(String(column));
  await page.getByLabel('Card text').fill(text);
  await page.keyboard.press('Escape');
}

export const note = (page: Page, text: string) => page.locator('.note', { hasText: text });
