import * as Y from 'yjs';
import { boardMap, participantsMap, type Role } from './layout';
import { ServerOrigin } from './origin';
import { isFacilitator, sessionChild } from './session/state';

/** Writes the board's metadata; the server does this once, when it creates the board (R3). */
export function initBoard(doc: Y.Doc, meta: { title: string; createdAt: number }): void {
  doc.transact(() => {
    const board = boardMap(doc);
    board.set('title', meta.title);
    board.set('createdAt', meta.createdAt);
  }, new ServerOrigin('initBoard'));
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
