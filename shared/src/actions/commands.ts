import * as Y from 'yjs';
import { done, fail, replaceText, run, type CommandResult } from '../commandKit';
import { defaultEntropy, type Entropy } from '../commands';
import type { Actor } from '../layout';
import { orderKeyAt, orderKeyBetween } from '../order';
import { mayChangeCardContent } from '../policy';
import type { PhaseId } from '../session/phases';
import {
  ACTION_FIELD,
  ACTION_PHASES,
  actionsMap,
  encodeOwner,
  isDueDate,
  MAX_ACTION_DESCRIPTION_LENGTH,
  MAX_ACTION_TITLE_LENGTH,
  MAX_OWNER_LENGTH,
  readAction,
  type ActionSnapshot,
  type ActionStatus,
  type Owner,
  type Priority,
} from './model';
import { actionWeigher, compareWeights, selectActions } from './order';

/** Whether `actor` may make and edit actions now (R58, R59). */
export function mayWorkOnActions(actor: Actor, session: { readonly phase: PhaseId; readonly ended: boolean }): boolean {
  return !session.ended && (actor.role === 'facilitator' || ACTION_PHASES.includes(session.phase));
}

function findAction(doc: Y.Doc, actionId: string): { map: Y.Map<unknown>; action: ActionSnapshot } | null {
  const map = actionsMap(doc).get(actionId);
  const action = readAction(actionId, map);
  return action && map ? { map, action } : null;
}

const actionGone = (): CommandResult<never> => fail('not-found', 'This action no longer exists.', 'R58');

export const ACTION_TEXT_LIMITS = { title: MAX_ACTION_TITLE_LENGTH, description: MAX_ACTION_DESCRIPTION_LENGTH } as const;

/** Rewrites an action's title or description by the smallest edit, so two people typing keep both. */
export function setActionText(doc: Y.Doc, _actor: Actor, actionId: string, field: 'title' | 'description', text: string): CommandResult {
  const found = findAction(doc, actionId);
  if (!found) return actionGone();
  const limit = ACTION_TEXT_LIMITS[field];
  if (text.length > limit) return fail('invalid', `An action's ${field} holds at most ${limit} characters (this one would have ${text.length}).`);
  const target = found.map.get(field);
  if (target instanceof Y.Text) replaceText(target, text, 'setActionText');
  return done;
}

export interface ActionFields {
  readonly owner?: Owner | null;
  /** YYYY-MM-DD, or null for none. */
  readonly due?: string | null;
  readonly priority?: Priority;
  readonly status?: ActionStatus;
}

/** Sets owner, due date, priority or status in one transaction; only what differs is written (R58). */
export function setActionFields(doc: Y.Doc, _actor: Actor, actionId: string, fields: ActionFields): CommandResult {
  const found = findAction(doc, actionId);
  if (!found) return actionGone();
  if (fields.due != null && !isDueDate(fields.due)) return fail('invalid', 'A due date is a real date, written YYYY-MM-DD.', 'R58');
  if (fields.owner) {
    const name = fields.owner.kind === 'name' ? fields.owner.name.trim() : fields.owner.id;
    if (name.length === 0) return fail('invalid', 'An owner needs a name.', 'R58');
    if (name.length > MAX_OWNER_LENGTH) return fail('invalid', `An owner's name has at most ${MAX_OWNER_LENGTH} characters.`, 'R58');
  }
  const next: Record<string, string> = {};
  if (fields.owner !== undefined) next[ACTION_FIELD.owner] = encodeOwner(fields.owner && fields.owner.kind === 'name' ? { kind: 'name', name: fields.owner.name.trim() } : fields.owner);
  if (fields.due !== undefined) next[ACTION_FIELD.due] = fields.due ?? '';
  if (fields.priority !== undefined) next[ACTION_FIELD.priority] = fields.priority;
  if (fields.status !== undefined) next[ACTION_FIELD.status] = fields.status;
  const changes = Object.entries(next).filter(([field, value]) => found.map.get(field) !== value);
  if (changes.length === 0) return done;
  run(doc, 'setActionFields', () => {
    for (const [field, value] of changes) found.map.set(field, value);
  });
  return done;
}

/** Moves an action to an index of the one order (the action itself left out). */
export function moveAction(doc: Y.Doc, _actor: Actor, actionId: string, index: number, entropy: Entropy = defaultEntropy): CommandResult {
  const found = findAction(doc, actionId);
  if (!found) return actionGone();
  const actions = selectActions(doc);
  const others = actions.filter((other) => other.id !== actionId);
  const at = Math.max(0, Math.min(Math.floor(index), others.length));
  if (actions.findIndex((other) => other.id === actionId) === at) return done;
  const key = orderKeyAt(
    others.map((other) => other.order),
    at,
    entropy.random,
  );
  run(doc, 'moveAction', () => found.map.set(ACTION_FIELD.order, key));
  return done;
}

/**
 * Puts every action back in the seeded order: most dots on what it addresses first, then
 * priority, then the current order. One transaction, so one undo takes it back.
 */
export function sortActions(doc: Y.Doc, _actor: Actor, entropy: Entropy = defaultEntropy): CommandResult {
  const actions = selectActions(doc);
  const weigh = actionWeigher(doc);
  const sorted = actions
    .map((action, position) => ({ action, position, weight: weigh(action.id, action.priority) }))
    .sort((a, b) => compareWeights(a.weight, b.weight) || a.position - b.position)
    .map((entry) => entry.action);
  if (sorted.every((action, i) => action === actions[i])) return done;
  let previous: string | null = null;
  const keys = sorted.map(() => (previous = orderKeyBetween(previous, null, entropy.random)));
  run(doc, 'sortActions', () => {
    sorted.forEach((action, i) => actionsMap(doc).get(action.id)?.set(ACTION_FIELD.order, keys[i] as string));
  });
  return done;
}

/** Deletes an action: its maker or a facilitator (R58). Its number is never given again (R57). */
export function deleteAction(doc: Y.Doc, actor: Actor, actionId: string): CommandResult {
  const found = findAction(doc, actionId);
  if (!found) return actionGone();
  if (!mayChangeCardContent(actor, found.action.authorId)) return fail('forbidden', 'Only whoever made an action or a facilitator deletes it.', 'R58');
  run(doc, 'deleteAction', () => actionsMap(doc).delete(actionId));
  return done;
}
