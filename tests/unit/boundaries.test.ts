import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Lints a probe file as if it stood at `path`, with the project's own ESLint config.
 * Probes do not exist on disk, so type-aware linting is switched off for them.
 */
async function problemsAt(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot, overrideConfig: tseslint.configs.disableTypeChecked });
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}${path}` });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

describe('package boundaries', () => {
  it.each([
    ["import { useState } from 'react';", 'no React'],
    ["import { WebSocketServer } from 'ws';", 'no network'],
    ["import { readFileSync } from 'node:fs';", 'Node-only modules'],
    ["import { readFileSync } from 'fs';", 'Node-only modules'],
    ["import { WebsocketProvider } from 'y-websocket';", 'no network'],
    ["import { x } from '@hindsight/server';", 'never to server/'],
    ["import { x } from '../../client/src/App';", 'never to client/'],
  ])('shared/ refuses %s', async (line, reason) => {
    const problems = await problemsAt('shared/src/probe.ts', `${line}\nexport const probe = 1;\n`);
    expect(problems.some((problem) => problem.startsWith('no-restricted-imports') && problem.includes(reason))).toBe(true);
  });

  it('shared/ refuses DOM and Node globals', async () => {
    const problems = await problemsAt('shared/src/probe.ts', 'export const a = window.name;\nexport const b = process.env;\n');
    expect(problems.filter((problem) => problem.startsWith('no-restricted-globals'))).toHaveLength(2);
  });

  it('client/ and server/ never import each other', async () => {
    const fromClient = await problemsAt('client/src/probe.ts', "import { x } from '@hindsight/server';\nexport const y = x;\n");
    const fromServer = await problemsAt('server/src/probe.ts', "import { x } from '../../client/src/App';\nexport const y = x;\n");
    expect(fromClient.some((problem) => problem.startsWith('no-restricted-imports'))).toBe(true);
    expect(fromServer.some((problem) => problem.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('the model itself may be imported from every package', async () => {
    for (const path of ['client/src/probe.ts', 'server/src/probe.ts']) {
      const problems = await problemsAt(path, "import { COLUMNS } from '@hindsight/shared';\nexport const c = COLUMNS;\n");
      expect(problems).toEqual([]);
    }
  });
});
