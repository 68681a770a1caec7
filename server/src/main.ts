import { startServer } from './app';
import { configFromEnv } from './config';

const config = configFromEnv();
const server = await startServer(config).catch((error: unknown) => {
  // A data directory that cannot be written (read-only, full, not ours) stops the start, loudly.
  console.error(`Hindsight could not start with DATA_DIR ${config.dataDir}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
console.log(`Hindsight is listening on ${server.url} (data in ${config.dataDir})`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
