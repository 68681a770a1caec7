// Takes the README's screenshot: two participants, two browser contexts, one board.
// Usage: start the server (pnpm start), then `BASE=http://localhost:8080 node tests/scripts/readme-screenshot.mjs`.
import { chromium } from 'playwright-core';

const base = process.env.BASE ?? 'http://localhost:8080';
const output = new URL('../../docs/board-two-participants.png', import.meta.url).pathname;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const a = await (await browser.newContext({ viewport: { width: 1360, height: 820 } })).newPage();
a.on('console', (m) => m.type() === 'error' && console.log('A console:', m.text()));
await a.goto(base);
await a.getByLabel('What incident is this post-mortem about?').fill('Checkout outage, 9 February');
await a.getByRole('button', { name: 'Create board' }).click();
await a.getByLabel('Your name, as others will see it').fill('Ana Lima');
await a.getByRole('button', { name: 'Join the board' }).click();
await a.getByText('Changes saved').waitFor();
await a.getByRole('button', { name: 'I agree' }).click();
const url = a.url();
await a.keyboard.press('1');
await a.keyboard.type('Paging reached the on-call engineer within two minutes');
await a.keyboard.press('Escape');
await a.getByRole('button', { name: '+ Add a card 2' }).click();
await a.keyboard.type('Feature flags let us roll back without a deploy');
await a.keyboard.press('Escape');
const b = await (await browser.newContext({ viewport: { width: 1360, height: 820 }, colorScheme: 'dark' })).newPage();
b.on('console', (m) => m.type() === 'error' && console.log('B console:', m.text()));
await b.goto(url);
await b.getByLabel('Your name, as others will see it').fill('Ben Okafor');
await b.getByRole('radio', { name: 'Color orange' }).check();
await b.getByRole('button', { name: 'Join the board' }).click();
await b.getByRole('button', { name: 'I agree' }).click();
await b.getByText('Paging reached the on-call engineer').waitFor();
await b.keyboard.press('4');
await b.keyboard.type('Alert thresholds still page at 3 a.m. for non-urgent queues');
await b.keyboard.press('Escape');
await b.keyboard.press('3');
await b.keyboard.type('Add a canary stage for checkout config');
await b.keyboard.press('Escape');
await a.getByText('Add a canary stage').waitFor({ timeout: 5000 });
// The facilitator's facts panel opens by itself before the session; this shot is about the cards.
await a.getByRole('button', { name: 'Close the facts' }).click();
await a.screenshot({ path: output });
console.log('A sees', await a.locator('.note').count(), 'cards; B sees', await b.locator('.note').count());
await browser.close();
