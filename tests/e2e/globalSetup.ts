import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Builds the client once for the end-to-end run, as `pnpm start` serves it. */
export default async function setup(): Promise<void> {
  if (!existsSync('/usr/bin/chromium')) throw new Error('End-to-end tests need Debian chromium at /usr/bin/chromium (apt-get install chromium).');
  const root = fileURLToPath(new URL('../../client', import.meta.url));
  await build({ root, logLevel: 'warn', configFile: `${root}/vite.config.ts` });
}
