import type { Actor } from './layout';

/** R7, R8: a card's text and its existence belong to its author; facilitators may act for anyone. */
export function mayChangeCardContent(actor: Actor, authorId: string): boolean {
  return actor.role === 'facilitator' || actor.participantId === authorId;
}
