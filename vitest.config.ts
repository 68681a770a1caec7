import { defineConfig } from 'vitest/config';

/** Unit tests of every package; each run also writes JSON that .ci/run sums into its closing line. */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: 'shared', include: ['test/**/*.test.ts'] } },
      { test: { name: 'tests', root: 'tests', include: ['unit/**/*.test.ts'] } },
    ],
    reporters: ['default', ['json', { outputFile: '.test-results/unit.json' }]],
  },
});
