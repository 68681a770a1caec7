import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, cardsMap, selectCard } from '../src/index';
import { ALICE, attempt, BOB, receive, serverBoard, stateOf } from './helpers';
import { encodeWireUpdate, type WireId } from './wire';

/**
 * Hand-made updates that look harmless to a reader of Y.decodeUpdate but do something
 * else when Y.applyUpdate integrates them. The gate must judge what Yjs would do.
 */
function boardWithAlicesCard() {
  const server = serverBoard();
  const update = attempt(server, (doc) => addCard(doc, ALICE, { column: 'went-well', text: 'Pager fired late' }));
  expect(receive(server, update, ALICE)).toMatchObject({ ok: true });
  const cardId = [...cardsMap(server).keys()][0] as string;
  const column = cardsMap(server).get(cardId)?._map.get('column') as Y.Item;
  const columnId: WireId = [column.id.client, column.id.clock];
  return { server, cardId, columnId };
}

function expectRefusedWhole(server: Y.Doc, update: Uint8Array, rule: string): void {
  const before = stateOf(server);
  expect(receive(server, update, BOB)).toMatchObject({ ok: false, rule });
  expect(stateOf(server)).toBe(before);
  expect(server.store.pendingStructs).toBeNull();
}

const MALLORY = 2222;

describe('rule gate on hand-made updates', () => {
  it('[R10] an empty struct is refused: no "is it new" test sees it, and Y.applyUpdate would throw on it', () => {
    const server = serverBoard();
    const summary = (server.getMap('facts').get('summary') as Y.Text)._item as Y.Item;
    const inSummary = encodeWireUpdate([{ client: MALLORY, clock: 0, structs: [{ parent: [summary.id.client, summary.id.clock], content: { deleted: 0 } }] }]);
    expectRefusedWhole(server, inSummary, 'R10');
    const { server: withCard, cardId } = boardWithAlicesCard();
    const text = (cardsMap(withCard).get(cardId)?.get('text') as Y.Text)._item as Y.Item;
    const inCard = encodeWireUpdate([{ client: MALLORY, clock: 0, structs: [{ parent: [text.id.client, text.id.clock], content: { deleted: 0 } }] }]);
    expectRefusedWhole(withCard, inCard, 'R10');
  });

  it('[R10] one client listed in two sections is refused: Yjs would apply only the last one', () => {
    const { server, columnId, cardId } = boardWithAlicesCard();
    const update = encodeWireUpdate(
      [
        { client: MALLORY, clock: 0, structs: [{ origin: columnId, content: { any: ['went-well'] } }] },
        { client: MALLORY, clock: 5, structs: [] },
      ],
      [[columnId[0], [[columnId[1], 1]]]],
    );
    expectRefusedWhole(server, update, 'R10');
    expect(selectCard(server, cardId)?.column).toBe('went-well');
  });

  it('[R9] a replacement whose right neighbour turns to garbage on arrival does not count as one', () => {
    const { server, columnId, cardId } = boardWithAlicesCard();
    const update = encodeWireUpdate(
      [
        {
          client: MALLORY,
          clock: 0,
          structs: [
            { gc: 1 },
            { origin: [MALLORY, 0], content: { any: ['x'] } },
            { origin: columnId, right: [MALLORY, 1], content: { any: ['went-well'] } },
          ],
        },
      ],
      [[columnId[0], [[columnId[1], 1]]]],
    );
    expectRefusedWhole(server, update, 'R9');
    expect(selectCard(server, cardId)).toBeDefined();
  });

  it('[R11] items that wait on each other across clients, through clock order, are refused', () => {
    const { server } = boardWithAlicesCard();
    const update = encodeWireUpdate([
      { client: 5000, clock: 0, structs: [{ origin: [3000, 1], content: { any: ['x'] } }, { gc: 1 }] },
      { client: 3000, clock: 0, structs: [{ origin: [5000, 1], content: { any: ['bogus-column'] } }, { gc: 1 }] },
    ]);
    expectRefusedWhole(server, update, 'R11');
  });

  it('[R10] a live item continuing a garbage-collected one is refused: Yjs would throw half-way', () => {
    const { server } = boardWithAlicesCard();
    expect(receive(server, encodeWireUpdate([{ client: 7, clock: 0, structs: [{ gc: 1 }] }]), BOB)).toMatchObject({ ok: true });
    const update = encodeWireUpdate([
      { client: 7, clock: 0, structs: [{ parent: 'cards', key: 'whatever', content: { any: ['x', 'y'] } }] },
    ]);
    expectRefusedWhole(server, update, 'R10');
  });

  it('[R10] a map entry with several live values is refused, even when its first value is deleted', () => {
    const server = serverBoard();
    const update = encodeWireUpdate(
      [{ client: MALLORY, clock: 0, structs: [{ parent: 'cards', key: 'c-junk', content: { any: ['a', 'b', 'junk'] } }] }],
      [[MALLORY, [[0, 1]]]],
    );
    expectRefusedWhole(server, update, 'R10');
    expect(cardsMap(server).has('c-junk')).toBe(false);
  });

  it('[R4] a card whose text is an XmlText is refused', () => {
    const server = serverBoard();
    const update = attempt(server, (doc) => {
      const card = new Y.Map<unknown>();
      cardsMap(doc).set('c-xml', card as never);
      for (const [key, value] of Object.entries({ id: 'c-xml', column: 'went-well', text: new Y.XmlText('hi'), authorId: BOB.participantId, createdAt: 1, order: 'a0' })) {
        card.set(key, value);
      }
    });
    expectRefusedWhole(server, update, 'R4');
  });

  it('[R5] a card in another name stays refused even when the same update deletes it', () => {
    const server = serverBoard();
    const forger = new Y.Doc();
    forger.clientID = 900_000;
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(server));
    const updates: Uint8Array[] = [];
    forger.on('update', (update: Uint8Array) => updates.push(update));
    const card = new Y.Map<unknown>();
    cardsMap(forger).set('c-forged', card as never);
    for (const [key, value] of Object.entries({ id: 'c-forged', column: 'went-well', text: new Y.Text('x'), authorId: ALICE.participantId, createdAt: 1, order: 'a0' })) {
      card.set(key, value);
    }
    const update = Y.mergeUpdates([...updates, encodeWireUpdate([], [[900_000, [[0, 1]]]])]);
    expectRefusedWhole(server, update, 'R5');
  });

  it('[R10] an empty delete range is refused: Y.applyUpdate would throw after applying the structs', () => {
    const { server } = boardWithAlicesCard();
    expectRefusedWhole(server, encodeWireUpdate([], [[4242, [[1000, 0]]]]), 'R10');
  });

  it('[R10] clocks beyond 2^53 are refused', () => {
    const server = serverBoard();
    expectRefusedWhole(server, encodeWireUpdate([{ client: MALLORY, clock: 2 ** 53, structs: [{ gc: 1 }] }]), 'R10');
  });

  it('[R1] an unknown root name is refused even in a struct the board already holds', () => {
    const server = serverBoard();
    expect(receive(server, encodeWireUpdate([{ client: MALLORY, clock: 0, structs: [{ gc: 1 }] }]), BOB)).toMatchObject({ ok: true });
    const resent = encodeWireUpdate([{ client: MALLORY, clock: 0, structs: [{ parent: 'evil', key: 'k', content: { any: ['x'] } }] }]);
    expectRefusedWhole(server, resent, 'R1');
    expect(server.share.has('evil')).toBe(false);
  });

  it('[R9] a continuation of a known item counts from where Yjs puts it, not from its wire origin', () => {
    const { server, cardId } = boardWithAlicesCard();
    const order = cardsMap(server).get(cardId)?._map.get('order') as Y.Item;
    const bobsMove = encodeWireUpdate(
      [{ client: 100, clock: 0, structs: [{ origin: [order.id.client, order.id.clock], content: { any: ['a0V'] } }] }],
      [[order.id.client, [[order.id.clock, 1]]]],
    );
    expect(receive(server, bobsMove, BOB)).toMatchObject({ ok: true });
    // E takes the key right of Bob's value; W continues Bob's known item naming E; V follows W.
    const attack = encodeWireUpdate([
      { client: 900, clock: 0, structs: [{ origin: [100, 0], content: { deleted: 1 } }] },
      { client: 100, clock: 0, structs: [{ origin: [900, 0], content: { deleted: 2 } }, { origin: [100, 1], content: { any: ['a1'] } }] },
    ]);
    expectRefusedWhole(server, attack, 'R9');
    expect(selectCard(server, cardId)).toBeDefined();
  });

  it('[R11] a struct the board already has is refused when it names an item nobody has: Yjs would leave it pending', () => {
    const { server, columnId } = boardWithAlicesCard();
    const [client, clock] = columnId;
    const resent = encodeWireUpdate([{ client, clock, structs: [{ parent: [4321, 0], key: 'column', content: { any: ['went-well'] } }] }]);
    expectRefusedWhole(server, resent, 'R11');
  });

  it('[R10] a map entry that names a right neighbour is refused: none is ever written, and it could hide the current value', () => {
    const { server, columnId, cardId } = boardWithAlicesCard();
    const update = encodeWireUpdate([
      {
        client: MALLORY,
        clock: 0,
        structs: [
          { origin: columnId, content: { deleted: 2 } },
          { origin: [MALLORY, 1], right: [MALLORY, 1], content: { any: ['went-well'] } },
        ],
      },
    ]);
    expectRefusedWhole(server, update, 'R10');
    expect(selectCard(server, cardId)?.column).toBe('went-well');
  });
});
