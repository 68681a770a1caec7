import { startServer } from './app';
import { configFromEnv } from './config';

const config = configFromEnv();
const server = await startServer(config);
console.log(`Hindsight is listening on ${server.url} (data in ${config.dataDir})`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
