import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BoardService } from './boards';
import type { ServerConfig } from './config';
import { createApiHandler } from './http';
import { RoomRegistry } from './rooms';
import { SqliteBoardStore } from './sqliteStore';
import { loadSecret, TokenSigner } from './tokens';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting, then closes the store. A property, so it can be passed around unbound. */
  readonly close: () => Promise<void>;
}

/** Starts Hindsight's server: HTTP API now, the sync endpoint /sync with step 2's rest. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const store = new SqliteBoardStore(config.dataDir);
  const rooms = new RoomRegistry(store);
  const tokens = new TokenSigner(loadSecret(config.dataDir, config.secret));
  const api = createApiHandler(new BoardService(store, rooms, tokens), config.maxBodyBytes);
  const server = createServer((req, res) => {
    void api(req, res).then((handled) => {
      if (!handled) {
        res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: 'Not found.' }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
