import * as Y from 'yjs';
import { ROOT } from '../layout';
import { refuse, type DecodedUpdate } from './verdict';

type Struct = Y.Item | Y.GC | Y.Skip;
interface Range {
  readonly clock: number;
  readonly len: number;
}

function byClock<T extends { clock: number }>(a: T, b: T): number {
  return a.clock - b.clock;
}

/** Index of the struct in `list` (sorted by clock) whose range holds `clock`, or -1. */
function findHolding<T>(list: readonly T[], clock: number, range: (entry: T) => Range): number {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const entry = range(list[mid] as T);
    if (clock < entry.clock) high = mid - 1;
    else if (clock >= entry.clock + entry.len) low = mid + 1;
    else return mid;
  }
  return -1;
}

/** Index of the first range (sorted, non-overlapping) that ends after `clock`: where a scan from `clock` starts. */
function firstEndingAfter(ranges: readonly Range[], clock: number): number {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const range = ranges[mid] as Range;
    if (range.clock + range.len <= clock) low = mid + 1;
    else high = mid;
  }
  return low;
}

const ROOT_NAMES: readonly string[] = Object.values(ROOT);

/** Clocks past 2^53 lose precision, and the gate's arithmetic and Yjs's would disagree. */
function checkClockRange(clock: number, len: number): void {
  if (clock + len > Number.MAX_SAFE_INTEGER) refuse('R10', 'The update names clocks beyond 2^53.');
}

/**
 * Sorted, non-overlapping ranges covering the same clocks. An empty range is refused:
 * no Yjs client writes one, and Y.applyUpdate throws on it after applying the structs.
 */
function mergeRanges(client: number, ranges: readonly Range[]): Range[] {
  const merged: { clock: number; len: number }[] = [];
  for (const range of [...ranges].sort(byClock)) {
    if (range.len <= 0) refuse('R10', `The update deletes an empty range of client ${client}.`);
    checkClockRange(range.clock, range.len);
    const last = merged[merged.length - 1];
    if (last && range.clock <= last.clock + last.len) {
      last.len = Math.max(last.len, range.clock + range.len - last.clock);
    } else {
      merged.push({ clock: range.clock, len: range.len });
    }
  }
  return merged;
}

const identity = (range: Range): Range => range;

const structRange = (struct: Struct): Range => ({ clock: struct.id.clock, len: struct.length });

/**
 * The structs of one update, per client in clock order, and ID look-ups that answer from
 * the document where it already has the clock and from the update otherwise.
 */
export class StructIndex {
  private readonly updateStructs = new Map<number, Struct[]>();
  private readonly deletes = new Map<number, Range[]>();

  constructor(
    private readonly doc: Y.Doc,
    update: DecodedUpdate,
  ) {
    for (const struct of update.structs) {
      checkClockRange(struct.id.clock, struct.length);
      // Yjs never writes an empty struct; one would slip past every "is this new" test and
      // make Y.applyUpdate throw half-way.
      if (struct.length < 1) refuse('R10', `Client ${struct.id.client} sends an empty struct at clock ${struct.id.clock}.`);
      // Applying makes Yjs create any root the update names, even in structs it already has.
      const parent: unknown = struct instanceof Y.Item ? struct.parent : null;
      if (typeof parent === 'string' && !ROOT_NAMES.includes(parent)) {
        refuse('R1', `Clients may not write the "${parent}" part of the board.`);
      }
      const list = this.updateStructs.get(struct.id.client);
      if (list) list.push(struct);
      else this.updateStructs.set(struct.id.client, [struct]);
    }
    for (const [client, list] of this.updateStructs) {
      list.sort((a, b) => a.id.clock - b.id.clock);
      list.reduce((end, struct) => {
        if (struct.id.clock < end) refuse('R10', `The update holds client ${client}'s clock ${struct.id.clock} twice.`);
        return struct.id.clock + struct.length;
      }, 0);
    }
    for (const [client, ranges] of update.ds.clients) {
      this.deletes.set(client, mergeRanges(client, ranges));
    }
  }

  docState(client: number): number {
    return Y.getState(this.doc.store, client);
  }

  /** R11: each client's new structs continue where the document's knowledge of that client ends. */
  checkContinuity(): void {
    for (const [client, list] of this.updateStructs) {
      let known = this.docState(client);
      for (const struct of list) {
        if (struct instanceof Y.Skip) continue;
        if (struct.id.clock > known) {
          refuse('R11', `The update needs client ${client}'s changes from clock ${known}, which the board does not have.`);
        }
        known = Math.max(known, struct.id.clock + struct.length);
      }
    }
  }

  /**
   * Yjs looks up the neighbours and parent of every struct of an update, even one the
   * board already has, before it checks whether it has it: a reference nobody holds
   * leaves the update pending (R11), and one to a later clock of the same client throws
   * half-way (R10). So every item's references are checked, not only the new ones'.
   */
  checkReferences(): void {
    for (const list of this.updateStructs.values()) {
      for (const struct of list) {
        if (!(struct instanceof Y.Item)) continue;
        const parent: unknown = struct.parent;
        for (const id of [struct.origin, struct.rightOrigin, parent instanceof Y.ID ? parent : null]) {
          if (id) this.find(id, struct);
        }
      }
    }
  }

  /**
   * R11: Yjs integrates a client's structs in clock order (those the board has too), and
   * an item only after the other clients' new items it names. Links of both kinds can close a cycle (5000:0 names
   * 3000:1, which waits for 3000:0, which names 5000:1, which waits for 5000:0); such an
   * update stays pending forever, and a later update could release it unjudged.
   */
  checkIntegrable(): void {
    const waitingOn = new Map<Struct, number>();
    const unblocks = new Map<Struct, Struct[]>();
    const link = (from: Struct, to: Struct): void => {
      waitingOn.set(to, (waitingOn.get(to) ?? 0) + 1);
      const list = unblocks.get(from);
      if (list) list.push(to);
      else unblocks.set(from, [to]);
    };
    for (const [client, list] of this.updateStructs) {
      let previous: Struct | null = null;
      for (const struct of list) {
        if (struct instanceof Y.Skip) continue;
        waitingOn.set(struct, waitingOn.get(struct) ?? 0);
        if (previous) link(previous, struct);
        previous = struct;
        if (!(struct instanceof Y.Item)) continue;
        const parent: unknown = struct.parent;
        for (const id of [struct.origin, struct.rightOrigin, parent instanceof Y.ID ? parent : null]) {
          if (!id || id.client === client || id.clock < this.docState(id.client)) continue;
          const target = this.lookup(id.client, id.clock);
          if (target) link(target, struct);
        }
      }
    }
    const ready = [...waitingOn].filter(([, count]) => count === 0).map(([struct]) => struct);
    let integrated = 0;
    for (let struct = ready.pop(); struct; struct = ready.pop()) {
      integrated++;
      for (const next of unblocks.get(struct) ?? []) {
        const count = (waitingOn.get(next) ?? 0) - 1;
        waitingOn.set(next, count);
        if (count === 0) ready.push(next);
      }
    }
    if (integrated < waitingOn.size) {
      refuse('R11', 'Items of the update wait on each other in a cycle, so Yjs could never integrate them.');
    }
  }

  /** Whether the update brings anything the board lacks: an item, a GC struct, whatever it is. */
  hasNewStructs(): boolean {
    for (const [client, list] of this.updateStructs) {
      const state = this.docState(client);
      if (list.some((struct) => !(struct instanceof Y.Skip) && struct.id.clock + struct.length > state)) return true;
    }
    return false;
  }

  /** Items of the update that the document does not hold yet, wholly or in part. */
  *newItems(): Generator<Y.Item> {
    for (const [client, list] of this.updateStructs) {
      const state = this.docState(client);
      for (const struct of list) {
        if (struct instanceof Y.Item && struct.id.clock + struct.length > state) yield struct;
      }
    }
  }

  isNew(struct: Struct): boolean {
    return struct.id.clock + struct.length > this.docState(struct.id.client);
  }

  /** True where the update holds the item's first clock only in part (the rest is known). */
  startsInDocument(item: Y.Item): boolean {
    return item.id.clock < this.docState(item.id.client);
  }

  /**
   * The struct that holds `id`. A reference from an item to a later clock of its own
   * client is something Yjs never writes and cannot integrate (R10); a reference to a
   * clock neither the document nor the update holds is a missing dependency (R11).
   */
  find(id: Y.ID, from: Y.Item): Y.Item | Y.GC {
    if (id.client === from.id.client && id.clock >= from.id.clock) {
      refuse('R10', `An item refers forward to clock ${id.clock} of its own client.`);
    }
    const found = this.lookup(id.client, id.clock);
    if (!found) {
      refuse('R11', `The update refers to client ${id.client}'s clock ${id.clock}, which the board does not have.`);
    }
    return found;
  }

  private lookup(client: number, clock: number): Y.Item | Y.GC | null {
    if (clock < this.docState(client)) {
      const structs = this.doc.store.clients.get(client) ?? [];
      return structs[Y.findIndexSS(structs, clock)] ?? null;
    }
    const list = this.updateStructs.get(client) ?? [];
    const found = list[findHolding(list, clock, structRange)];
    return found && !(found instanceof Y.Skip) ? found : null;
  }

  /**
   * Where Yjs puts an item: right of its origin, except that an item the board already
   * holds in part continues right after the board's clock before its first new one.
   */
  effectiveOrigin(item: Y.Item): Y.ID | null {
    return this.startsInDocument(item) ? Y.createID(item.id.client, this.docState(item.id.client) - 1) : item.origin;
  }

  /** The document's item holding the clock just before `item`'s first new clock. */
  documentPredecessor(item: Y.Item): Y.Item | Y.GC | null {
    return this.lookup(item.id.client, this.docState(item.id.client) - 1);
  }

  /** Whether the update's own delete set covers every clock of the struct. */
  deletesAllOf(struct: Struct): boolean {
    const ranges = this.deletes.get(struct.id.client) ?? [];
    const holding = ranges[findHolding(ranges, struct.id.clock, identity)];
    return holding !== undefined && holding.clock + holding.len >= struct.id.clock + struct.length;
  }

  /**
   * The document items this update deletes that are not deleted yet. Ranges past the
   * document's clocks must be items of the update itself (R11). Walks structs, never
   * single clocks, so a huge declared length costs no more than the items it covers.
   */
  /** How much of `item` the update's deletions cover: effectiveDeletions answers whole items. */
  deletedLength(item: Y.Item): number {
    let covered = 0;
    const start = item.id.clock;
    const end = start + item.length;
    const ranges = this.deletes.get(item.id.client) ?? [];
    // Only the ranges that overlap the item: a scan of all of them per item is quadratic on an update of many small deletions.
    for (let i = firstEndingAfter(ranges, start); i < ranges.length; i++) {
      const { clock, len } = ranges[i] as Range;
      if (clock >= end) break;
      covered += Math.min(end, clock + len) - Math.max(start, clock);
    }
    return covered;
  }

  effectiveDeletions(): Y.Item[] {
    const deleted: Y.Item[] = [];
    for (const [client, ranges] of this.deletes) {
      const state = this.docState(client);
      const docStructs = this.doc.store.clients.get(client) ?? [];
      const updateList = this.updateStructs.get(client) ?? [];
      for (const { clock, len } of ranges) {
        const end = clock + len;
        if (clock < state) {
          for (let i = Y.findIndexSS(docStructs, clock); i < docStructs.length; i++) {
            const struct = docStructs[i] as Y.Item | Y.GC;
            if (struct.id.clock >= Math.min(end, state)) break;
            // An item several ranges cut into is one deletion, judged once (ranges are sorted, so its repeats are adjacent).
            if (struct instanceof Y.Item && !struct.deleted && deleted[deleted.length - 1] !== struct) deleted.push(struct);
          }
        }
        let covered = Math.max(clock, state);
        while (covered < end) {
          const struct = updateList[findHolding(updateList, covered, structRange)];
          if (!struct || struct instanceof Y.Skip) {
            refuse('R11', `The update deletes client ${client}'s clock ${covered}, which the board does not have.`);
          }
          covered = struct.id.clock + struct.length;
        }
      }
    }
    return deleted;
  }
}
