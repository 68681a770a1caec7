import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer } from '../integration/helpers';

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
