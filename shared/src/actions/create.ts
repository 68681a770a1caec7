import * as Y from 'yjs';
import { defaultEntropy, type Entropy } from '../commands';
import { LINK_FIELD, linksMap, linkEndKind, type LinkEnd } from '../analysis/model';
import { orderKeyAt } from '../order';
import { SESSION, sessionMap } from '../session/state';
import { ACTION_FIELD, actionRef, actionsMap, MAX_ACTIONS, type Priority } from './model';
import { actionWeigher, itemWeigher, seedIndex, selectActions } from './order';

export interface NewAction {
  readonly title: string;
  /** The card or theme it addresses: linked, and its dots seed the action's place (R57). */
  readonly from?: LinkEnd;
}

/** How many actions the board has numbered: the next is one more, whatever was deleted since (R57). */
export function actionsNumbered(doc: Y.Doc): number {
  const value = sessionMap(doc).get(SESSION.actionSeq);
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

/**
 * Writes a new action inside the server's command transaction (R57): the next number, the
 * title, open, medium priority, placed by the dots of what it addresses and its priority.
 * Answers null when the board already holds as many actions as it may.
 */
export function writeNewAction(doc: Y.Doc, authorId: string, input: NewAction, now: number, entropy: Entropy = defaultEntropy): { id: string; ref: string } | null {
  const number = actionsNumbered(doc) + 1;
  if (number > MAX_ACTIONS) return null;
  const id = entropy.newId();
  const ref = actionRef(number);
  const priority: Priority = 'medium';
  const linkId = entropy.newId();
  const existing = selectActions(doc);
  const weigh = actionWeigher(doc);
  const weights = existing.map((action) => weigh(action.id, action.priority));
  const fromItem = input.from && (linkEndKind(input.from) === 'card' || linkEndKind(input.from) === 'theme') ? input.from : null;
  const own = itemWeigher(doc)(fromItem ? [fromItem] : [], priority);
  const order = orderKeyAt(
    existing.map((action) => action.order),
    seedIndex(weights, own),
    entropy.random,
  );
  const action = new Y.Map<unknown>();
  action.set(ACTION_FIELD.id, id);
  action.set(ACTION_FIELD.ref, ref);
  action.set(ACTION_FIELD.title, new Y.Text(input.title));
  action.set(ACTION_FIELD.description, new Y.Text());
  action.set(ACTION_FIELD.owner, '');
  action.set(ACTION_FIELD.due, '');
  action.set(ACTION_FIELD.priority, priority);
  action.set(ACTION_FIELD.status, 'open');
  action.set(ACTION_FIELD.order, order);
  action.set(ACTION_FIELD.authorId, authorId);
  action.set(ACTION_FIELD.createdAt, now);
  actionsMap(doc).set(id, action);
  sessionMap(doc).set(SESSION.actionSeq, number);
  if (fromItem) {
    const link = new Y.Map<unknown>();
    link.set(LINK_FIELD.id, linkId);
    link.set(LINK_FIELD.from, `action:${id}`);
    link.set(LINK_FIELD.to, fromItem);
    link.set(LINK_FIELD.authorId, authorId);
    link.set(LINK_FIELD.createdAt, now);
    linksMap(doc).set(linkId, link);
  }
  return { id, ref };
}
