import { resolve } from 'node:path';
import type { HistorySettings } from './history';
import type { RoomTimings } from './room';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './limits';

/** Settings from the environment, with the defaults the README documents. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** The most the database may hold, in bytes (0: as much as the disk takes); past it, writes fail as on a full disk. */
  readonly maxDatabaseBytes: number;
  /** Largest websocket frame or HTTP body accepted, in bytes. */
  readonly maxFrameBytes: number;
  readonly maxBodyBytes: number;
  /** Largest board export POST /api/boards/import takes; it must fit one sync frame once it is a board. */
  readonly maxImportBytes: number;
  /** Secret for signing tokens; generated into DATA_DIR on first start when not given. */
  readonly secret: string | undefined;
  readonly rooms: RoomTimings;
  /** When versions of boards are kept, and how many (R68). */
  readonly history: HistorySettings;
  /** Sockets are pinged this often; one that missed the previous ping is dropped (and its presence with it). */
  readonly heartbeatMs: number;
  /** Per-connection message rates and send buffer (R64). */
  readonly connection: ConnectionLimits;
  /** Open websockets a board, and a client address, may have (R65). */
  readonly maxConnectionsPerBoard: number;
  readonly maxConnectionsPerAddress: number;
  /** Boards (created or imported) a client address may make in an hour (R65). */
  readonly boardsPerAddressPerHour: number;
  /** A socket that sends nothing for this long is closed (4008); the app's presence renews every 15 s. */
  readonly idleTimeoutMs: number;
  /** Proxies in front of the server that append to X-Forwarded-For: the client address is read past them (R65). */
  readonly trustedProxyHops: number;
  /** Origins besides the server's own whose pages may open boards and write through the API. */
  readonly allowedOrigins: readonly string[];
  /** The built client to serve (the SPA), or null to serve only the API and sync endpoint. */
  readonly clientDir: string | null;
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, not "${value}".`);
  return parsed;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: intFrom(env.PORT, 8080, 'PORT'),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    maxDatabaseBytes: intFrom(env.MAX_DATABASE_BYTES, 0, 'MAX_DATABASE_BYTES'),
    maxFrameBytes: intFrom(env.MAX_FRAME_BYTES, 1024 * 1024, 'MAX_FRAME_BYTES'),
    maxBodyBytes: intFrom(env.MAX_BODY_BYTES, 16 * 1024, 'MAX_BODY_BYTES'),
    maxImportBytes: intFrom(env.MAX_IMPORT_BYTES, 1024 * 1024, 'MAX_IMPORT_BYTES'),
    secret: env.HINDSIGHT_SECRET,
    heartbeatMs: intFrom(env.HEARTBEAT_MS, 10_000, 'HEARTBEAT_MS'),
    clientDir: env.CLIENT_DIR === '' ? null : resolve(env.CLIENT_DIR ?? 'client/dist'),
    connection: {
      updatesPerSecond: intFrom(env.UPDATES_PER_SECOND, DEFAULT_CONNECTION_LIMITS.updatesPerSecond, 'UPDATES_PER_SECOND'),
      updateBurst: intFrom(env.UPDATE_BURST, DEFAULT_CONNECTION_LIMITS.updateBurst, 'UPDATE_BURST'),
      awarenessPerSecond: intFrom(env.AWARENESS_PER_SECOND, DEFAULT_CONNECTION_LIMITS.awarenessPerSecond, 'AWARENESS_PER_SECOND'),
      awarenessBurst: intFrom(env.AWARENESS_BURST, DEFAULT_CONNECTION_LIMITS.awarenessBurst, 'AWARENESS_BURST'),
      maxBufferedBytes: intFrom(env.MAX_BUFFERED_BYTES, DEFAULT_CONNECTION_LIMITS.maxBufferedBytes, 'MAX_BUFFERED_BYTES'),
      maxPresenceBytes: intFrom(env.MAX_PRESENCE_BYTES, DEFAULT_CONNECTION_LIMITS.maxPresenceBytes, 'MAX_PRESENCE_BYTES'),
    },
    maxConnectionsPerBoard: intFrom(env.MAX_CONNECTIONS_PER_BOARD, 1000, 'MAX_CONNECTIONS_PER_BOARD'),
    maxConnectionsPerAddress: intFrom(env.MAX_CONNECTIONS_PER_ADDRESS, 1000, 'MAX_CONNECTIONS_PER_ADDRESS'),
    boardsPerAddressPerHour: intFrom(env.BOARDS_PER_ADDRESS_PER_HOUR, 60, 'BOARDS_PER_ADDRESS_PER_HOUR'),
    idleTimeoutMs: intFrom(env.IDLE_TIMEOUT_MS, 120_000, 'IDLE_TIMEOUT_MS'),
    trustedProxyHops: intFrom(env.TRUSTED_PROXY_HOPS, 0, 'TRUSTED_PROXY_HOPS'),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    history: {
      everyMs: intFrom(env.HISTORY_EVERY_MS, 5 * 60_000, 'HISTORY_EVERY_MS'),
      keep: Math.max(1, intFrom(env.HISTORY_KEEP, 50, 'HISTORY_KEEP')),
      maxBytes: intFrom(env.HISTORY_MAX_BYTES, 64 * 1024 * 1024, 'HISTORY_MAX_BYTES'),
    },
    rooms: {
      unloadAfterMs: intFrom(env.ROOM_UNLOAD_MS, 30_000, 'ROOM_UNLOAD_MS'),
      compactEveryUpdates: intFrom(env.COMPACT_EVERY_UPDATES, 500, 'COMPACT_EVERY_UPDATES'),
      compactEveryMs: intFrom(env.COMPACT_EVERY_MS, 60_000, 'COMPACT_EVERY_MS'),
      maxDocumentBytes: intFrom(env.MAX_BOARD_BYTES, 16 * 1024 * 1024, 'MAX_BOARD_BYTES'),
    },
  };
}
