import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, cardsMap, checkEncodedUpdate, readCard, ROOT, selectCards } from '../src/index';
import { ALICE, attempt, BOB, PROPERTY_RUNS, receive, serverBoard } from './helpers';
import { encodeWireUpdate, type WireContent, type WireId, type WireSection, type WireStruct } from './wire';

/**
 * A hostile participant sends random hand-made updates built from the board's real item
 * ids. Whatever the gate allows must be something Yjs applies cleanly and that keeps
 * every rule: the gate's view and Yjs's must agree.
 */
function board() {
  const server = serverBoard();
  for (const text of ['Pager fired late', 'Rollback took 40 min']) {
    expect(receive(server, attempt(server, (doc) => addCard(doc, ALICE, { column: 'went-well', text })), ALICE)).toMatchObject({ ok: true });
  }
  const bobsCard = attempt(server, (doc) => addCard(doc, BOB, { column: 'lessons-learned', text: 'mine' }));
  expect(receive(server, bobsCard, BOB)).toMatchObject({ ok: true });
  const idsOf = (item: Y.Item): WireId[] => [
    [item.id.client, item.id.clock],
    [item.id.client, item.id.clock + item.length - 1],
  ];
  // Pools of ids to aim at: every struct, cards' column and order values, Bob's own text.
  const pools: Record<Pool, WireId[]> = { any: [], field: [], bobsText: [] };
  server.store.clients.forEach((structs) => {
    for (const struct of structs) if (struct instanceof Y.Item) pools.any.push(...idsOf(struct));
  });
  cardsMap(server).forEach((card) => {
    for (const field of ['column', 'order']) {
      const item = card._map.get(field);
      if (item) pools.field.push(...idsOf(item));
    }
    if (card.get('authorId') === BOB.participantId) {
      for (let item = (card.get('text') as Y.Text)._start; item; item = item.right) pools.bobsText.push(...idsOf(item));
    }
  });
  const bobsClient = Y.decodeUpdate(bobsCard).structs[0]?.id.client ?? 1;
  return { server, pools, bobsClient };
}

type Pool = 'any' | 'field' | 'bobsText';
type Ref = { pool: Pool; pick: number } | { fresh: number };
const ref: fc.Arbitrary<Ref> = fc.oneof(
  { arbitrary: fc.record({ pool: fc.constantFrom<Pool>('field', 'bobsText'), pick: fc.nat() }), weight: 4 },
  { arbitrary: fc.record({ pool: fc.constant<Pool>('any'), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ fresh: fc.nat({ max: 5 }) }), weight: 2 },
);
const content: fc.Arbitrary<WireContent> = fc.oneof(
  fc.record({ any: fc.constantFrom(['went-well'], ['lessons-learned'], ['a1'], ['Zz'], ['p-bob'], ['p-alice'], [1], ['x', 'y']) }),
  fc.record({ deleted: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ text: fc.constantFrom('x', 'hello') }),
  fc.record({ type: fc.constantFrom('map' as const, 'text' as const) }),
);
const structSpec = fc.oneof(
  { arbitrary: fc.record({ gc: fc.integer({ min: 1, max: 2 }) }), weight: 1 },
  {
    arbitrary: fc.record(
      {
        origin: ref,
        right: ref,
        parent: fc.oneof(fc.constantFrom(ROOT.cards, ROOT.participants, ROOT.board, 'scratch'), ref),
        key: fc.constantFrom('column', 'order', 'text', 'authorId', 'id', 'createdAt', 'role', 'c-new'),
        content,
      },
      { requiredKeys: ['content'] },
    ),
    weight: 6,
  },
);
const sectionSpec = fc.record({
  client: fc.constantFrom('bob', 'other', 'another'),
  clockShift: fc.constantFrom(0, 0, 0, 0, -1, 1),
  structs: fc.array(structSpec, { minLength: 1, maxLength: 4 }),
});
const updateSpec = fc.record({
  // Two sections of one client are refused outright (a unit test covers that), so clients differ here.
  sections: fc.uniqueArray(sectionSpec, { minLength: 1, maxLength: 2, selector: (section) => section.client }),
  deletes: fc.array(fc.record({ target: ref, len: fc.integer({ min: 1, max: 3 }) }), { maxLength: 2 }),
});

type Spec = typeof updateSpec extends fc.Arbitrary<infer T> ? T : never;

function build(spec: Spec, server: Y.Doc, pools: Record<Pool, WireId[]>, bobsClient: number): Uint8Array {
  const fresh: WireId[] = [];
  const resolve = (r: Ref | undefined): WireId | undefined => {
    if (r === undefined) return undefined;
    if ('fresh' in r && fresh.length > 0) return fresh[fresh.length - 1 - (r.fresh % fresh.length)];
    const pool = pools['pool' in r ? r.pool : 'field'];
    return pool['pick' in r ? r.pick % pool.length : 0];
  };
  const sections: WireSection[] = spec.sections.map((section) => {
    const client = section.client === 'bob' ? bobsClient : section.client === 'other' ? 900_001 : 900_002;
    const clock = Math.max(0, Y.getState(server.store, client) + section.clockShift);
    let next = clock;
    const structs: WireStruct[] = section.structs.map((struct) => {
      const length = 'gc' in struct ? struct.gc : 'deleted' in struct.content ? struct.content.deleted : 'any' in struct.content ? struct.content.any.length : 'text' in struct.content ? struct.content.text.length : 1;
      const built: WireStruct =
        'gc' in struct
          ? struct
          : {
              content: struct.content,
              ...(struct.origin ? { origin: resolve(struct.origin) } : {}),
              ...(struct.right ? { right: resolve(struct.right) } : {}),
              ...(!struct.origin && !struct.right ? { parent: typeof struct.parent === 'object' ? resolve(struct.parent) ?? ROOT.cards : struct.parent ?? ROOT.cards } : {}),
              ...(struct.key !== undefined ? { key: struct.key } : {}),
            };
      fresh.push([client, next], [client, next + length - 1]);
      next += length;
      return built;
    });
    return { client, clock, structs };
  });
  const deletes = spec.deletes.flatMap(({ target, len }) => {
    const id = resolve(target);
    return id ? [[id[0], [[id[1], len]]] as const] : [];
  });
  return encodeWireUpdate(sections, deletes);
}

describe('rule gate agrees with Yjs', () => {
  it('[R12] whatever the gate allows from a hostile participant applies cleanly and breaks no rule', () => {
    let allowed = 0;
    fc.assert(
      fc.property(updateSpec, (spec) => {
        const { server, pools, bobsClient } = board();
        const alicesBefore = selectCards(server).filter((card) => card.authorId === ALICE.participantId);
        const serverOnly = JSON.stringify([server.getMap(ROOT.participants).toJSON(), server.getMap(ROOT.board).toJSON()]);
        const update = build(spec, server, pools, bobsClient);
        if (!checkEncodedUpdate(server, update, BOB).ok) return;
        allowed++;
        expect(() => Y.applyUpdate(server, update)).not.toThrow();
        expect(server.store.pendingStructs).toBeNull();
        expect(server.store.pendingDs).toBeNull();
        expect([...server.share.keys()].every((name) => (Object.values(ROOT) as string[]).includes(name))).toBe(true);
        expect(JSON.stringify([server.getMap(ROOT.participants).toJSON(), server.getMap(ROOT.board).toJSON()])).toBe(serverOnly);
        cardsMap(server).forEach((card, id) => {
          const snapshot = card instanceof Y.Map ? readCard(id, card) : null;
          expect(snapshot, `card ${id}`).not.toBeNull();
          if (!alicesBefore.some((before) => before.id === id)) expect(snapshot?.authorId).toBe(BOB.participantId);
        });
        for (const before of alicesBefore) {
          const after = selectCards(server).find((card) => card.id === before.id);
          expect(after && { text: after.text, authorId: after.authorId, createdAt: after.createdAt }).toEqual({
            text: before.text,
            authorId: before.authorId,
            createdAt: before.createdAt,
          });
        }
      }),
      { numRuns: PROPERTY_RUNS * 10 },
    );
    // Enough of the random updates must get through for the agreement to mean something.
    expect(allowed).toBeGreaterThan(PROPERTY_RUNS / 10);
  });
});
