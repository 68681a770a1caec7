import {
  addCard,
  cardsMap,
  CLOSE,
  deleteCard,
  editCardText,
  selectBoardMeta,
  selectCards,
  selectParticipants,
  type Actor,
  type RuleId,
} from '@hindsight/shared';
import { SqliteBoardStore } from '@hindsight/server';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cleanupsAfterEach, connectClient, rawClient, syncUpdate } from './clients';
import { createBoard, forgedAction, joinBoard, removeDir, startTestServer, until } from './helpers';

const cleanups = cleanupsAfterEach();

interface Scene {
  readonly alice: Actor;
  readonly bob: Actor;
  readonly cardId: string;
}

type Forgery =
  | { readonly change: (copy: Y.Doc, scene: Scene) => void }
  | { readonly bytes: (board: Y.Doc, scene: Scene) => Uint8Array };

const card = (doc: Y.Doc, id: string) => cardsMap(doc).get(id) as Y.Map<unknown>;

function rawCard(doc: Y.Doc, id: string, fields: Record<string, unknown>): void {
  const map = new Y.Map<unknown>();
  cardsMap(doc).set(id, map as never);
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
}

function writeRawMap(doc: Y.Doc, root: string, id: string, fields: Record<string, unknown>): void {
  const map = new Y.Map<unknown>();
  doc.getMap<Y.Map<unknown>>(root).set(id, map);
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
}

/** Every rule of step 1 (and R18), broken by Bob (a participant) through a raw protocol client. */
const FORGERIES: [RuleId, string, Forgery][] = [
  ['R1', 'writes a root the model does not define', { change: (doc) => doc.getMap('decisions').set('t1', 'mine') }],
  ['R2', 'renames himself Alice', { change: (doc, { bob }) => doc.getMap<Y.Map<unknown>>('participants').get(bob.participantId)?.set('name', 'Alice') }],
  ['R3', 'renames the board', { change: (doc) => doc.getMap('board').set('title', 'Renamed') }],
  ['R18', 'moves the session to the vote', { change: (doc) => doc.getMap('session').set('phase', 'vote') }],
  [
    'R4',
    'adds a card with a field cards do not have',
    {
      change: (doc, { bob }) =>
        rawCard(doc, 'c-votes', { id: 'c-votes', column: 'went-well', text: new Y.Text('x'), authorId: bob.participantId, createdAt: 1, order: 'a5', votes: 9 }),
    },
  ],
  ['R5', "writes a card in Alice's name", { change: (doc, { alice }) => addCard(doc, alice, { column: 'went-well', text: 'not mine' }) }],
  ['R6', "changes when Alice's card was written", { change: (doc, { cardId }) => card(doc, cardId).set('createdAt', 1) }],
  ['R7', "edits Alice's text", { change: (doc, { alice, cardId }) => editCardText(doc, alice, cardId, { index: 0, deleteCount: 0, insert: 'NOT ' }) }],
  ['R8', "deletes Alice's card", { change: (doc, { alice, cardId }) => deleteCard(doc, alice, cardId) }],
  ['R9', "moves Alice's card to a column that does not exist", { change: (doc, { cardId }) => card(doc, cardId).set('column', 'nowhere') }],
  [
    // Outside the Actions phase the phase rule answers first; a facilitator's forgery meets R57 (shared/test/actions.test.ts).
    'R58',
    'makes an action himself, numbered AI-001, before the Actions phase',
    {
      change: (doc, { bob }) => writeRawMap(doc, 'actions', 'a1', forgedAction('a1', 'AI-001', bob.participantId)),
    },
  ],
  ['R62', 'writes a card four times longer than the app allows, and one more character', { change: (doc, { bob }) => writeRawMap(doc, 'cards', 'c-long', { id: 'c-long', column: 'went-well', text: new Y.Text('x'.repeat(8001)), authorId: bob.participantId, createdAt: 1, order: 'a5' }) }],
  ['R55', 'adds a why under a theme the board never had', { change: (doc, { bob }) => writeRawMap(doc, 'whys', 'w1', { id: 'w1', theme: 'ghost', order: 'a0', text: new Y.Text('x'), authorId: bob.participantId, createdAt: 1 }) }],
  ['R56', "links Alice's card to another card", { change: (doc, { bob, cardId }) => writeRawMap(doc, 'links', 'l1', { id: 'l1', from: `card:${cardId}`, to: `card:${cardId}`, authorId: bob.participantId, createdAt: 1 }) }],
  [
    'R10',
    'sends an update with an empty delete range',
    {
      bytes: () => {
        const encoder = encoding.createEncoder();
        for (const n of [0, 1, 4242, 1, 1000, 0]) encoding.writeVarUint(encoder, n);
        return encoding.toUint8Array(encoder);
      },
    },
  ],
  [
    'R11',
    'sends an edit whose card the board never received',
    {
      bytes: (board, { bob }) => {
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(board));
        const added = addCard(copy, bob, { column: 'went-well', text: 'unsent' });
        const before = Y.encodeStateVector(copy);
        if (added.ok) editCardText(copy, bob, added.value.cardId, { index: 0, deleteCount: 0, insert: '!' });
        return Y.encodeStateAsUpdate(copy, before);
      },
    },
  ],
];

/** What a client shows of the board, leaving out the sentinel card used to flush the relay. */
function view(doc: Y.Doc) {
  return {
    cards: selectCards(doc).filter((c) => c.text !== 'sentinel'),
    participants: selectParticipants(doc),
    meta: selectBoardMeta(doc),
    roots: [...doc.share.keys()].filter((name) => !['board', 'participants', 'cards'].includes(name)),
  };
}

describe('rule gate on the server', () => {
  it.each(FORGERIES)('[%s] Bob %s: closed with 4403 naming the rule; Alice never sees it; the store does not hold it', async (rule, _what, forgery) => {
    const started = await startTestServer();
    cleanups.push(async () => {
      await started.close();
      removeDir(started.dataDir);
    });
    const board = await createBoard(started.url);
    const [alice, bob, carol] = await Promise.all(['Alice', 'Bob', 'Carol'].map((name) => joinBoard(started.url, board.id, name)));
    if (!alice || !bob || !carol) throw new Error('join failed');
    const scene: Scene = {
      alice: { participantId: alice.participantId, role: 'participant' },
      bob: { participantId: bob.participantId, role: 'participant' },
      cardId: '',
    };
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    const added = addCard(a.doc, scene.alice, { column: 'went-well', text: 'Pager fired late' });
    const c = await connectClient(cleanups, started.url, board.id, carol.token);
    await until(() => selectCards(c.doc).length === 1, 5000, "Alice's card to be stored");
    const withCard: Scene = { ...scene, cardId: added.ok ? added.value.cardId : '' };
    const seenBefore = view(a.doc);

    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(c.doc));
    const stateBefore = Y.encodeStateVector(copy);
    let forged: Uint8Array;
    if ('change' in forgery) {
      forgery.change(copy, withCard);
      forged = Y.encodeStateAsUpdate(copy, stateBefore);
    } else {
      forged = forgery.bytes(c.doc, withCard);
    }
    const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${bob.token}`);
    socket.send(syncUpdate(forged));
    const { code, reason } = await closed;
    expect({ code, rule: reason.split(':')[0] }).toEqual({ code: CLOSE.ruleViolation.code, rule: rule });

    // Relays go out in order: once Carol's sentinel reaches Alice, anything relayed before it has too.
    addCard(c.doc, { participantId: carol.participantId, role: 'participant' }, { column: 'ongoing-problem', text: 'sentinel' });
    await until(() => selectCards(a.doc).some((x) => x.text === 'sentinel'), 5000, 'the sentinel');
    expect(view(a.doc)).toEqual(seenBefore);
    const fresh = await connectClient(cleanups, started.url, board.id, carol.token);
    expect(view(fresh.doc)).toEqual(seenBefore);
    const store = new SqliteBoardStore(started.dataDir);
    cleanups.push(() => store.close());
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates(await store.loadUpdates(board.id)));
    expect(view(stored)).toEqual(seenBefore);
  });
});
