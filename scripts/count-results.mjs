// Sums the JSON reports every vitest run wrote into one closing line, "N passed, N failed".
// A test file that failed to load has no tests in it; it counts as one failure. So does a
// failing `pnpm test` that left no report at all (typecheck or lint stopped it first).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir = '.test-results', exitCode = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let reports = 0;
function reportFiles() {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
}
const files = reportFiles();
for (const name of files) {
  const report = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  reports++;
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  for (const file of report.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed++;
  }
}
if (Number(exitCode) !== 0 && failed === 0) failed = 1;
console.log(`${reports} report(s) read`);
console.log(`${passed} passed, ${failed} failed`);
