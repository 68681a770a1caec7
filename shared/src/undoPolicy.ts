import type * as Y from 'yjs';
import { mayWorkOnActions } from './actions/commands';
import { mayEditFacts } from './facts/commands';
import { ROOT, type Actor, type Role } from './layout';
import { groupingIsLate } from './session/commands';
import { phaseOf } from './session/phases';
import type { SessionSnapshot } from './session/state';

/** Roots whose changes only the role they were made with may take back. */
const ROLE_BOUND: readonly string[] = [ROOT.cards, ROOT.themes, ROOT.whys, ROOT.notes, ROOT.links, ROOT.actions];

/**
 * Why an undo or redo step may not be sent now, or null when it may: the server would
 * refuse it (R15, R29, R33, R44, R54, R58), and a refusal throws this browser's copy away.
 * `roots` are the roots the step changes, `madeAs` the role it was made with.
 */
export function undoRefusal(doc: Y.Doc, session: SessionSnapshot, actor: Actor, roots: ReadonlySet<string>, madeAs: Role | undefined): string | null {
  if (session.ended) return 'The session has ended: the board is read-only.';
  if ((roots.has(ROOT.facts) || roots.has(ROOT.timeline)) && !mayEditFacts(doc, actor)) {
    return 'Facts editing was switched off, so this change to the facts cannot be undone.';
  }
  const lostRole = actor.role !== 'facilitator' && (madeAs === 'facilitator' || roots.has(ROOT.notes));
  if (lostRole && ROLE_BOUND.some((root) => roots.has(root))) return 'You made this change as a facilitator and no longer are one, so it cannot be undone.';
  if (roots.has(ROOT.actions) && !mayWorkOnActions(actor, session)) {
    return `Actions are worked on in the Actions and Wrap-up phases, so this change cannot be undone during ${phaseOf(session.phase).label}.`;
  }
  if (roots.has(ROOT.themes) && groupingIsLate(session, actor)) {
    return `Grouping is over: undoing this would regroup the board (and move dots) during ${phaseOf(session.phase).label}.`;
  }
  return null;
}
