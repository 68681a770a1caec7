import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CARD_FIELD, groupCards, MAX_CARD_TEXT_LENGTH, MAX_THEME_NOTES_LENGTH, runSessionCommand, setCardText, TEXT_SLACK } from '../src/index';
import { ALICE, attempt, BOB, FACILITATOR, receive, replicaOf, serverBoard, testCard, wholeCard, writeRawCard } from './helpers';

const CARD_LIMIT = MAX_CARD_TEXT_LENGTH * TEXT_SLACK;

function cardText(doc: Y.Doc, id: string): Y.Text {
  return doc.getMap<Y.Map<unknown>>('cards').get(id)?.get(CARD_FIELD.text) as Y.Text;
}

describe('[R62] texts are bounded at the gate', () => {
  it('a card written raw beyond the bound is refused, one at the bound is not', () => {
    const server = serverBoard();
    const over = attempt(server, (doc) => writeRawCard(doc, 'c1', { ...wholeCard('c1', BOB.participantId), text: new Y.Text('x'.repeat(CARD_LIMIT + 1)) }));
    expect(receive(server, over, BOB)).toMatchObject({ ok: false, rule: 'R62' });
    const at = attempt(server, (doc) => writeRawCard(doc, 'c1', { ...wholeCard('c1', BOB.participantId), text: new Y.Text('x'.repeat(CARD_LIMIT)) }));
    expect(receive(server, at, BOB)).toMatchObject({ ok: true });
  });

  it('growing a card past the bound is refused; deleting as much as is added is fine', () => {
    const server = serverBoard();
    const alice = replicaOf(server);
    const id = testCard(alice, ALICE, 'x'.repeat(MAX_CARD_TEXT_LENGTH));
    receive(server, Y.encodeStateAsUpdate(alice), ALICE);
    const grow = attempt(server, (doc) => cardText(doc, id).insert(0, 'y'.repeat(CARD_LIMIT - MAX_CARD_TEXT_LENGTH + 1)));
    expect(receive(server, grow, ALICE)).toMatchObject({ ok: false, rule: 'R62' });
    const swap = attempt(server, (doc) => {
      cardText(doc, id).delete(0, 1500);
      cardText(doc, id).insert(0, 'z'.repeat(CARD_LIMIT - MAX_CARD_TEXT_LENGTH + 1500));
    });
    expect(receive(server, swap, ALICE)).toMatchObject({ ok: true });
    expect(cardText(server, id).length).toBe(CARD_LIMIT);
  });

  it('[R15] two people each filling a card to the command limit at once are both kept', () => {
    const server = serverBoard();
    const fran = replicaOf(server);
    const id = testCard(fran, FACILITATOR, 'start');
    receive(server, Y.encodeStateAsUpdate(fran), FACILITATOR);
    const first = replicaOf(server);
    const second = replicaOf(server);
    expect(setCardText(first, FACILITATOR, id, 'a'.repeat(MAX_CARD_TEXT_LENGTH)).ok).toBe(true);
    expect(setCardText(second, FACILITATOR, id, 'b'.repeat(MAX_CARD_TEXT_LENGTH)).ok).toBe(true);
    expect(receive(server, Y.encodeStateAsUpdate(first), FACILITATOR)).toMatchObject({ ok: true });
    expect(receive(server, Y.encodeStateAsUpdate(second), FACILITATOR)).toMatchObject({ ok: true });
    expect(cardText(server, id).length).toBe(2 * MAX_CARD_TEXT_LENGTH);
  });

  it("an action's title and a theme's notes are bounded too", () => {
    const server = serverBoard();
    runSessionCommand(server, FACILITATOR.participantId, { type: 'setPhase', phase: 'actions' }, 1);
    const made = runSessionCommand(server, ALICE.participantId, { type: 'createAction', title: 'x' }, 2);
    const id = made.ok && made.created ? made.created.id : '';
    const title = attempt(server, (doc) => (doc.getMap<Y.Map<unknown>>('actions').get(id)?.get('title') as Y.Text).insert(0, 't'.repeat(1200)));
    expect(receive(server, title, ALICE)).toMatchObject({ ok: false, rule: 'R62' });
    const alice = replicaOf(server);
    const grouped = groupCards(alice, ALICE, testCard(alice, ALICE, 'a'), testCard(alice, ALICE, 'b'));
    receive(server, Y.encodeStateAsUpdate(alice), ALICE);
    const themeId = grouped.ok ? grouped.value.themeId : '';
    runSessionCommand(server, FACILITATOR.participantId, { type: 'startNotes', themeId }, 3);
    const notes = (length: number) => attempt(server, (doc) => doc.getMap<Y.Text>('notes').get(themeId)?.insert(0, 'n'.repeat(length)));
    expect(receive(server, notes(MAX_THEME_NOTES_LENGTH * TEXT_SLACK + 1), FACILITATOR)).toMatchObject({ ok: false, rule: 'R62' });
    expect(receive(server, notes(MAX_THEME_NOTES_LENGTH), FACILITATOR)).toMatchObject({ ok: true });
  });
});
