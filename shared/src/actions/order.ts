import type * as Y from 'yjs';
import { selectLinks, type LinkIndex } from '../analysis/selectors';
import { compareByOrder } from '../order';
import { selectLayout } from '../themes/selectors';
import { dotsOf, selectTally } from '../votes/tally';
import { itemResolver } from '../votes/count';
import { isItemKey, type ItemKey } from '../votes/ballot';
import type { LinkEnd } from '../analysis/model';
import { actionsMap, PRIORITIES, readAction, type ActionSnapshot, type Priority } from './model';

/** Every action in the one order the board, the Wrap-up and every export use (order key, then id). */
export function selectActions(doc: Y.Doc): readonly ActionSnapshot[] {
  const actions: ActionSnapshot[] = [];
  actionsMap(doc).forEach((map, id) => {
    const action = readAction(id, map);
    if (action) actions.push(action);
  });
  return actions.sort(compareByOrder);
}

/** How an action ranks before anyone drags it: the dots on what it addresses, then its priority. */
export interface ActionWeight {
  readonly dots: number;
  readonly priority: number;
}

export function priorityWeight(priority: Priority): number {
  return PRIORITIES.find((entry) => entry.id === priority)?.weight ?? 0;
}

/** Weighs what an action addresses by the revealed dots of those cards and themes (a card in a theme counts as its theme). */
export function itemWeigher(doc: Y.Doc): (targets: readonly LinkEnd[], priority: Priority) => ActionWeight {
  const dots = dotsOf(selectTally(doc));
  const resolve = itemResolver(selectLayout(doc));
  return (targets, priority) => {
    const items = new Set<ItemKey>();
    for (const target of targets) {
      const item = isItemKey(target) ? resolve(target) : null;
      if (item) items.add(item);
    }
    let total = 0;
    for (const item of items) total += dots.get(item) ?? 0;
    return { dots: total, priority: priorityWeight(priority) };
  };
}

export function actionWeigher(doc: Y.Doc, links: LinkIndex = selectLinks(doc)): (actionId: string, priority: Priority) => ActionWeight {
  const weigh = itemWeigher(doc);
  return (actionId, priority) => weigh(links.targetsOf.get(`action:${actionId}`) ?? [], priority);
}

/** Heavier first. */
export function compareWeights(a: ActionWeight, b: ActionWeight): number {
  return b.dots - a.dots || b.priority - a.priority;
}

/** Where a new action of `weight` goes among `ordered`: before the first lighter one, so equals keep the order they were made in. */
export function seedIndex(ordered: readonly ActionWeight[], weight: ActionWeight): number {
  const index = ordered.findIndex((other) => compareWeights(weight, other) < 0);
  return index === -1 ? ordered.length : index;
}
