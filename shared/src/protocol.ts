/**
 * The websocket subprotocols the app offers: the sync protocol, which the server selects,
 * and one carrying the participant's token. The token travels in a header rather than
 * the URL, so proxies and access logs that record URLs never see it.
 */
export const SYNC_SUBPROTOCOL = 'hindsight';
export const TOKEN_SUBPROTOCOL_PREFIX = 'hindsight.token.';

export function syncSubprotocols(token: string): string[] {
  return [SYNC_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`];
}

/** The token a socket offered as a subprotocol, if any. */
export function tokenFromSubprotocols(protocols: Iterable<string>): string | null {
  for (const protocol of protocols) if (protocol.startsWith(TOKEN_SUBPROTOCOL_PREFIX)) return protocol.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
  return null;
}

/**
 * Websocket close codes, defined once for server and client. A refused HTTP upgrade
 * reaches a browser only as 1006, so the server accepts the upgrade and then closes with
 * one of these, whose reason tells the client what to do.
 */
export const CLOSE = {
  goingAway: { code: 1001, reason: 'The server is shutting down; reconnect shortly.' },
  // Outside 4400-4499, which y-websocket treats as final: after these the client reconnects, with backoff.
  slowReader: { code: 4080, reason: 'This connection fell too far behind the board; reconnecting.' },
  tooManyMessages: { code: 4290, reason: 'Too many messages in a short time; reconnecting after a pause.' },
  tooManyConnections: { code: 4291, reason: 'Too many connections to this board or from this address; retrying later.' },
  idle: { code: 4008, reason: 'Nothing was heard from this connection for a long time.' },
  serverError: { code: 1011, reason: 'The server could not store a change; reconnect to resync.' },
  storageUnavailable: { code: 4503, reason: 'The server cannot save changes now (storage full or read-only); your edits stay here.' },
  badMessage: { code: 4400, reason: 'A message could not be read.' },
  unauthorized: { code: 4401, reason: 'Missing or invalid token; join the board again.' },
  ruleViolation: { code: 4403, reason: 'A change broke a board rule and was refused.' },
  unknownBoard: { code: 4404, reason: 'There is no board with this id.' },
  forbiddenOrigin: { code: 4406, reason: 'Pages from this origin may not open boards on this server.' },
  tooLarge: { code: 4413, reason: 'A message was larger than the server accepts.' },
  boardDamaged: { code: 4422, reason: "This board's stored data is damaged and cannot be loaded; other boards are fine." },
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/**
 * The reason sent with a close: the specific detail when there is one (for 4403 it starts
 * with the rule, "R7: …"), else the code's general reason. Close reasons are limited to 123
 * bytes and a detail may quote a client's input, so it is kept to printable ASCII, where
 * characters are bytes (ws throws on a longer reason, which would leave the socket open).
 */
export function closeReason(close: CloseCode, detail?: string): string {
  const reason = (detail ?? close.reason).replace(/[^\x20-\x7e]/g, '?');
  return reason.length > 120 ? `${reason.slice(0, 117)}...` : reason;
}
