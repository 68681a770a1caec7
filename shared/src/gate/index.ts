import type * as Y from 'yjs';
import type { Actor } from '../layout';
import { BOARD_SCOPE, UpdateJudge, type GateScope } from './judge';
import { ALLOWED, decodeUpdate, Refusal, type DecodedUpdate, type Verdict } from './verdict';

export { decodeUpdate, type DecodedUpdate, type Regrouping, type Verdict, type VoteChanges } from './verdict';
export { BOARD_SCOPE, type GateScope } from './judge';

/**
 * The rule gate: whether `writer` may apply `update` to the room's document `doc`.
 * Pure: it reads the document and never changes it. Answers for the whole update (R12).
 */
export function checkUpdate(doc: Y.Doc, update: DecodedUpdate, writer: Actor, scope: GateScope = BOARD_SCOPE): Verdict {
  try {
    const { grouping, cast, withdrawn } = new UpdateJudge(doc, update, writer, scope).judge();
    const regroups = grouping.cards.length > 0 || grouping.themes.length > 0;
    const votes = cast.length > 0 || withdrawn.length > 0;
    if (!regroups && !votes) return ALLOWED;
    return { ok: true, ...(regroups ? { grouping } : {}), ...(votes ? { votes: { cast, withdrawn } } : {}) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, rule: error.rule, reason: error.message };
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, rule: 'R10', reason: `The update is malformed (${detail}).` };
  }
}

/** Decodes, then judges: the form the server uses on every incoming update. */
export function checkEncodedUpdate(doc: Y.Doc, bytes: Uint8Array, writer: Actor, scope: GateScope = BOARD_SCOPE): Verdict {
  const decoded = decodeUpdate(bytes);
  return decoded.ok ? checkUpdate(doc, decoded.update, writer, scope) : decoded;
}
export { TEXT_SLACK } from './textGrowth';
