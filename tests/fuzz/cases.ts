import { addCard, cardsMap, selectCards, setCardText, deleteCard, type Actor } from '@hindsight/shared';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Where a case connects: the board, its own private room, someone else's, or a board that does not exist. */
export type Target = 'board' | 'ownRoom' | 'otherRoom' | 'unknownBoard';
/** Which token it shows. */
export type Credentials = 'valid' | 'none' | 'forged';

export interface FuzzCase {
  readonly kind: string;
  readonly target: Target;
  readonly credentials: Credentials;
  /** Sent in order as soon as the socket opens; strings go as text frames. */
  readonly frames: readonly (Uint8Array | string)[];
  /** What the case tried, for the summary when a hostile case is taken. */
  readonly detail?: string;
}

/** A deterministic generator (mulberry32), so a failing case can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const int = (random: Random, below: number): number => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

function bytes(random: Random, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = int(random, 256);
  return out;
}

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const sync = (step: number, payload: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });

const awareness = (entries: readonly { client: number; clock: number; json: string }[]) =>
  message((e) => {
    encoding.writeVarUint(e, 1);
    const inner = message((i) => {
      encoding.writeVarUint(i, entries.length);
      for (const entry of entries) {
        encoding.writeVarUint(i, entry.client);
        encoding.writeVarUint(i, entry.clock);
        encoding.writeVarString(i, entry.json);
      }
    });
    encoding.writeVarUint8Array(e, inner);
  });

/** A varint declaring `value`, written byte by byte so values past 2^53 fit. */
function bigVarUint(value: bigint): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    out.push(low | (rest > 0n ? 0x80 : 0));
  } while (rest > 0n);
  return out;
}

/** Honest updates of one new Yjs client: a card made, edited and deleted, each depending on the one before. */
function chain(random: Random, actor: Actor): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const added = addCard(doc, actor, { column: pick(random, ['went-well', 'lessons-learned', 'future-considerations', 'ongoing-problem'] as const), text: `fuzz ${int(random, 1e9)}` });
  if (added.ok) {
    setCardText(doc, actor, added.value.cardId, `edited ${int(random, 1e9)}`);
    deleteCard(doc, actor, added.value.cardId);
  }
  doc.destroy();
  return updates;
}

/** Changes a few bytes of a payload: flips, replacements, insertions, deletions. */
function mutate(random: Random, payload: Uint8Array): Uint8Array {
  const out = [...payload];
  const edits = 1 + int(random, 4);
  for (let i = 0; i < edits; i++) {
    const at = int(random, Math.max(1, out.length));
    switch (int(random, 4)) {
      case 0:
        out[at] = (out[at] ?? 0) ^ (1 << int(random, 8));
        break;
      case 1:
        out[at] = int(random, 256);
        break;
      case 2:
        out.splice(at, 0, int(random, 256));
        break;
      default:
        out.splice(at, 1);
    }
  }
  return Uint8Array.from(out);
}

/** Valid Yjs that breaks a board rule: roots only the server writes, others' authorship, impossible dates. */
function ruleBreaking(random: Random, actor: Actor): Uint8Array {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  switch (int(random, 4)) {
    case 0:
      doc.getMap('participants').set(actor.participantId, 'facilitator');
      break;
    case 1:
      doc.getMap('session').set('phase', 'wrapup');
      break;
    case 2: {
      const card = new Y.Map<unknown>();
      doc.getMap('cards').set(`forged-${int(random, 1e9)}`, card);
      for (const [key, value] of Object.entries({ id: 'x', column: 'went-well', text: new Y.Text('x'), authorId: 'someone-else', createdAt: Date.now(), order: 'a0' })) card.set(key, value);
      break;
    }
    default:
      doc.getMap('tally').set('card:x', { dots: 99 });
  }
  doc.destroy();
  return Y.mergeUpdates(updates);
}

/**
 * Updates against what the board holds, made on a copy of it: someone else's card edited or
 * deleted (R7, R8), its identity rewritten (R6), or a new card written under another
 * participant's Yjs client id (R17). Null while the board holds no one else's card yet.
 */
function againstOthers(random: Random, actor: Actor, board: Y.Doc): { update: Uint8Array; detail: string } | null {
  const theirs = selectCards(board).filter((card) => card.authorId !== actor.participantId);
  const target = theirs.length > 0 ? pick(random, theirs) : null;
  if (!target) return null;
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(board));
  const card = cardsMap(copy).get(target.id) as Y.Map<unknown>;
  const updates: Uint8Array[] = [];
  copy.on('update', (update: Uint8Array) => updates.push(update));
  const attack = int(random, 4);
  let detail = `attack ${attack} on ${target.id} by ${target.authorId}`;
  switch (attack) {
    case 0:
      (card.get('text') as Y.Text).insert(0, 'not yours ');
      break;
    case 1:
      cardsMap(copy).delete(target.id);
      break;
    case 2:
      {
        const field = pick(random, ['authorId', 'createdAt', 'id']);
        const value = pick(random, [actor.participantId, 0, 'other']);
        detail += ` set ${field}=${value}`;
        card.set(field, value);
      }
      break;
    default: {
      // Writing as the author's Yjs client: its next clock, so the update is otherwise valid.
      const item = (cardsMap(copy) as unknown as { _map: Map<string, { id: { client: number } }> })._map.get(target.id);
      if (item) copy.clientID = item.id.client;
      detail += ` client ${item?.id.client}`;
      addCard(copy, actor, { column: 'went-well', text: 'under a borrowed client id' });
    }
  }
  copy.destroy();
  return updates.length > 0 ? { update: Y.mergeUpdates(updates), detail } : null;
}

/** Live cards the fuzzed board keeps at most: cases built on a copy of it cost in proportion. */
const LIVE_CARDS = 60;

/** A card made; once the board holds enough, also edited and deleted, so it stays small however long the run. */
function honest(random: Random, actor: Actor, board: Y.Doc): Uint8Array[] {
  const updates = chain(random, actor);
  return (selectCards(board).length < LIVE_CARDS ? updates.slice(0, 1) : updates).map((update) => sync(2, update));
}

const KINDS = ['random', 'truncated', 'varint', 'mutated', 'hugeLength', 'outOfOrder', 'ruleBreaking', 'againstOthers', 'awarenessFlood', 'awarenessBad', 'text', 'valid', 'credentials'] as const;

/** The `index`-th case of a run: every kind in turn, its details drawn from `random`. */
export function fuzzCase(random: Random, index: number, actor: Actor, board: Y.Doc): FuzzCase {
  const kind = KINDS[index % KINDS.length] as (typeof KINDS)[number];
  const base = { kind, target: 'board' as Target, credentials: 'valid' as Credentials };
  switch (kind) {
    case 'random':
      return { ...base, target: pick(random, ['board', 'ownRoom'] as const), frames: Array.from({ length: 1 + int(random, 3) }, () => bytes(random, random() < 0.9 ? int(random, 64) : int(random, 4096))) };
    case 'truncated': {
      const whole = pick(random, [sync(2, Y.mergeUpdates(chain(random, actor))), sync(0, Y.encodeStateVector(new Y.Doc())), awareness([{ client: 1 + int(random, 1e6), clock: 1, json: '{"user":{"name":"x"}}' }])]);
      return { ...base, frames: [whole.slice(0, 1 + int(random, whole.length - 1))] };
    }
    case 'varint':
      // Continuation bits that never end, or end past 2^64.
      return { ...base, frames: [Uint8Array.from([...Array.from({ length: 1 + int(random, 20) }, () => 0x80 | int(random, 128)), ...(random() < 0.5 ? [0x01] : [])])] };
    case 'mutated': {
      const [first] = chain(random, actor);
      // The frame's header stays valid; only the update inside is changed.
      return { ...base, target: pick(random, ['board', 'board', 'ownRoom'] as const), frames: [sync(pick(random, [1, 2]), mutate(random, first ?? new Uint8Array()))] };
    }
    case 'hugeLength': {
      const declared = pick(random, [2n ** 31n, 2n ** 32n - 1n, 2n ** 53n, 2n ** 63n]);
      const header = pick(random, [[0, 2], [0, 0], [0, 1], [1]]);
      return { ...base, frames: [Uint8Array.from([...header, ...bigVarUint(declared), ...bytes(random, int(random, 32))])] };
    }
    case 'outOfOrder': {
      const updates = chain(random, actor);
      const reordered = random() < 0.5 ? [...updates].reverse() : updates.slice(1);
      return { ...base, target: pick(random, ['board', 'ownRoom'] as const), frames: reordered.map((update) => sync(2, update)) };
    }
    case 'againstOthers': {
      const attack = againstOthers(random, actor, board);
      return { ...base, frames: [sync(pick(random, [1, 2]), attack?.update ?? ruleBreaking(random, actor))], ...(attack ? { detail: `${actor.participantId}: ${attack.detail}` } : {}) };
    }
    case 'ruleBreaking':
      return { ...base, target: pick(random, ['board', 'ownRoom'] as const), frames: [sync(pick(random, [1, 2]), ruleBreaking(random, actor))] };
    case 'awarenessFlood': {
      const client = 1 + int(random, 1e6);
      return { ...base, frames: Array.from({ length: 150 + int(random, 150) }, (_, clock) => awareness([{ client, clock, json: `{"cursor":${clock}}` }])) };
    }
    case 'awarenessBad': {
      const json = pick(random, ['{', 'null', '"x"'.repeat(4000), `{"a":"${'x'.repeat(20_000)}"}`, '[]']);
      const entries = Array.from({ length: 1 + int(random, 20) }, (_, i) => ({ client: pick(random, [0, 1 + i, 2 ** 32 - 1]), clock: int(random, 3), json }));
      return { ...base, frames: [awareness(entries)] };
    }
    case 'text':
      return { ...base, frames: [pick(random, ['hello', '\u0000\u0001', '{"type":"sync"}', 'x'.repeat(int(random, 5000))])] };
    case 'valid':
      return { ...base, frames: honest(random, actor, board) };
    case 'credentials':
      return {
        ...base,
        target: pick(random, ['board', 'otherRoom', 'unknownBoard'] as const),
        credentials: pick(random, ['none', 'forged', 'valid'] as const),
        frames: honest(random, actor, board),
      };
  }
}
