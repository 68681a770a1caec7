import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { removeDir, startTestServer } from '../integration/helpers';

export const CLIENT_DIR = fileURLToPath(new URL('../../client/dist', import.meta.url));

/** Debian's chromium, headless, kept off the network it cannot reach anyway. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The real server serving the built client, on a free port. */
export function startAppServer() {
  return startTestServer(undefined, { clientDir: CLIENT_DIR });
}

/** Where end-to-end tests save screenshots; docs/ keeps the ones the README shows. */
export const SHOTS = fileURLToPath(new URL('../../.test-results/screenshots/', import.meta.url));

type App = Awaited<ReturnType<typeof startAppServer>>;

/** One app server and one browser for a test file, started before its tests and stopped after. */
export function appAndBrowser(): { readonly browser: Browser; readonly app: App } {
  const running = {} as { browser: Browser; app: App };
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    running.app = await startAppServer();
    running.browser = await launch();
  });
  afterAll(async () => {
    await (running.browser as Browser | undefined)?.close();
    await (running.app as App | undefined)?.close();
    if ((running.app as App | undefined) !== undefined) removeDir(running.app.dataDir);
  });
  return running;
}
