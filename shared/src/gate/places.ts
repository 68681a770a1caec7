import * as Y from 'yjs';
import type { StructIndex } from './structIndex';
import { refuse } from './verdict';

/** Where an item lives: a root type, then the map key (or null for a list element) at each depth. */
export interface Place {
  readonly root: string;
  readonly keys: readonly (string | null)[];
  /** containers[i] is the item holding the nested type that keys[i + 1] lives in. */
  readonly containers: readonly Y.Item[];
}

/** Yjs stores such an item as GC on arrival: it changes nothing anyone sees. */
export const GARBAGE = 'garbage';
export type Resolved = Place | typeof GARBAGE;

type Step = { readonly resolved: Resolved } | { readonly waitFor: Y.Item };

function inside(parent: Resolved, holder: Y.Item, key: string | null): Resolved {
  if (parent === GARBAGE) return GARBAGE;
  return { root: parent.root, keys: [...parent.keys, key], containers: [...parent.containers, holder] };
}

/**
 * Finds each item's place the way Y.Item#getMissing does on integration. An item
 * inserted next to another carries no parent of its own on the wire: it takes its left
 * neighbour's parent and key, else its right neighbour's, and becomes GC if either is GC.
 * New items can lean on other new items in long chains, so resolution uses an explicit
 * stack instead of recursion, and a cycle (which Yjs could never integrate) is refused.
 */
export class PlaceResolver {
  private readonly memo = new Map<Y.Item, Resolved>();

  constructor(private readonly index: StructIndex) {}

  of(start: Y.Item): Resolved {
    const known = this.memo.get(start);
    if (known) return known;
    if (!this.index.isNew(start)) return this.inDocument(start);
    const stack = [start];
    const onStack = new Set(stack);
    while (stack.length > 0) {
      const item = stack[stack.length - 1] as Y.Item;
      const step = this.step(item);
      if ('waitFor' in step) {
        if (onStack.has(step.waitFor)) refuse('R10', 'Items of the update refer to each other in a cycle.');
        stack.push(step.waitFor);
        onStack.add(step.waitFor);
        continue;
      }
      this.memo.set(item, step.resolved);
      stack.pop();
      onStack.delete(item);
    }
    return this.memo.get(start) as Resolved;
  }

  /** The place of an item the document has integrated: its parents are live types. */
  inDocument(item: Y.Item): Place {
    const known = this.memo.get(item);
    if (known && known !== GARBAGE) return known;
    const keys: (string | null)[] = [];
    const containers: Y.Item[] = [];
    let current = item;
    for (;;) {
      keys.unshift(current.parentSub);
      const type = current.parent as Y.AbstractType<unknown>;
      const holder = type._item;
      if (holder === null) {
        const place = { root: Y.findRootTypeKey(type), keys, containers };
        this.memo.set(item, place);
        return place;
      }
      containers.unshift(holder);
      current = holder;
    }
  }

  private placeOrWait(struct: Y.Item, then: (place: Resolved) => Resolved): Step {
    if (!this.index.isNew(struct)) return { resolved: then(this.inDocument(struct)) };
    const known = this.memo.get(struct);
    return known ? { resolved: then(known) } : { waitFor: struct };
  }

  private step(item: Y.Item): Step {
    const left = item.origin ? this.index.find(item.origin, item) : null;
    const right = item.rightOrigin ? this.index.find(item.rightOrigin, item) : null;
    if (left instanceof Y.GC || right instanceof Y.GC) return { resolved: GARBAGE };
    // A new neighbour that Yjs turns into GC on arrival is GC by the time this item comes.
    for (const neighbour of [left, right]) {
      if (!neighbour || !this.index.isNew(neighbour)) continue;
      const known = this.memo.get(neighbour);
      if (!known) return { waitFor: neighbour };
      if (known === GARBAGE) return { resolved: GARBAGE };
    }
    const parent: unknown = item.parent;
    if (parent === null) {
      const sibling = left ?? right;
      return sibling ? this.placeOrWait(sibling, (place) => place) : { resolved: GARBAGE };
    }
    if (typeof parent === 'string') {
      return { resolved: { root: parent, keys: [item.parentSub], containers: [] } };
    }
    if (parent instanceof Y.ID) {
      const holder = this.index.find(parent, item);
      if (holder instanceof Y.GC || !(holder.content instanceof Y.ContentType)) return { resolved: GARBAGE };
      return this.placeOrWait(holder, (place) => inside(place, holder, item.parentSub));
    }
    return refuse('R10', 'An item has a parent of an unknown kind.');
  }
}

export function samePlace(a: Place, b: Place): boolean {
  return (
    a.root === b.root &&
    a.keys.length === b.keys.length &&
    a.keys.every((key, i) => key === b.keys[i]) &&
    a.containers.every((container, i) => container === b.containers[i])
  );
}
