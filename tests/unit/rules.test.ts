import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '@hindsight/shared';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules') return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, pattern) : pattern.test(name) ? [path] : [];
  });
}

describe('the rule book', () => {
  const spec = readFileSync(join(repoRoot, 'shared/SPEC.md'), 'utf8');
  const tests = ['shared/test', 'client/test', 'tests/integration', 'tests/e2e'].flatMap((dir) => filesUnder(join(repoRoot, dir), /\.test\.tsx?$/)).map((path) => readFileSync(path, 'utf8'));

  it.each(Object.keys(RULES))('%s is stated in SPEC.md and named by a test', (rule) => {
    expect(spec).toContain(`**${rule}**`);
    expect(tests.some((source) => source.includes(`[${rule}]`))).toBe(true);
  });
});
