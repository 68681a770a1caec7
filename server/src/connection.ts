import {
  checkUpdate,
  CLOSE,
  closeReason,
  decodeUpdate,
  groupingIsLate,
  selectParticipant,
  selectSession,
  type Actor,
  type CloseCode,
  type GateScope,
  type PhaseId,
  VOTE_PHASE,
} from '@hindsight/shared';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { decodeAwarenessUpdate, encodeAwarenessUpdate, MESSAGE, SYNC } from './protocol';
import type { Room } from './room';
import { DEFAULT_CONNECTION_LIMITS, TokenBucket, type ConnectionLimits } from './limits';

/** Who a connection speaks for, from its token and the board's participant record. */
export interface Speaker extends Actor {
  readonly name: string;
  readonly color: string;
}

/** Closes the socket of someone a facilitator removed (R27). */
export const REMOVED_DETAIL = 'R27: A facilitator removed you from this board.';

/** The participant's current record: roles and removal apply to open connections at once (R32). */
export function speakerOf(board: Room, participantId: string): Speaker | null {
  const participant = selectParticipant(board.doc, participantId);
  if (!participant || participant.removed) return null;
  return { participantId, role: participant.role, name: participant.name, color: participant.color };
}

/**
 * What a connection needs from the board it belongs to, looked up on every message: who
 * the participant is now, and how the gate should judge this room. A private room reads
 * both from its board, which stays loaded while the room is.
 */
export interface RoomAccess {
  readonly speaker: (participantId: string) => Speaker | null;
  readonly scope: () => GateScope;
  /** The board's phase now: votes cast outside Vote are marked late (R49). */
  readonly phase: () => PhaseId;
  readonly onJoin?: () => void;
  readonly onLeave?: () => void;
  /** Rates and buffers this connection may use (R64). */
  readonly limits?: ConnectionLimits;
}

/** One client's socket in a room. Every message is handled inside try/catch: bad bytes close this socket only. */
export class Connection {
  /** Awareness client ids this socket has set, removed when it closes. */
  readonly awarenessClients = new Set<number>();
  private closed = false;
  /** When the last message arrived: a socket silent for long is closed (R65). */
  lastHeardAt = Date.now();
  private readonly limits: ConnectionLimits;
  private readonly updates: TokenBucket;
  private readonly presence: TokenBucket;

  constructor(
    readonly socket: WebSocket,
    /** From the token; the role and name behind it are looked up on every message. */
    readonly participantId: string,
    private readonly room: Room,
    private readonly maxFrameBytes: number,
    private readonly access: RoomAccess,
  ) {
    this.limits = access.limits ?? DEFAULT_CONNECTION_LIMITS;
    this.updates = new TokenBucket(this.limits.updatesPerSecond, this.limits.updateBurst);
    this.presence = new TokenBucket(this.limits.awarenessPerSecond, this.limits.awarenessBurst);
    access.onJoin?.();
    socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    socket.on('close', () => this.onClose());
    socket.on('error', () => this.close(CLOSE.badMessage));
  }

  send(message: Uint8Array): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    // A reader that does not read would make the server hold every message for it (R64).
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) return this.close(CLOSE.slowReader);
    this.socket.send(message);
  }

  close(close: CloseCode, detail?: string): void {
    if (this.closed) return;
    this.socket.close(close.code, closeReason(close, detail));
    this.leave();
  }

  private onClose(): void {
    this.leave();
  }

  private left = false;

  private leave(): void {
    this.closed = true;
    if (this.left) return;
    this.left = true;
    this.room.leave(this);
    this.access.onLeave?.();
  }

  receive(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    this.lastHeardAt = Date.now();
    try {
      if (!isBinary) return this.close(CLOSE.badMessage, 'Messages are binary.');
      if (data.length > this.maxFrameBytes) return this.close(CLOSE.tooLarge);
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.length));
      const type = decoding.readVarUint(decoder);
      const bucket = type === MESSAGE.awareness ? this.presence : this.updates;
      if (!bucket.take()) return this.close(CLOSE.tooManyMessages);
      if (type === MESSAGE.sync) this.onSync(decoder);
      else if (type === MESSAGE.awareness) this.onAwareness(decoding.readVarUint8Array(decoder));
      else if (type === MESSAGE.queryAwareness) this.room.presence.sendTo(this);
      else if (type !== MESSAGE.auth) this.close(CLOSE.badMessage, `Unknown message type ${type}.`);
    } catch (error) {
      this.close(CLOSE.badMessage, error instanceof Error ? error.message : undefined);
    }
  }

  private onSync(decoder: decoding.Decoder): void {
    const kind = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (kind === SYNC.step1) {
      // Decoded here, inside this socket's try: a broken state vector closes this socket only,
      // never a waiter the room runs for everyone after its next commit.
      Y.decodeStateVector(payload);
      return this.room.answerStep1(this, payload);
    }
    if (kind !== SYNC.step2 && kind !== SYNC.update) return this.close(CLOSE.badMessage, `Unknown sync message ${kind}.`);
    // Decoded once: the gate judges it and the room reads its writers from the same structs.
    const decoded = decodeUpdate(payload);
    if (!decoded.ok) return this.close(CLOSE.ruleViolation, `${decoded.rule}: ${decoded.reason}`);
    const speaker = this.access.speaker(this.participantId);
    if (!speaker) return this.close(CLOSE.unauthorized, REMOVED_DETAIL);
    const verdict = checkUpdate(this.room.doc, decoded.update, speaker, this.access.scope());
    if (!verdict.ok) return this.close(CLOSE.ruleViolation, `${verdict.rule}: ${verdict.reason}`);
    // Regrouping outside the Group phase, and votes outside Vote, are accepted and marked late (R44, R49).
    const grouping = verdict.grouping && groupingIsLate(selectSession(this.room.doc), speaker) ? verdict.grouping : null;
    const phase = verdict.votes ? this.access.phase() : VOTE_PHASE;
    const votes = verdict.votes && phase !== VOTE_PHASE ? { ...verdict.votes, phase } : null;
    const refusal = this.room.receive(this, decoded.update, { grouping, votes });
    if (refusal) this.close(CLOSE.ruleViolation, refusal);
  }

  /** Presence cannot be faked: the user field always comes from the token's participant. */
  private onAwareness(update: Uint8Array): void {
    const speaker = this.access.speaker(this.participantId);
    if (!speaker) return this.close(CLOSE.unauthorized, REMOVED_DETAIL);
    const user = { id: speaker.participantId, name: speaker.name, color: speaker.color };
    const entries: ReturnType<typeof decodeAwarenessUpdate> = [];
    // One entry at a time: each client id taken counts against the bound before the next is judged.
    for (const entry of decodeAwarenessUpdate(update)) {
      if ((entry.size ?? 0) > this.limits.maxPresenceBytes) {
        return this.close(CLOSE.tooLarge, `R64: A presence state holds at most ${this.limits.maxPresenceBytes} characters; the server relays it to everyone.`);
      }
      if (!this.awarenessClients.has(entry.clientId) && !this.room.presence.mayPresent(this, entry.clientId)) continue;
      this.awarenessClients.add(entry.clientId);
      const state = entry.state !== null && typeof entry.state === 'object' ? { ...entry.state, user } : entry.state;
      entries.push({ ...entry, state });
    }
    if (entries.length > 0) this.room.presence.apply(this, encodeAwarenessUpdate(entries));
  }
}
