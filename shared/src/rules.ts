/** The board's rules; SPEC.md states each one, and tests carry the ID in their names. */
export const RULES = {
  R1: 'Clients write only the root types the model defines for them',
  R2: 'The participants map is written by the server only',
  R3: 'The board map is written by the server only',
  R4: 'A card has exactly its fields, each of the right kind, created together',
  R5: "A new card's authorId is its writer",
  R6: "A card's id, authorId and createdAt never change, and a card id is never reused",
  R7: "Only the card's author or a facilitator edits its text",
  R8: "Only the card's author or a facilitator deletes a card",
  R9: 'Any participant may move any card; column and order are replaced with valid values, never removed',
  R10: 'An update that cannot be decoded, or that no Yjs client would produce, is refused',
  R11: 'An update that depends on items the document does not have is refused',
  R12: 'The gate judges the whole update before any of it is applied',
  R13: 'Display order is by (order key, card id); order keys are jittered and never repaired',
  R14: 'Replicas that have received the same updates show the same board; no card is duplicated or lost unless deleted',
  R15: 'Every update an honest command makes passes the gate',
  R16: 'Commands on a deleted card change nothing',
  R17: 'A Yjs client id belongs to the participant who first wrote with it',
} as const;

export type RuleId = keyof typeof RULES;
