import * as Y from 'yjs';
import { boardMap, participantsMap, type Role } from './layout';
import { factsMap, SUMMARY_FIELD } from './facts/fields';
import { ServerOrigin } from './origin';
import { isFacilitator, sessionChild } from './session/state';

/** Writes the board's metadata and its facts summary; the server does this once, when it creates the board (R3, R35). */
export function initBoard(doc: Y.Doc, meta: { title: string; createdAt: number }): void {
  doc.transact(() => {
    const board = boardMap(doc);
    board.set('title', meta.title);
    board.set('createdAt', meta.createdAt);
    ensureFactsSummary(doc);
  }, new ServerOrigin('initBoard'));
}

/**
 * The collaborative summary is created by the server, never by clients: two clients each
 * creating it offline would each lose the other's text when one Y.Text replaced the other.
 * Boards made before the facts existed get it when they load.
 */
export function ensureFactsSummary(doc: Y.Doc): void {
  if (factsMap(doc).get(SUMMARY_FIELD) instanceof Y.Text) return;
  doc.transact(() => factsMap(doc).set(SUMMARY_FIELD, new Y.Text()), new ServerOrigin('initFacts'));
}

/** What the server records when someone joins: the participant record, and the role in the session map. */
export interface ParticipantRecord {
  readonly id: string;
  readonly name: string;
  readonly color: string;
  /** Set when joining; left out when someone only changes their name or color, so that never touches roles. */
  readonly role?: Role;
  readonly joinedAt: number;
}

/** Adds or updates a participant record and their role; only the server writes these (R2, R18). */
export function putParticipant(doc: Y.Doc, participant: ParticipantRecord): void {
  doc.transact(() => {
    const participants = participantsMap(doc);
    let record = participants.get(participant.id);
    if (!(record instanceof Y.Map)) {
      record = new Y.Map<unknown>();
      participants.set(participant.id, record);
    }
    for (const key of ['name', 'color', 'joinedAt'] as const) {
      if (record.get(key) !== participant[key]) record.set(key, participant[key]);
    }
    if (participant.role === 'facilitator') {
      const facilitators = sessionChild(doc, 'facilitators');
      if (!facilitators.has(participant.id)) facilitators.set(participant.id, participant.joinedAt);
    } else if (participant.role === 'participant' && isFacilitator(doc, participant.id)) {
      sessionChild(doc, 'facilitators').delete(participant.id);
    }
  }, new ServerOrigin('putParticipant'));
}
