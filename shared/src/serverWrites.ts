import * as Y from 'yjs';
import { boardMap, participantsMap, type ParticipantSnapshot } from './layout';
import { ServerOrigin } from './origin';

/** Writes the board's metadata; the server does this once, when it creates the board (R3). */
export function initBoard(doc: Y.Doc, meta: { title: string; createdAt: number }): void {
  doc.transact(() => {
    const board = boardMap(doc);
    board.set('title', meta.title);
    board.set('createdAt', meta.createdAt);
  }, new ServerOrigin('initBoard'));
}

/** Adds or updates a participant record; only the server writes these (R2). */
export function putParticipant(doc: Y.Doc, participant: ParticipantSnapshot): void {
  doc.transact(() => {
    const participants = participantsMap(doc);
    let record = participants.get(participant.id);
    if (!(record instanceof Y.Map)) {
      record = new Y.Map<unknown>();
      participants.set(participant.id, record);
    }
    for (const key of ['name', 'color', 'role', 'joinedAt'] as const) {
      if (record.get(key) !== participant[key]) record.set(key, participant[key]);
    }
  }, new ServerOrigin('putParticipant'));
}
