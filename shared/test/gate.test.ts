import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  cardsMap,
  checkEncodedUpdate,
  decodeUpdate,
  deleteCard,
  createUndoManager,
  editCardText,
  moveCard,
  selectCard,
  selectCards,
  type Actor,
  type RuleId,
} from '../src/index';
import {
  ALICE,
  attempt,
  BOB,
  FACILITATOR,
  receive,
  replicaOf,
  serverBoard,
  stateOf,
  updateOf,
  wholeCard,
  writeRawCard,
} from './helpers';

/** A board on the server with one card by Alice, and a synced replica for `actor`. */
function boardWithAlicesCard(text = 'Pager fired late') {
  const server = serverBoard();
  const alice = replicaOf(server);
  const added = updateOf(alice, () => {
    const result = addCard(alice, ALICE, { column: 'went-well', text });
    if (!result.ok) throw new Error(result.error.message);
  });
  expect(receive(server, added, ALICE)).toMatchObject({ ok: true });
  const cardId = [...cardsMap(server).keys()][0] as string;
  return { server, cardId };
}

function expectRefused(server: Y.Doc, update: Uint8Array, writer: Actor, rule: RuleId): void {
  const before = stateOf(server);
  const verdict = receive(server, update, writer);
  expect(verdict).toMatchObject({ ok: false, rule });
  expect(stateOf(server)).toBe(before);
}

function cardMapIn(doc: Y.Doc, cardId: string): Y.Map<unknown> {
  return cardsMap(doc).get(cardId) as Y.Map<unknown>;
}

describe('rule gate', () => {
  it('[R1] a write to a root type the model does not define is refused', () => {
    const server = serverBoard();
    expectRefused(server, attempt(server, (doc) => doc.getMap('decisions').set('t1', 'x')), FACILITATOR, 'R1');
    expectRefused(server, attempt(server, (doc) => doc.getArray('scratch').insert(0, ['x'])), ALICE, 'R1');
  });

  it('[R2] a client cannot add, change or delete participant records, even its own', () => {
    const server = serverBoard();
    const participants = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('participants');
    expectRefused(server, attempt(server, (doc) => participants(doc).set('p-mallory', new Y.Map())), ALICE, 'R2');
    // The new name sits next to the old one, so it carries no parent name of its own.
    const rename = attempt(server, (doc) => participants(doc).get(BOB.participantId)?.set('name', 'Mallory'));
    const decoded = decodeUpdate(rename);
    expect(decoded.ok && decoded.update.structs.every((s) => !(s instanceof Y.Item) || s.parent === null)).toBe(true);
    expectRefused(server, rename, ALICE, 'R2');
    expectRefused(server, attempt(server, (doc) => participants(doc).delete(BOB.participantId)), FACILITATOR, 'R2');
  });

  it('[R3] a client cannot change the board map', () => {
    const server = serverBoard();
    expectRefused(server, attempt(server, (doc) => doc.getMap('board').set('title', 'Renamed')), FACILITATOR, 'R3');
  });

  it('[R4] a card missing a field, with an unknown field, or not a map is refused', () => {
    const server = serverBoard();
    const { order: _order, ...withoutOrder } = wholeCard('c-partial', ALICE.participantId);
    expectRefused(server, attempt(server, (doc) => writeRawCard(doc, 'c-partial', withoutOrder)), ALICE, 'R4');
    const withVotes = { ...wholeCard('c-extra', ALICE.participantId), votes: 99 };
    expectRefused(server, attempt(server, (doc) => writeRawCard(doc, 'c-extra', withVotes)), ALICE, 'R4');
    expectRefused(server, attempt(server, (doc) => cardsMap(doc).set('c-flat', 'just text' as never)), ALICE, 'R4');
    expect(receive(server, attempt(server, (doc) => writeRawCard(doc, 'c-ok', wholeCard('c-ok', ALICE.participantId))), ALICE)).toMatchObject({ ok: true });
  });

  it("[R4] a new card's id field must equal its key", () => {
    const server = serverBoard();
    const mismatched = { ...wholeCard('c-two', ALICE.participantId), id: 'c-other' };
    expectRefused(server, attempt(server, (doc) => writeRawCard(doc, 'c-two', mismatched)), ALICE, 'R4');
  });

  it('[R4] an existing card cannot gain a field it does not have', () => {
    const { server, cardId } = boardWithAlicesCard();
    expectRefused(server, attempt(server, (doc) => cardMapIn(doc, cardId).set('votes', 3)), ALICE, 'R4');
  });

  it('[R4] card text holds plain text only', () => {
    const { server, cardId } = boardWithAlicesCard();
    const text = (doc: Y.Doc) => cardMapIn(doc, cardId).get('text') as Y.Text;
    expectRefused(server, attempt(server, (doc) => text(doc).insertEmbed(0, { image: 'x' })), ALICE, 'R4');
    expectRefused(server, attempt(server, (doc) => text(doc).format(0, 3, { bold: true })), ALICE, 'R4');
  });

  it('[R5] a new card whose authorId is not the writer is refused, even from a facilitator', () => {
    const server = serverBoard();
    const update = attempt(server, (doc) => addCard(doc, ALICE, { column: 'lessons-learned', text: 'written as Alice' }));
    expectRefused(server, update, BOB, 'R5');
    expectRefused(server, update, FACILITATOR, 'R5');
    expect(receive(server, update, ALICE)).toMatchObject({ ok: true });
  });

  it("[R6] a card's id, authorId and createdAt never change, even by its author", () => {
    const { server, cardId } = boardWithAlicesCard();
    expectRefused(server, attempt(server, (doc) => cardMapIn(doc, cardId).set('authorId', BOB.participantId)), ALICE, 'R6');
    expectRefused(server, attempt(server, (doc) => cardMapIn(doc, cardId).set('createdAt', 5)), FACILITATOR, 'R6');
    expectRefused(server, attempt(server, (doc) => cardMapIn(doc, cardId).delete('id')), ALICE, 'R6');
  });

  it('[R6] a live card is never overwritten, even by its author', () => {
    const { server, cardId } = boardWithAlicesCard();
    const overwrite = attempt(server, (doc) => writeRawCard(doc, cardId, wholeCard(cardId, ALICE.participantId)));
    expectRefused(server, overwrite, ALICE, 'R6');
  });

  it('[R6] a deleted card comes back only as itself: same author and creation time', () => {
    const { server, cardId } = boardWithAlicesCard();
    const original = selectCard(server, cardId);
    expect(receive(server, attempt(server, (doc) => deleteCard(doc, ALICE, cardId)), ALICE)).toMatchObject({ ok: true });
    const redated = attempt(server, (doc) => writeRawCard(doc, cardId, { ...wholeCard(cardId, ALICE.participantId), createdAt: 5 }));
    expectRefused(server, redated, ALICE, 'R6');
    const restored = { ...wholeCard(cardId, ALICE.participantId), createdAt: original?.createdAt, order: original?.order };
    expect(receive(server, attempt(server, (doc) => writeRawCard(doc, cardId, restored)), ALICE)).toMatchObject({ ok: true });
    expect(selectCard(server, cardId)?.authorId).toBe(ALICE.participantId);
  });

  it('[R6] a board that no longer holds a deleted card cannot check a restore, so it refuses it', () => {
    const server = serverBoard(undefined, { gc: true });
    const cardId = 'c-gone';
    const create = attempt(server, (doc) => addCard(doc, ALICE, { column: 'went-well', id: cardId, createdAt: 7 }));
    expect(receive(server, create, ALICE)).toMatchObject({ ok: true });
    expect(receive(server, attempt(server, (doc) => deleteCard(doc, ALICE, cardId)), ALICE)).toMatchObject({ ok: true });
    const restore = attempt(server, (doc) => writeRawCard(doc, cardId, { ...wholeCard(cardId, ALICE.participantId), createdAt: 7 }));
    expectRefused(server, restore, ALICE, 'R6');
  });

  it("[R8] only the card's author or a facilitator restores a deleted card", () => {
    const { server, cardId } = boardWithAlicesCard();
    const original = selectCard(server, cardId);
    expect(receive(server, attempt(server, (doc) => deleteCard(doc, ALICE, cardId)), ALICE)).toMatchObject({ ok: true });
    const restore = () => attempt(server, (doc) => writeRawCard(doc, cardId, { ...wholeCard(cardId, ALICE.participantId), createdAt: original?.createdAt }));
    expectRefused(server, restore(), BOB, 'R8');
    expect(receive(server, restore(), FACILITATOR)).toMatchObject({ ok: true });
  });

  it("[R7] only the card's author or a facilitator edits its text", () => {
    const { server, cardId } = boardWithAlicesCard('abc');
    const edit = (index: number, deleteCount: number, insert: string) =>
      attempt(server, (doc) => editCardText(doc, FACILITATOR, cardId, { index, deleteCount, insert }));
    expectRefused(server, edit(3, 0, '!'), BOB, 'R7');
    expectRefused(server, edit(0, 2, ''), BOB, 'R7');
    expect(receive(server, edit(3, 0, 'd'), ALICE)).toMatchObject({ ok: true });
    expect(receive(server, edit(0, 1, 'A'), FACILITATOR)).toMatchObject({ ok: true });
    expect(selectCard(server, cardId)?.text).toBe('Abcd');
  });

  it('[R7] an insert in the middle of the text carries no parent name and is still traced to its card', () => {
    const { server, cardId } = boardWithAlicesCard('abcdef');
    const update = attempt(server, (doc) => (cardMapIn(doc, cardId).get('text') as Y.Text).insert(3, 'X'));
    const decoded = decodeUpdate(update);
    if (!decoded.ok) throw new Error('undecodable');
    const inserted = decoded.update.structs.find((s): s is Y.Item => s instanceof Y.Item);
    expect(inserted?.parent).toBeNull();
    expect(inserted?.origin).not.toBeNull();
    expectRefused(server, update, BOB, 'R7');
  });

  it("[R7] replacing a card's whole text type counts as editing it", () => {
    const { server, cardId } = boardWithAlicesCard();
    expectRefused(server, attempt(server, (doc) => cardMapIn(doc, cardId).set('text', new Y.Text('gone'))), BOB, 'R7');
  });

  it("[R8] only the card's author or a facilitator deletes a card", () => {
    const { server, cardId } = boardWithAlicesCard();
    expectRefused(server, attempt(server, (doc) => cardsMap(doc).delete(cardId)), BOB, 'R8');
    expect(receive(server, attempt(server, (doc) => deleteCard(doc, FACILITATOR, cardId)), FACILITATOR)).toMatchObject({ ok: true });
    expect(cardsMap(server).has(cardId)).toBe(false);
  });

  it('[R9] any participant may move any card', () => {
    const { server, cardId } = boardWithAlicesCard();
    const move = attempt(server, (doc) => moveCard(doc, BOB, cardId, { column: 'ongoing-problem', index: 0 }));
    expect(receive(server, move, BOB)).toMatchObject({ ok: true });
    expect(selectCard(server, cardId)?.column).toBe('ongoing-problem');
  });

  it('[R9] a move to an unknown column or with an invalid order key is refused', () => {
    const { server, cardId } = boardWithAlicesCard();
    const set = (key: string, value: unknown) => attempt(server, (doc) => cardMapIn(doc, cardId).set(key, value));
    expectRefused(server, set('column', 'elsewhere'), BOB, 'R9');
    expectRefused(server, set('order', 'a0!'), BOB, 'R9');
    expectRefused(server, set('order', 7), BOB, 'R9');
  });

  it("[R9] removing a card's column or order is refused, even by its author", () => {
    const { server, cardId } = boardWithAlicesCard();
    expectRefused(server, attempt(server, (doc) => cardMapIn(doc, cardId).delete('column')), ALICE, 'R9');
    expectRefused(server, attempt(server, (doc) => cardMapIn(doc, cardId).delete('order')), FACILITATOR, 'R9');
    // Set and removed again before sending: the update's new value is itself deleted.
    const planted = attempt(server, (doc) => {
      cardMapIn(doc, cardId).set('column', 'lessons-learned');
      cardMapIn(doc, cardId).delete('column');
    });
    expectRefused(server, planted, ALICE, 'R9');
  });

  it('[R9] an offline move that lost to a concurrent one is still accepted after reconnecting', () => {
    const { server, cardId } = boardWithAlicesCard();
    const alice = replicaOf(server);
    moveCard(alice, ALICE, cardId, { column: 'lessons-learned', index: 0 });
    const bobsMove = attempt(server, (doc) => moveCard(doc, BOB, cardId, { column: 'future-considerations', index: 0 }));
    expect(receive(server, bobsMove, BOB)).toMatchObject({ ok: true });
    // Alice reconnects: she hears Bob's move first, then sends what the server lacks.
    Y.applyUpdate(alice, Y.encodeStateAsUpdate(server, Y.encodeStateVector(alice)));
    const aliceDiff = Y.encodeStateAsUpdate(alice, Y.encodeStateVector(server));
    expect(receive(server, aliceDiff, ALICE)).toMatchObject({ ok: true });
    expect(selectCard(server, cardId)).toBeDefined();
    expect(selectCard(server, cardId)).toEqual(selectCard(alice, cardId));
  });

  it('[R15] undo and redo of every command pass the gate, restoring a deleted card under its id', () => {
    const server = serverBoard();
    const alice = replicaOf(server);
    const undo = createUndoManager(alice);
    const send = (change: () => unknown) => {
      const verdict = receive(server, updateOf(alice, change), ALICE);
      undo.stopCapturing();
      return verdict;
    };
    let cardId = '';
    expect(send(() => { const added = addCard(alice, ALICE, { column: 'went-well', text: 'hello' }); cardId = added.ok ? added.value.cardId : ''; })).toMatchObject({ ok: true });
    expect(send(() => editCardText(alice, ALICE, cardId, { index: 5, deleteCount: 0, insert: '!' }))).toMatchObject({ ok: true });
    expect(send(() => moveCard(alice, ALICE, cardId, { column: 'lessons-learned', index: 0 }))).toMatchObject({ ok: true });
    expect(send(() => undo.undo())).toMatchObject({ ok: true });
    expect(selectCard(server, cardId)?.column).toBe('went-well');
    expect(send(() => undo.undo())).toMatchObject({ ok: true });
    expect(selectCard(server, cardId)?.text).toBe('hello');
    expect(send(() => undo.redo())).toMatchObject({ ok: true });
    expect(send(() => deleteCard(alice, ALICE, cardId))).toMatchObject({ ok: true });
    expect(selectCard(server, cardId)).toBeUndefined();
    expect(send(() => undo.undo())).toMatchObject({ ok: true });
    expect(selectCard(server, cardId)).toMatchObject({ text: 'hello!', authorId: ALICE.participantId });
    expect(selectCard(alice, cardId)).toEqual(selectCard(server, cardId));
  });

  it('[R15] two people undoing their concurrent deletions of one card both pass, and one card remains', () => {
    const { server, cardId } = boardWithAlicesCard();
    const alice = replicaOf(server);
    const facilitator = replicaOf(server);
    const before = Y.encodeStateVector(server);
    for (const [doc, actor] of [[alice, ALICE], [facilitator, FACILITATOR]] as const) {
      const undo = createUndoManager(doc);
      deleteCard(doc, actor, cardId);
      undo.stopCapturing();
      undo.undo();
    }
    expect(receive(server, Y.encodeStateAsUpdate(facilitator, before), FACILITATOR)).toMatchObject({ ok: true });
    expect(receive(server, Y.encodeStateAsUpdate(alice, before), ALICE)).toMatchObject({ ok: true });
    Y.applyUpdate(alice, Y.encodeStateAsUpdate(server));
    expect(selectCards(server).filter((card) => card.id === cardId)).toHaveLength(1);
    expect(selectCard(server, cardId)).toMatchObject({ authorId: ALICE.participantId, text: 'Pager fired late' });
    expect(selectCard(alice, cardId)).toEqual(selectCard(server, cardId));
  });

  it('[R15] undoing a move that won over a concurrent move puts the card back, and passes the gate', () => {
    // Which of two concurrent moves wins depends on the random client ids: repeat until both have won.
    const outcomes = new Set<string>();
    for (let round = 0; round < 60 && outcomes.size < 2; round++) {
      const { server, cardId } = boardWithAlicesCard();
      const alice = replicaOf(server);
      const undo = createUndoManager(alice);
      const bobsMove = attempt(server, (doc) => moveCard(doc, BOB, cardId, { column: 'future-considerations', index: 0 }));
      const alicesMove = updateOf(alice, () => moveCard(alice, ALICE, cardId, { column: 'lessons-learned', index: 0 }));
      expect(receive(server, bobsMove, BOB)).toMatchObject({ ok: true });
      expect(receive(server, alicesMove, ALICE)).toMatchObject({ ok: true });
      Y.applyUpdate(alice, bobsMove);
      const winner = selectCard(server, cardId)?.column as string;
      outcomes.add(winner);
      expect(receive(server, updateOf(alice, () => undo.undo()), ALICE)).toMatchObject({ ok: true });
      // Alice's undo puts the card back where it was before her move, whichever move had won.
      expect(selectCard(server, cardId)?.column).toBe('went-well');
    }
    expect(outcomes).toEqual(new Set(['lessons-learned', 'future-considerations']));
  });

  it('[R10] bytes that do not decode as an update are refused', () => {
    const server = serverBoard();
    const before = stateOf(server);
    expect(checkEncodedUpdate(server, new Uint8Array([1, 2, 3, 250, 255, 255, 255]), ALICE)).toMatchObject({ ok: false, rule: 'R10' });
    expect(checkEncodedUpdate(server, new Uint8Array([]), ALICE)).toMatchObject({ ok: false, rule: 'R10' });
    expect(stateOf(server)).toBe(before);
  });

  it('[R10] a truncated update is refused before any of it is applied', () => {
    const server = serverBoard();
    const update = attempt(server, (doc) => {
      addCard(doc, ALICE, { column: 'went-well', text: 'first' });
      addCard(doc, ALICE, { column: 'went-well', text: 'second' });
    });
    for (const cut of [update.length - 1, Math.floor(update.length / 2), 3]) {
      expectRefused(server, update.slice(0, cut), ALICE, 'R10');
    }
  });

  it('[R11] an update that depends on items the board does not have is refused', () => {
    const server = serverBoard();
    const client = replicaOf(server);
    updateOf(client, () => addCard(client, ALICE, { column: 'went-well', text: 'first', id: 'c-1' }));
    const second = updateOf(client, () => editCardText(client, ALICE, 'c-1', { index: 5, deleteCount: 0, insert: '!' }));
    expectRefused(server, second, ALICE, 'R11');
    const deletion = updateOf(client, () => deleteCard(client, ALICE, 'c-1'));
    expectRefused(server, deletion, ALICE, 'R11');
    expect(server.store.pendingStructs).toBeNull();
  });

  it('[R12] an update mixing allowed and forbidden changes is refused whole', () => {
    const { server, cardId } = boardWithAlicesCard();
    const mixed = attempt(server, (doc) => {
      addCard(doc, BOB, { column: 'went-well', text: 'fine on its own' });
      cardsMap(doc).delete(cardId);
    });
    expectRefused(server, mixed, BOB, 'R8');
    expect(selectCard(server, cardId)).toBeDefined();
  });
});
