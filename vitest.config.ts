import { defineConfig } from 'vitest/config';

/** Unit tests of every package; each run also writes JSON that .ci/run sums into its closing line. */
export default defineConfig({
  // shared/ tests may not read process.env (the package is pure); longer property runs
  // come in through this constant instead: PROPERTY_RUNS=5000 pnpm test:unit.
  define: { __PROPERTY_RUNS__: JSON.stringify(Number(process.env.PROPERTY_RUNS) || 200) },
  test: {
    projects: [
      // Property tests scale with PROPERTY_RUNS, so they get room beyond the default 5 s.
      { extends: true, test: { name: 'shared', root: 'shared', include: ['test/**/*.test.ts'], testTimeout: 600_000 } },
      { test: { name: 'tests', root: 'tests', include: ['unit/**/*.test.ts'] } },
      // The client's components, rendered in happy-dom.
      { test: { name: 'client', root: 'client', include: ['test/**/*.test.tsx'], environment: 'happy-dom' } },
      // Real servers on port 0 with temporary data directories.
      { test: { name: 'integration', root: 'tests', include: ['integration/**/*.test.ts'], testTimeout: 30_000 } },
      // Real Chromium against the real server serving the built client.
      {
        test: {
          name: 'e2e',
          root: 'tests',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['e2e/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
    reporters: ['default', ['json', { outputFile: '.test-results/unit.json' }]],
  },
});
