export { startServer, type RunningServer } from './app';
export { configFromEnv, type ServerConfig } from './config';
export { SqliteBoardStore } from './sqliteStore';
export type { BoardRecord, BoardStore, HistoryRetention } from './store';
export { DEFAULT_CONNECTION_LIMITS } from './limits';
