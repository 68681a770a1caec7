import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, countDrafts, parseRoomName, draftRoomName, revealDrafts, selectCard, selectCards } from '../src/index';
import { ALICE, BOB, serverBoard } from './helpers';

function draftsOf(actor: typeof ALICE, texts: string[]) {
  const room = new Y.Doc();
  for (const text of texts) addCard(room, actor, { column: 'went-well', text });
  return room;
}

describe('drafts', () => {
  it('[R37] private room names carry the board and the owner', () => {
    expect(draftRoomName('b1', 'p1')).toBe('b1~p1');
    expect(parseRoomName('b1~p1')).toEqual({ boardId: 'b1', owner: 'p1' });
    expect(parseRoomName('b1')).toEqual({ boardId: 'b1', owner: null });
  });

  it('[R38] counts drafts per column', () => {
    const room = draftsOf(ALICE, ['a', 'b']);
    addCard(room, ALICE, { column: 'ongoing-problem', text: 'c' });
    expect(countDrafts(room)).toEqual({ 'went-well': 2, 'lessons-learned': 0, 'future-considerations': 0, 'ongoing-problem': 1 });
  });

  it('[R39] a reveal keeps ids, order keys and texts, and stamps the owner as author whatever the draft says', () => {
    const board = serverBoard();
    const room = new Y.Doc();
    addCard(room, BOB, { column: 'lessons-learned', text: 'claims to be Bob’s' });
    const [draft] = selectCards(room);
    if (!draft) throw new Error('no draft');
    const created = revealDrafts(board, [{ owner: ALICE.participantId, cards: [{ ...draft, text: 'x'.repeat(3000) }] }]);
    expect(created).toEqual([draft.id]);
    expect(selectCard(board, draft.id)).toMatchObject({ authorId: ALICE.participantId, order: draft.order, column: 'lessons-learned' });
    expect(selectCard(board, draft.id)?.text.length).toBe(2000);
  });

  it('[R39] a draft whose card the board already has brings it up to date instead of showing it twice', () => {
    const board = serverBoard();
    const room = draftsOf(ALICE, ['Rollback was']);
    const [draft] = selectCards(room);
    if (!draft) throw new Error('no draft');
    revealDrafts(board, [{ owner: ALICE.participantId, cards: [draft] }]);
    // An edit that landed in the private room while the reveal was under way.
    const edited = { ...draft, text: 'Rollback was quick, thanks to the runbook' };
    expect(revealDrafts(board, [{ owner: ALICE.participantId, cards: [edited] }])).toEqual([]);
    expect(selectCards(board).map((card) => card.text)).toEqual(['Rollback was quick, thanks to the runbook']);
    // Someone else's card under that id is never touched.
    expect(revealDrafts(board, [{ owner: BOB.participantId, cards: [{ ...draft, text: 'hijack' }] }])).toEqual([]);
    expect(selectCard(board, draft.id)?.text).toBe('Rollback was quick, thanks to the runbook');
  });
});
