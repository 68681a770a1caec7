// Stands in for root scripts whose step has not landed yet: says what is missing, exits non-zero.
const missing = {
  dev: 'the client dev server with its proxy to the sync server (step 3)',
  bench: 'the benchmarks, which arrive with the sync server (step 2)',
};
const script = process.argv[2] ?? '';
console.error(`pnpm ${script} is not available yet: it needs ${missing[script] ?? 'a later step'}.`);
process.exit(1);
