import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cleanups } from './clients';
import { removeDir } from './helpers';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
  /** Everything it wrote, stdout and stderr together. */
  readonly output: () => string;
  /** What it wrote to stderr alone. */
  readonly errors: () => string;
}

/** The real server as its own process (`pnpm start`'s command), so it can be killed; killed after the test in any case. */
export async function spawnServer(cleanups: Cleanups, dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, HINDSIGHT_SECRET: 'test-secret', CLIENT_DIR: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logged = '';
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => (logged += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    logged += chunk.toString();
    errors += chunk.toString();
    process.stderr.write(chunk);
  });
  cleanups.push(() => void child.kill('SIGKILL'));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`The server exited (${code}) before listening: ${output}${errors}`)));
  });
  return { child, url, exited, output: () => logged, errors: () => errors };
}

/** A data directory of the test's own, removed afterwards. */
export function tempDataDir(cleanups: Cleanups, prefix = 'hindsight-process-'): string {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => removeDir(dataDir));
  return dataDir;
}
