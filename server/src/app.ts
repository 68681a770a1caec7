import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLOSE, closeReason, type CloseCode, creationWindow, SYNC_SUBPROTOCOL, tokenFromSubprotocols, isSessionEnded, parseRoomName, participantsMap, selectBoardMeta, selectSession } from '@hindsight/shared';
import { WebSocketServer, type WebSocket } from 'ws';
import { BoardService } from './boards';
import type { ServerConfig } from './config';
import { Connection, REMOVED_DETAIL, speakerOf } from './connection';
import { BoardDamagedError, isStorageUnavailable } from './errors';
import { BoardHistory } from './history';
import { HistoryService } from './historyApi';
import { createApiHandler } from './http';
import { createStaticHandler } from './static';
import { originAllowed } from './origins';
import { clientAddress, ConnectionSlots } from './limits';
import { RoomRegistry } from './rooms';
import { SqliteBoardStore } from './sqliteStore';
import type { BoardStore } from './store';
import { loadSecret, TokenSigner } from './tokens';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting, closes sockets (1001), commits and compacts rooms, closes the store. */
  readonly close: () => Promise<void>;
}

/** A board, or a participant's private room on it: /sync/<boardId>~<participantId>. */
const SYNC_PATH = /^\/sync\/([A-Za-z0-9_-]{1,64}(?:~[A-Za-z0-9_-]{1,64})?)$/;

/** Starts Hindsight's server: the HTTP API and the y-websocket endpoint /sync/<boardId>. */
export async function startServer(config: ServerConfig, options: { store?: BoardStore } = {}): Promise<RunningServer> {
  const store = options.store ?? new SqliteBoardStore(config.dataDir, { maxBytes: config.maxDatabaseBytes });
  const history = new BoardHistory(store, config.history);
  const rooms = new RoomRegistry(store, config.rooms, history);
  const tokens = new TokenSigner(loadSecret(config.dataDir, config.secret));
  const boards = new BoardService(store, rooms, tokens, history, config.maxFrameBytes);
  const api = createApiHandler(boards, new HistoryService(boards, rooms, history, store), {
    maxBodyBytes: config.maxBodyBytes,
    maxImportBytes: config.maxImportBytes,
    allowedOrigins: config.allowedOrigins,
    boardsPerAddressPerHour: config.boardsPerAddressPerHour,
    trustedProxyHops: config.trustedProxyHops,
  });
  const files = config.clientDir ? createStaticHandler(config.clientDir) : null;
  const server = createServer((req, res) => {
    api(req, res)
      .then(async (handled) => handled || (files ? files(req, res) : false))
      .then((handled) => {
        if (!handled) {
          res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ error: 'Not found.' }));
        }
      })
      .catch((error: unknown) => {
        console.error('HTTP request failed', error);
        res.destroy();
      });
  });
  // ws's own cap stays well above ours, so an oversized frame gets the named 4413, not 1009.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes * 8,
    // The app offers its token as a second subprotocol; the answer names only the first.
    handleProtocols: (protocols) => (protocols.has(SYNC_SUBPROTOCOL) ? SYNC_SUBPROTOCOL : false),
  });
  // A client that vanished (laptop lid, lost network) never closes its socket; pings find it.
  const answered = new WeakMap<WebSocket, boolean>();
  const connections = new WeakMap<WebSocket, Connection>();
  const perBoard = new ConnectionSlots(config.maxConnectionsPerBoard);
  const perAddress = new ConnectionSlots(config.maxConnectionsPerAddress);
  /**
   * Closes a socket the server will not serve. A peer that never answers the close frame
   * would keep it (and its place) for ws's 30 s close timeout; one second is enough.
   */
  const turnAway = (socket: WebSocket, close: CloseCode, detail?: string): void => {
    socket.close(close.code, closeReason(close, detail));
    setTimeout(() => socket.terminate(), 1000).unref();
  };
  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const client of wss.clients) {
      const connection = connections.get(client);
      if (connection && now - connection.lastHeardAt > config.idleTimeoutMs) {
        connection.close(CLOSE.idle);
        continue;
      }
      if (answered.get(client) === false) {
        client.terminate();
        continue;
      }
      answered.set(client, false);
      client.ping();
    }
  }, config.heartbeatMs);

  /** Accepts first and closes with a named code after: a refused upgrade reaches browsers as 1006. */
  async function accept(socket: WebSocket, roomName: string | undefined, token: string | null): Promise<void> {
    // Messages can arrive while the board loads; keep them, within bounds, for the connection.
    const early: [Buffer, boolean][] = [];
    let earlyBytes = 0;
    const hold = (data: Buffer, isBinary: boolean): void => {
      earlyBytes += data.length;
      if (earlyBytes > config.maxFrameBytes * 4) socket.close(CLOSE.tooLarge.code, closeReason(CLOSE.tooLarge));
      else early.push([data, isBinary]);
    };
    socket.on('message', hold);
    const refuse = (close: typeof CLOSE.unauthorized | typeof CLOSE.unknownBoard, detail?: string): void => turnAway(socket, close, detail);
    const { boardId, owner } = roomName ? parseRoomName(roomName) : { boardId: undefined, owner: null };
    const board = boardId ? await rooms.getOpen(boardId) : null;
    if (socket.readyState !== socket.OPEN) return;
    if (!board || !roomName) return refuse(CLOSE.unknownBoard);
    const claims = token ? tokens.verify(token) : null;
    if (!claims || claims.boardId !== boardId) return refuse(CLOSE.unauthorized);
    if (!participantsMap(board.doc).has(claims.participantId)) return refuse(CLOSE.unauthorized);
    if (!speakerOf(board, claims.participantId)) return refuse(CLOSE.unauthorized, REMOVED_DETAIL);
    if (owner !== null && owner !== claims.participantId) return turnAway(socket, CLOSE.ruleViolation, "R37: A private room opens only with its owner's token.");
    // A board's places go to its participants only, private rooms included (R65): strangers cannot fill them.
    if (!perBoard.take(board.boardId)) return turnAway(socket, CLOSE.tooManyConnections);
    socket.once('close', () => perBoard.release(board.boardId));
    const room = owner === null ? board : await rooms.getOpen(roomName);
    if (socket.readyState !== socket.OPEN) return;
    if (!room) return refuse(CLOSE.unknownBoard);
    socket.off('message', hold);
    const connection = new Connection(socket, claims.participantId, room, config.maxFrameBytes, {
      speaker: (participantId) => speakerOf(board, participantId),
      scope: () => {
        const createdWithin = creationWindow(selectBoardMeta(board.doc).createdAt, Date.now());
        return owner === null ? { privateRoom: false, createdWithin } : { privateRoom: true, boardEnded: isSessionEnded(board.doc), createdWithin };
      },
      phase: () => selectSession(board.doc).phase,
      limits: config.connection,
      // The board stays loaded while its private rooms are open: they read who speaks from it.
      ...(owner === null ? {} : { onJoin: () => board.retain(), onLeave: () => board.release() }),
    });
    connections.set(socket, connection);
    room.join(connection);
    for (const [data, isBinary] of early) connection.receive(data, isBinary);
  }

  server.on('upgrade', (req, socket, head) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return void socket.destroy();
    }
    if (!url.pathname.startsWith('/sync/')) return void socket.destroy();
    socket.on('error', () => socket.destroy());
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Until a Connection listens, a bad frame must not become an uncaught 'error'.
      ws.on('error', () => ws.terminate());
      answered.set(ws, true);
      ws.on('pong', () => answered.set(ws, true));
      if (!originAllowed(req, config.allowedOrigins)) return turnAway(ws, CLOSE.forbiddenOrigin);
      // Counted per address from the start, and per board once the token is checked (R65).
      const address = clientAddress(req, config.trustedProxyHops);
      if (!perAddress.take(address)) return turnAway(ws, CLOSE.tooManyConnections);
      ws.once('close', () => perAddress.release(address));
      // The app sends its token as a subprotocol; programs may put it in the query.
      const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((protocol) => protocol.trim());
      const token = tokenFromSubprotocols(offered) ?? url.searchParams.get('token');
      accept(ws, SYNC_PATH.exec(url.pathname)?.[1], token).catch((error: unknown) => {
        if (error instanceof BoardDamagedError) {
          console.error(error.message);
          return turnAway(ws, CLOSE.boardDamaged);
        }
        console.error('Accepting a connection failed', error);
        turnAway(ws, isStorageUnavailable(error) ? CLOSE.storageUnavailable : CLOSE.serverError);
      });
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
      clearInterval(heartbeat);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await rooms.closeAll();
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await stopped;
      await store.close();
    },
  };
}
