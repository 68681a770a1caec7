import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  COLUMNS,
  createUndoManager,
  deleteCard,
  editCardText,
  LocalOrigin,
  MAX_CARD_TEXT_LENGTH,
  moveCard,
  selectCard,
  selectCards,
  selectColumns,
  selectParticipants,
  setCardText,
} from '../src/index';
import { ALICE, BOB, FACILITATOR, replicaOf, serverBoard, updateOf } from './helpers';

function addOrThrow(doc: Y.Doc, ...args: Parameters<typeof addCard> extends [Y.Doc, ...infer Rest] ? Rest : never): string {
  const result = addCard(doc, ...args);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.cardId;
}

function originsOf(doc: Y.Doc, change: () => void): unknown[] {
  const origins: unknown[] = [];
  const record = (transaction: Y.Transaction): void => {
    origins.push(transaction.origin);
  };
  doc.on('afterTransaction', record);
  change();
  doc.off('afterTransaction', record);
  return origins;
}

describe('commands', () => {
  it('each command runs as one transaction whose origin is a LocalOrigin naming it', () => {
    const doc = replicaOf(serverBoard());
    let cardId = '';
    const origins = originsOf(doc, () => {
      cardId = addOrThrow(doc, ALICE, { column: 'went-well', text: 'one' });
      editCardText(doc, ALICE, cardId, { index: 3, deleteCount: 0, insert: '!' });
      setCardText(doc, ALICE, cardId, 'two!');
      moveCard(doc, ALICE, cardId, { column: 'lessons-learned', index: 0 });
      deleteCard(doc, ALICE, cardId);
    });
    expect(origins.map((origin) => (origin instanceof LocalOrigin ? origin.command : origin))).toEqual([
      'addCard',
      'editCardText',
      'setCardText',
      'moveCard',
      'deleteCard',
    ]);
  });

  it('the undo manager tracks the LocalOrigin class: it undoes local commands and never remote ones', () => {
    const server = serverBoard();
    const alice = replicaOf(server);
    const bob = replicaOf(server);
    const undo = createUndoManager(alice);
    const bobsCard = updateOf(bob, () => addOrThrow(bob, BOB, { column: 'went-well', text: 'remote' }));
    Y.applyUpdate(alice, bobsCard, 'provider');
    const mine = addOrThrow(alice, ALICE, { column: 'went-well', text: 'local' });
    expect(selectCards(alice)).toHaveLength(2);
    undo.undo();
    expect(selectCards(alice).map((card) => card.text)).toEqual(['remote']);
    expect(undo.canUndo()).toBe(false);
    undo.redo();
    expect(selectCard(alice, mine)?.text).toBe('local');
  });

  it('[R7] a participant cannot edit the text of a card someone else wrote; nothing is written', () => {
    const doc = replicaOf(serverBoard());
    const cardId = addOrThrow(doc, ALICE, { column: 'went-well', text: 'mine' });
    const origins = originsOf(doc, () => {
      expect(setCardText(doc, BOB, cardId, 'yours')).toMatchObject({ ok: false, error: { code: 'forbidden', rule: 'R7' } });
    });
    expect(origins).toEqual([]);
    expect(setCardText(doc, FACILITATOR, cardId, 'edited by the facilitator').ok).toBe(true);
  });

  it('[R8] a participant cannot delete a card someone else wrote', () => {
    const doc = replicaOf(serverBoard());
    const cardId = addOrThrow(doc, ALICE, { column: 'went-well', text: 'mine' });
    expect(deleteCard(doc, BOB, cardId)).toMatchObject({ ok: false, error: { code: 'forbidden', rule: 'R8' } });
    expect(selectCard(doc, cardId)).toBeDefined();
    expect(deleteCard(doc, FACILITATOR, cardId).ok).toBe(true);
    expect(selectCard(doc, cardId)).toBeUndefined();
  });

  it('[R16] commands on a deleted card change nothing and say the card is gone', () => {
    const doc = replicaOf(serverBoard());
    const cardId = addOrThrow(doc, ALICE, { column: 'went-well', text: 'short-lived' });
    deleteCard(doc, ALICE, cardId);
    const origins = originsOf(doc, () => {
      for (const result of [
        editCardText(doc, ALICE, cardId, { index: 0, deleteCount: 0, insert: 'x' }),
        setCardText(doc, ALICE, cardId, 'x'),
        moveCard(doc, ALICE, cardId, { column: 'lessons-learned', index: 0 }),
        deleteCard(doc, ALICE, cardId),
      ]) {
        expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
      }
    });
    expect(origins).toEqual([]);
  });

  it('bad input is refused with a clear message and writes nothing', () => {
    const doc = replicaOf(serverBoard());
    expect(addCard(doc, ALICE, { column: 'nowhere' as never })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const long = 'x'.repeat(MAX_CARD_TEXT_LENGTH + 1);
    const tooLong = addCard(doc, ALICE, { column: 'went-well', text: long });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(!tooLong.ok && tooLong.error.message).toContain(String(MAX_CARD_TEXT_LENGTH));
    expect(selectCards(doc)).toEqual([]);
  });

  it('setCardText writes the smallest edit, so a concurrent edit elsewhere in the text survives', () => {
    const server = serverBoard();
    const alice = replicaOf(server);
    const cardId = addOrThrow(alice, ALICE, { column: 'went-well', text: 'the deploy went fine' });
    const facilitator = replicaOf(alice);
    setCardText(alice, ALICE, cardId, 'THE deploy went fine');
    setCardText(facilitator, FACILITATOR, cardId, 'the deploy went fine, mostly');
    Y.applyUpdate(alice, Y.encodeStateAsUpdate(facilitator));
    Y.applyUpdate(facilitator, Y.encodeStateAsUpdate(alice));
    expect(selectCard(alice, cardId)?.text).toBe('THE deploy went fine, mostly');
    expect(selectCard(facilitator, cardId)?.text).toBe('THE deploy went fine, mostly');
  });

  it('moves place a card at the asked index, and a move to where it is writes nothing', () => {
    const doc = replicaOf(serverBoard());
    const ids = ['one', 'two', 'three'].map((text) => addOrThrow(doc, ALICE, { column: 'went-well', text }));
    moveCard(doc, BOB, ids[2] as string, { column: 'went-well', index: 0 });
    expect(selectColumns(doc)['went-well'].map((card) => card.text)).toEqual(['three', 'one', 'two']);
    moveCard(doc, BOB, ids[0] as string, { column: 'ongoing-problem', index: 5 });
    expect(selectColumns(doc)['ongoing-problem'].map((card) => card.text)).toEqual(['one']);
    const origins = originsOf(doc, () => {
      moveCard(doc, BOB, ids[1] as string, { column: 'went-well', index: 1 });
    });
    expect(origins).toEqual([]);
  });

  it('selectors give frozen snapshots: columns in board order, cards by (order, id), participants by join time', () => {
    const server = serverBoard();
    const doc = replicaOf(server);
    addOrThrow(doc, ALICE, { column: 'ongoing-problem', text: 'last column' });
    addOrThrow(doc, BOB, { column: 'went-well', text: 'b' });
    addOrThrow(doc, BOB, { column: 'went-well', text: 'a', index: 0 });
    const cards = selectCards(doc);
    expect(cards.map((card) => card.text)).toEqual(['a', 'b', 'last column']);
    expect(Object.isFrozen(cards)).toBe(true);
    expect(Object.isFrozen(cards[0])).toBe(true);
    expect(Object.keys(selectColumns(doc))).toEqual(COLUMNS.map((column) => column.id));
    expect(selectParticipants(doc).map((participant) => participant.id)).toEqual([
      FACILITATOR.participantId,
      ALICE.participantId,
      BOB.participantId,
    ]);
  });
});
