import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  createUndoManager,
  deleteAction,
  groupCards,
  moveAction,
  runSessionCommand,
  selectActions,
  selectLinks,
  setActionFields,
  setActionText,
  sortActions,
  tallyMap,
  ServerOrigin,
  type Actor,
  type PhaseId,
  type SessionCommand,
} from '../src/index';
import { ALICE, attempt, BOB, FACILITATOR, receive, replicaOf, serverBoard, updateOf, wholeAction } from './helpers';

const NOW = 1_700_000_100_000;

function command(server: Y.Doc, actor: Actor, body: SessionCommand) {
  return runSessionCommand(server, actor.participantId, body, NOW);
}

function boardIn(phase: PhaseId) {
  const server = serverBoard();
  if (phase !== 'prepare') expect(command(server, FACILITATOR, { type: 'setPhase', phase })).toMatchObject({ ok: true });
  return server;
}

function create(server: Y.Doc, actor: Actor, title: string, from?: `card:${string}` | `theme:${string}`) {
  const result = command(server, actor, { type: 'createAction', title, ...(from ? { from } : {}) });
  if (!result.ok || !result.created) throw new Error(result.ok ? 'nothing created' : result.reason);
  return result.created;
}

function sendAs(server: Y.Doc, actor: Actor, change: (doc: Y.Doc) => unknown) {
  const doc = replicaOf(server);
  return receive(server, updateOf(doc, () => change(doc)), actor);
}

describe('actions', () => {
  it('[R57] the server numbers actions AI-001, AI-002, … and never gives a number twice', () => {
    const server = boardIn('actions');
    const first = create(server, ALICE, 'Add connection pool metric to the API dashboard');
    const second = create(server, BOB, 'Write the runbook for pool exhaustion');
    expect([first.ref, second.ref]).toEqual(['AI-001', 'AI-002']);
    expect(sendAs(server, ALICE, (doc) => deleteAction(doc, ALICE, first.id))).toEqual({ ok: true });
    expect(create(server, ALICE, 'Third').ref).toBe('AI-003');
    expect(selectActions(server).map((action) => action.ref)).toEqual(['AI-002', 'AI-003']);
  });

  it('[R57] a client cannot make an action, not even a facilitator, nor renumber one', () => {
    const server = boardIn('actions');
    const forged = attempt(server, (doc) => {
      const map = new Y.Map<unknown>();
      doc.getMap<Y.Map<unknown>>('actions').set('forged', map);
      for (const [key, value] of Object.entries(wholeAction('forged', 'AI-001', FACILITATOR.participantId))) map.set(key, value);
    });
    expect(receive(server, forged, FACILITATOR)).toMatchObject({ ok: false, rule: 'R57' });
    const { id } = create(server, ALICE, 'Real one');
    const renumber = attempt(server, (doc) => doc.getMap<Y.Map<unknown>>('actions').get(id)?.set('ref', 'AI-000'));
    expect(receive(server, renumber, FACILITATOR)).toMatchObject({ ok: false, rule: 'R57' });
  });

  it('[R57] undoing a deletion brings the action back with its number', () => {
    const server = boardIn('actions');
    const { id } = create(server, ALICE, 'Page the database team on pool alerts');
    const alice = replicaOf(server);
    const undo = createUndoManager(alice);
    deleteAction(alice, ALICE, id);
    undo.undo();
    expect(receive(server, Y.encodeStateAsUpdate(alice), ALICE)).toMatchObject({ ok: true });
    expect(selectActions(server).map((action) => [action.id, action.ref])).toEqual([[id, 'AI-001']]);
  });

  it('[R58] participants edit actions in Actions and Wrap-up only; facilitators any time', () => {
    const server = boardIn('actions');
    const { id } = create(server, ALICE, 'Alert on pool saturation above 80%');
    expect(sendAs(server, BOB, (doc) => setActionFields(doc, BOB, id, { priority: 'high', due: '2026-12-18', owner: { kind: 'participant', id: BOB.participantId } }))).toEqual({
      ok: true,
    });
    command(server, FACILITATOR, { type: 'setPhase', phase: 'vote' });
    expect(sendAs(server, BOB, (doc) => setActionFields(doc, BOB, id, { status: 'done' }))).toMatchObject({ ok: false, rule: 'R58' });
    expect(sendAs(server, BOB, (doc) => setActionText(doc, BOB, id, 'title', 'Other'))).toMatchObject({ ok: false, rule: 'R58' });
    expect(sendAs(server, FACILITATOR, (doc) => setActionFields(doc, FACILITATOR, id, { status: 'in-progress' }))).toEqual({ ok: true });
    command(server, FACILITATOR, { type: 'setPhase', phase: 'wrap-up' });
    expect(sendAs(server, BOB, (doc) => setActionFields(doc, BOB, id, { status: 'done' }))).toEqual({ ok: true });
    const [action] = selectActions(server);
    expect(action).toMatchObject({ priority: 'high', due: '2026-12-18', owner: { kind: 'participant', id: BOB.participantId }, status: 'done' });
  });

  it('[R58] invalid field values are refused by the command and by the gate', () => {
    const server = boardIn('actions');
    const { id } = create(server, ALICE, 'x');
    expect(setActionFields(replicaOf(server), ALICE, id, { due: '2026-02-30' })).toMatchObject({ ok: false, error: { rule: 'R58' } });
    for (const [field, value] of [
      ['due', '30/12/2026'],
      ['priority', 'urgent'],
      ['status', 'blocked'],
      ['owner', 'someone'],
    ] as const) {
      const raw = attempt(server, (doc) => doc.getMap<Y.Map<unknown>>('actions').get(id)?.set(field, value));
      expect(receive(server, raw, ALICE), field).toMatchObject({ ok: false, rule: 'R58' });
    }
  });

  it("[R58] only an action's maker or a facilitator deletes it", () => {
    const server = boardIn('actions');
    const { id } = create(server, ALICE, 'x');
    expect(deleteAction(replicaOf(server), BOB, id)).toMatchObject({ ok: false, error: { rule: 'R58' } });
    const raw = attempt(server, (doc) => doc.getMap('actions').delete(id));
    expect(receive(server, raw, BOB)).toMatchObject({ ok: false, rule: 'R58' });
    expect(sendAs(server, FACILITATOR, (doc) => deleteAction(doc, FACILITATOR, id))).toEqual({ ok: true });
  });

  it('[R59] participants create actions in Actions and Wrap-up; facilitators any time', () => {
    const server = boardIn('vote');
    expect(command(server, ALICE, { type: 'createAction', title: 'early' })).toMatchObject({ ok: false, status: 409, rule: 'R59' });
    expect(command(server, FACILITATOR, { type: 'createAction', title: 'prepared' })).toMatchObject({ ok: true, created: { ref: 'AI-001' } });
    command(server, FACILITATOR, { type: 'setPhase', phase: 'wrap-up' });
    expect(command(server, ALICE, { type: 'createAction', title: 'late but fine' })).toMatchObject({ ok: true, created: { ref: 'AI-002' } });
  });

  it('[R59] an action made from a theme is linked to it and seeded by its dots, then priority', () => {
    const server = boardIn('reflect');
    const alice = replicaOf(server);
    const cards = ['a', 'b', 'c', 'd'].map((text) => {
      const added = addCard(alice, ALICE, { column: 'lessons-learned', text });
      return added.ok ? added.value.cardId : '';
    });
    const grouped = groupCards(alice, ALICE, cards[0] as string, cards[1] as string);
    const themeId = grouped.ok ? grouped.value.themeId : '';
    receive(server, Y.encodeStateAsUpdate(alice), ALICE);
    command(server, FACILITATOR, { type: 'setPhase', phase: 'actions' });
    server.transact(() => {
      tallyMap(server).set(`theme:${themeId}`, { dots: 5 });
      tallyMap(server).set(`card:${cards[2]}`, { dots: 2 });
    }, new ServerOrigin('tally'));
    const loose = create(server, BOB, 'No link');
    const small = create(server, BOB, 'From the card with 2 dots', `card:${cards[2] as string}`);
    const top = create(server, ALICE, 'From the theme with 5 dots', `theme:${themeId}`);
    expect(selectActions(server).map((action) => action.id)).toEqual([top.id, small.id, loose.id]);
    expect(selectLinks(server).targetsOf.get(`action:${top.id}`)).toEqual([`theme:${themeId}`]);
    // A card inside a theme weighs as its theme.
    const viaCard = create(server, ALICE, 'From a card in the theme', `card:${cards[0] as string}`);
    expect(selectActions(server).map((action) => action.id)).toEqual([top.id, viaCard.id, small.id, loose.id]);
    // Priority breaks ties between equal dots; sorting puts the high one first, one undoable step.
    sendAs(server, BOB, (doc) => setActionFields(doc, BOB, loose.id, { priority: 'high' }));
    const other = create(server, BOB, 'Another without link');
    expect(selectActions(server).at(-1)?.id).toBe(other.id);
    expect(sendAs(server, BOB, (doc) => sortActions(doc, BOB))).toEqual({ ok: true });
    expect(selectActions(server).map((action) => action.id)).toEqual([top.id, viaCard.id, small.id, loose.id, other.id]);
  });

  it('moving an action changes only its place in the one order', () => {
    const server = boardIn('actions');
    const ids = ['one', 'two', 'three'].map((title) => create(server, ALICE, title).id);
    expect(sendAs(server, BOB, (doc) => moveAction(doc, BOB, ids[2] as string, 0))).toEqual({ ok: true });
    expect(selectActions(server).map((action) => action.title)).toEqual(['three', 'one', 'two']);
  });

  it('[R59] an action cannot be made from a card that is gone', () => {
    const server = boardIn('actions');
    expect(command(server, ALICE, { type: 'createAction', title: 'x', from: 'card:nope' })).toMatchObject({ ok: false, status: 404 });
  });
});
