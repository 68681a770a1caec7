import { SqliteBoardStore } from '@hindsight/server';
import {
  addCard,
  addEvents,
  addWhy,
  deleteAction,
  deleteCard,
  CLOSE,
  SYNC_SUBPROTOCOL,
  syncSubprotocols,
  SESSION_COMMAND_RULES,
  type SessionCommandType,
  factsMap,
  groupCards,
  link,
  linksMap,
  notesMap,
  selectActions,
  selectLinks,
  selectTimeline,
  setThemeNotes,
  themesMap,
  timelineMap,
  whysMap,
  type Actor,
  type RuleId,
} from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { cleanupsAfterEach, connectClient, rawClient, syncUpdate, wsUrl } from './clients';
import { api, command, createBoard, forgedAction, joinBoard, serverPerFile, until } from './helpers';

/**
 * The rule audit of step 10: every rule about who may change what, broken by a raw
 * protocol client (bytes, not the app's code). Rules of step 1 are in rules.test.ts; reads
 * (drafts, votes, exports) in the drafts, votes and exports tests.
 */

const fileServer = serverPerFile();
const cleanups = cleanupsAfterEach();

interface Scene {
  readonly fran: Actor;
  readonly alice: Actor;
  readonly bob: Actor;
  /** Alice's two cards, grouped into her theme. */
  readonly cardId: string;
  readonly themeId: string;
  readonly whyId: string;
  /** Alice's link from her card to Fran's timeline event. */
  readonly linkId: string;
  readonly eventId: string;
  /** Fran's action, made from Alice's card. */
  readonly actionId: string;
  /** A card of Alice's and an action of Fran's, both deleted: what restores are checked against. */
  readonly deletedCardId: string;
  readonly deletedActionId: string;
  readonly aliceClientId: number;
}

interface Forgery {
  readonly rule: RuleId;
  readonly what: string;
  /** Who sends it: Bob (a participant) unless Fran (the facilitator) is the point. */
  readonly by?: 'bob' | 'fran';
  /** Bob's private room instead of the board. */
  readonly privateRoom?: boolean;
  /** Session state set up by Fran's commands before the forgery. */
  readonly setup?: readonly Record<string, unknown>[];
  readonly change: (copy: Y.Doc, scene: Scene) => void;
  /** What the close reason must say, where another check of the same rule could answer first. */
  readonly reason?: RegExp;
}

const ACTIONS_PHASE = [{ type: 'setPhase', phase: 'reflect' }, { type: 'setPhase', phase: 'actions' }];
const FACTS_OPEN = [{ type: 'setFactsEditable', editable: true }];

function writeMap(doc: Y.Doc, root: string, id: string, fields: Record<string, unknown>): void {
  const map = new Y.Map<unknown>();
  doc.getMap<Y.Map<unknown>>(root).set(id, map);
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
}

const entity = (doc: Y.Doc, root: string, id: string) => doc.getMap<Y.Map<unknown>>(root).get(id) as Y.Map<unknown>;

/** A deleted entity's map, still held because the copy keeps deleted content (gc off). */
function deletedEntity(doc: Y.Doc, root: string, id: string): Y.Map<unknown> {
  const item = doc.getMap(root)._map.get(id);
  if (!item?.deleted || !(item.content instanceof Y.ContentType)) throw new Error(`${root} ${id} is not a deleted map here`);
  return item.content.type as Y.Map<unknown>;
}

function deletedField(doc: Y.Doc, root: string, id: string, field: string): unknown {
  return deletedEntity(doc, root, id)._map.get(field)?.content.getContent().at(-1);
}

const HOUR = 3_600_000;

const FORGERIES: readonly Forgery[] = [
  { rule: 'R17', what: "writes a card under Alice's Yjs client id", change: (doc, { bob }) => addCard(doc, bob, { column: 'went-well', text: 'in her clock' }) },
  { rule: 'R29', what: 'adds his own card after the session ended', setup: [{ type: 'endSession' }], change: (doc, { bob }) => addCard(doc, bob, { column: 'went-well', text: 'too late' }) },
  { rule: 'R33', what: 'sets the severity while facts editing is off', change: (doc) => factsMap(doc).set('severity', 'sev1') },
  { rule: 'R33', what: "deletes Fran's timeline event while facts editing is off", change: (doc, { eventId }) => timelineMap(doc).delete(eventId) },
  { rule: 'R35', what: 'replaces the summary text object while facts editing is on', setup: FACTS_OPEN, change: (doc) => factsMap(doc).set('summary', new Y.Text('mine alone')) },
  { rule: 'R36', what: 'adds a timeline event without a time while facts editing is on', setup: FACTS_OPEN, change: (doc) => writeMap(doc, 'timeline', 'e-bad', { id: 'e-bad', zone: 'UTC', text: 'when?' }) },
  {
    rule: 'R41',
    what: "makes a theme in Alice's name",
    change: (doc, { alice }) => writeMap(doc, 'themes', 't-hers', { id: 't-hers', title: new Y.Text('Hers'), order: 'a5', authorId: alice.participantId, createdAt: Date.now(), collapsed: false }),
  },
  { rule: 'R41', what: "replaces the title object of Alice's theme", change: (doc, { themeId }) => entity(doc, 'themes', themeId).set('title', new Y.Text('Mine')) },
  { rule: 'R42', what: "deletes Alice's theme", change: (doc, { themeId }) => themesMap(doc).delete(themeId) },
  { rule: 'R43', what: "puts Alice's card in a theme that never existed", change: (doc, { cardId }) => entity(doc, 'cards', cardId).set('theme', 'never-a-theme') },
  { rule: 'R46', what: 'casts a vote on the board', change: (doc, { themeId }) => doc.getMap('votes').set('vote00000001', `theme:${themeId}`) },
  { rule: 'R47', what: "writes his own theme's vote total", change: (doc, { themeId }) => doc.getMap('tally').set(`theme:${themeId}`, { dots: 99 }) },
  { rule: 'R47', what: 'writes a late mark on votes', change: (doc) => doc.getMap('voteMarks').set('vote00000001', 'vote') },
  { rule: 'R53', what: "tags Alice's theme with a tag that does not exist", change: (doc, { themeId }) => entity(doc, 'themes', themeId).set('tag', 'blame-sam') },
  { rule: 'R54', what: "writes into Fran's discussion notes", change: (doc, { themeId }) => (notesMap(doc).get(themeId) as Y.Text).insert(0, 'Bob says: ') },
  { rule: 'R54', what: "replaces a theme's notes with an empty text object of her own", by: 'fran', reason: /started by the server/, change: (doc, { themeId }) => notesMap(doc).set(themeId, new Y.Text()) },
  { rule: 'R55', what: "deletes Alice's why", change: (doc, { whyId }) => whysMap(doc).delete(whyId) },
  { rule: 'R55', what: "moves Alice's why to another theme", change: (doc, { whyId }) => entity(doc, 'whys', whyId).set('theme', 'elsewhere') },
  { rule: 'R56', what: "unlinks Alice's card from the event", change: (doc, { linkId }) => linksMap(doc).delete(linkId) },
  { rule: 'R56', what: "points Alice's link at another end", change: (doc, { linkId, themeId }) => entity(doc, 'links', linkId).set('from', `theme:${themeId}`) },
  {
    rule: 'R57',
    what: 'makes an action herself, numbered AI-002, in the Actions phase',
    by: 'fran',
    setup: ACTIONS_PHASE,
    change: (doc, { fran }) => writeMap(doc, 'actions', 'a-own', forgedAction('a-own', 'AI-002', fran.participantId)),
  },
  { rule: 'R57', what: "renumbers Fran's action", setup: ACTIONS_PHASE, change: (doc, { actionId }) => entity(doc, 'actions', actionId).set('ref', 'AI-000') },
  { rule: 'R58', what: "edits the action's title before the Actions phase", change: (doc, { actionId }) => (entity(doc, 'actions', actionId).get('title') as Y.Text).insert(0, 'NOT ') },
  { rule: 'R58', what: "deletes Fran's action in the Actions phase", setup: ACTIONS_PHASE, change: (doc, { actionId }) => doc.getMap('actions').delete(actionId) },
  { rule: 'R58', what: "gives the action a due date that is not a date, in the Actions phase", setup: ACTIONS_PHASE, change: (doc, { actionId }) => entity(doc, 'actions', actionId).set('due', 'tomorrow') },
  {
    rule: 'R58',
    what: "links the action to Alice's theme before the Actions phase",
    change: (doc, { bob, actionId, themeId }) =>
      writeMap(doc, 'links', 'l-early', { id: 'l-early', from: `action:${actionId}`, to: `theme:${themeId}`, authorId: bob.participantId, createdAt: Date.now() }),
  },
  { rule: 'R7', what: "replaces the text object of Alice's card", change: (doc, { cardId }) => entity(doc, 'cards', cardId).set('text', new Y.Text('his words')) },
  {
    rule: 'R8',
    what: "restores Alice's deleted card",
    change: (doc, { deletedCardId, alice }) =>
      writeMap(doc, 'cards', deletedCardId, { id: deletedCardId, column: 'went-well', text: new Y.Text('back'), authorId: alice.participantId, createdAt: deletedField(doc, 'cards', deletedCardId, 'createdAt'), order: 'a5' }),
  },
  { rule: 'R6', what: "makes Alice's deleted card his, to restore it as his own", change: (doc, { deletedCardId, bob }) => deletedEntity(doc, 'cards', deletedCardId).set('authorId', bob.participantId) },
  { rule: 'R6', what: "dates Alice's deleted card 1970, to restore it so", change: (doc, { deletedCardId }) => deletedEntity(doc, 'cards', deletedCardId).set('createdAt', 0) },
  { rule: 'R6', what: "makes Alice's deleted card hers, to restore it as her own", by: 'fran', change: (doc, { deletedCardId, fran }) => deletedEntity(doc, 'cards', deletedCardId).set('authorId', fran.participantId) },
  { rule: 'R57', what: "gives Fran's deleted action the number AI-001, in the Actions phase", setup: ACTIONS_PHASE, change: (doc, { deletedActionId }) => deletedEntity(doc, 'actions', deletedActionId).set('ref', 'AI-001') },
  {
    rule: 'R58',
    what: "unlinks Fran's action from Alice's card before the Actions phase",
    change: (doc, { actionId, cardId }) => {
      const links = linksMap(doc);
      for (const [id, link] of links.entries()) if (link.get('from') === `action:${actionId}` && link.get('to') === `card:${cardId}`) links.delete(id);
    },
  },
  {
    rule: 'R67',
    what: 'writes a card dated tomorrow',
    change: (doc, { bob }) => writeMap(doc, 'cards', 'c-future', { id: 'c-future', column: 'went-well', text: new Y.Text('from the future'), authorId: bob.participantId, createdAt: Date.now() + 24 * HOUR, order: 'a5' }),
  },
  {
    rule: 'R67',
    what: 'writes a why dated a year before the board',
    change: (doc, { bob, themeId }) => writeMap(doc, 'whys', 'w-old', { id: 'w-old', theme: themeId, order: 'a9', text: new Y.Text('old'), authorId: bob.participantId, createdAt: Date.now() - 365 * 24 * HOUR }),
  },
  { rule: 'R37', what: 'writes a theme into his private room', privateRoom: true, change: (doc, { bob }) => writeMap(doc, 'themes', 't-private', { id: 't-private', title: new Y.Text('Hidden'), order: 'a0', authorId: bob.participantId, createdAt: Date.now(), collapsed: false }) },
  { rule: 'R5', what: "writes a draft in Alice's name in his private room", privateRoom: true, change: (doc, { alice }) => addCard(doc, alice, { column: 'went-well', text: 'her draft?' }) },
  { rule: 'R47', what: 'marks his own votes in his private room', privateRoom: true, change: (doc) => doc.getMap('voteMarks').set('vote00000001', 'vote') },
  { rule: 'R67', what: 'writes a draft dated tomorrow in his private room', privateRoom: true, change: (doc, { bob }) => addCard(doc, bob, { column: 'went-well', text: 'later', createdAt: Date.now() + 24 * HOUR }) },
];

async function buildScene(forgery: Forgery) {
  const board = await createBoard(fileServer().url);
  const [franJoin, aliceJoin, bobJoin, carolJoin] = await Promise.all([
    joinBoard(fileServer().url, board.id, 'Fran', board.facilitatorKey),
    joinBoard(fileServer().url, board.id, 'Alice'),
    joinBoard(fileServer().url, board.id, 'Bob'),
    joinBoard(fileServer().url, board.id, 'Carol'),
  ]);
  const fran: Actor = { participantId: franJoin.participantId, role: 'facilitator' };
  const alice: Actor = { participantId: aliceJoin.participantId, role: 'participant' };
  const bob: Actor = { participantId: bobJoin.participantId, role: 'participant' };
  const a = await connectClient(cleanups, fileServer().url, board.id, aliceJoin.token);
  const f = await connectClient(cleanups, fileServer().url, board.id, franJoin.token);

  const gone = addCard(a.doc, alice, { column: 'lessons-learned', text: 'Written in haste' });
  if (!gone.ok || !deleteCard(a.doc, alice, gone.value.cardId).ok) throw new Error('deleted card');
  const first = addCard(a.doc, alice, { column: 'went-well', text: 'Pager fired late' });
  const second = addCard(a.doc, alice, { column: 'went-well', text: 'Alert thresholds too high' });
  if (!first.ok || !second.ok) throw new Error('cards');
  const grouped = groupCards(a.doc, alice, first.value.cardId, second.value.cardId);
  if (!grouped.ok) throw new Error('theme');
  const themeId = grouped.value.themeId;
  const why = addWhy(a.doc, alice, themeId, 'The threshold was copied from staging');
  const event = addEvents(f.doc, fran, [{ at: Date.now() - HOUR, zone: 'UTC', text: 'Pager fires' }]);
  if (!why.ok || !event.ok) throw new Error('why or event');
  const eventId = event.value.ids[0] as string;
  await until(() => selectTimeline(a.doc).length === 1, 5000, 'the event at Alice');
  link(a.doc, alice, `card:${first.value.cardId}`, `event:${eventId}`);
  const created = await command(fileServer().url, board.id, franJoin.token, { type: 'createAction', title: 'Lower the threshold', from: `card:${first.value.cardId}` });
  const notes = await command(fileServer().url, board.id, franJoin.token, { type: 'startNotes', themeId });
  const dropped = await command(fileServer().url, board.id, franJoin.token, { type: 'createAction', title: 'Dropped' });
  expect([created.status, notes.status, dropped.status]).toEqual([200, 200, 200]);
  const droppedId = (dropped.body.created as { id: string }).id;
  await until(() => selectActions(f.doc).length === 2, 5000, 'both actions at Fran');
  expect(deleteAction(f.doc, fran, droppedId).ok).toBe(true);
  await until(() => notesMap(f.doc).get(themeId) instanceof Y.Text, 5000, 'the notes at Fran');
  setThemeNotes(f.doc, fran, themeId, 'Thresholds are reviewed by nobody.');
  for (const step of forgery.setup ?? []) expect((await command(fileServer().url, board.id, franJoin.token, step)).status).toBe(200);

  // Carol keeps deleted content, as the server does, so forgeries can reach deleted maps.
  const c = await connectClient(cleanups, fileServer().url, board.id, carolJoin.token, { gc: false });
  const complete = (doc: Y.Doc) =>
    linksMap(doc).size === 2 && whysMap(doc).size === 1 && selectActions(doc).length === 1 && String(notesMap(doc).get(themeId)?.toJSON() ?? '').startsWith('Thresholds');
  await until(() => complete(c.doc) && complete(a.doc), 5000, 'the whole scene at Carol and Alice');
  const scene: Scene = {
    fran,
    alice,
    bob,
    cardId: first.value.cardId,
    themeId,
    whyId: why.value.whyId,
    linkId: selectLinks(a.doc).linksBetween(`card:${first.value.cardId}`, `event:${eventId}`)[0]?.id ?? '',
    eventId,
    actionId: selectActions(a.doc)[0]?.id ?? '',
    deletedCardId: gone.value.cardId,
    deletedActionId: droppedId,
    aliceClientId: a.doc.clientID,
  };
  return { board, scene, a, c, tokens: { fran: franJoin.token, bob: bobJoin.token, carol: carolJoin.token } };
}

/** The whole document as plain data; every root read as the map it is, so fresh copies compare. */
function contents(doc: Y.Doc): Record<string, unknown> {
  for (const name of [...doc.share.keys()]) doc.getMap(name);
  return doc.toJSON();
}

async function storedState(room: string): Promise<unknown> {
  const store = new SqliteBoardStore(fileServer().dataDir);
  try {
    const doc = new Y.Doc();
    const rows = await store.loadUpdates(room);
    if (rows.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(rows));
    return contents(doc);
  } finally {
    await store.close();
  }
}

describe('rule audit: a raw protocol client breaks each rule', () => {
  it.each(FORGERIES.map((forgery) => [forgery.rule, forgery.by === 'fran' ? 'Fran (facilitator)' : 'Bob', forgery.what, forgery] as const))(
    '[%s] %s %s: closed with 4403 naming the rule; nobody sees it; the store does not hold it',
    async (rule, _who, _what, forgery) => {
      const { board, scene, a, c, tokens } = await buildScene(forgery);
      const room = forgery.privateRoom ? `${board.id}~${scene.bob.participantId}` : board.id;
      const boardBefore = contents(a.doc);
      const storedBefore = await storedState(room);

      // The forger's copy: the board as Carol holds it, or Bob's (empty) private room.
      const copy = new Y.Doc({ gc: false });
      if (!forgery.privateRoom) Y.applyUpdate(copy, Y.encodeStateAsUpdate(c.doc));
      // R17 needs Alice's clock: a copy that writes as her client, which only a forger would do.
      if (forgery.rule === 'R17') copy.clientID = scene.aliceClientId;
      const stateBefore = Y.encodeStateVector(copy);
      forgery.change(copy, scene);
      const forged = Y.encodeStateAsUpdate(copy, stateBefore);
      expect(forged.length).toBeGreaterThan(2);

      const { socket, closed } = await rawClient(cleanups, fileServer().url, `${room}?token=${forgery.by === 'fran' ? tokens.fran : tokens.bob}`);
      socket.send(syncUpdate(forged));
      const { code, reason } = await Promise.race([
        closed,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('The server accepted the forgery: the socket stayed open.')), 5000)),
      ]);
      expect({ code, rule: reason.split(':')[0] }).toEqual({ code: CLOSE.ruleViolation.code, rule });
      if (forgery.reason) expect(reason).toMatch(forgery.reason);

      // Presence goes out after anything the server relayed before it: once Carol's mark
      // reaches Alice, a relay of the forgery would have too.
      c.provider.awareness.setLocalStateField('audit', rule);
      await until(() => [...a.provider.awareness.getStates().values()].some((state) => state.audit === rule), 5000, "Carol's presence at Alice");
      expect(contents(a.doc)).toEqual(boardBefore);
      expect(await storedState(room)).toEqual(storedBefore);
      const fresh = await connectClient(cleanups, fileServer().url, room, forgery.privateRoom ? tokens.bob : tokens.carol);
      expect(contents(fresh.doc)).toEqual(forgery.privateRoom ? storedBefore : boardBefore);
    },
  );
});

/** Every command only a facilitator may send, with arguments that would succeed for one. */
function facilitatorCommands(scene: Scene): Record<Exclude<SessionCommandType, 'agree' | 'setReady' | 'createAction'>, Record<string, unknown>> {
  return {
    setPhase: { type: 'setPhase', phase: 'reflect' },
    startTimer: { type: 'startTimer' },
    pauseTimer: { type: 'pauseTimer' },
    resetTimer: { type: 'resetTimer' },
    addTime: { type: 'addTime', minutes: 5 },
    setTimebox: { type: 'setTimebox', phase: 'discuss', minutes: 25 },
    setPrimeDirective: { type: 'setPrimeDirective', text: 'Blame Bob.' },
    setRole: { type: 'setRole', participantId: scene.bob.participantId, role: 'facilitator' },
    handOver: { type: 'handOver', participantId: scene.bob.participantId },
    removeParticipant: { type: 'removeParticipant', participantId: scene.alice.participantId },
    setFactsEditable: { type: 'setFactsEditable', editable: true },
    revealDrafts: { type: 'revealDrafts' },
    setPrivateWriting: { type: 'setPrivateWriting', enabled: false },
    revealVotes: { type: 'revealVotes' },
    setVoteSettings: { type: 'setVoteSettings', budget: 20, cap: 20 },
    setSpotlight: { type: 'setSpotlight', participantId: scene.alice.participantId },
    startNotes: { type: 'startNotes', themeId: scene.themeId },
    endSession: { type: 'endSession' },
    reopenSession: { type: 'reopenSession' },
  };
}

describe('rule audit: what only a facilitator may ask the server for', () => {
  it('[R19-R30][R34][R39][R40][R50-R52][R54] every facilitator command and endpoint refuses a participant: 403 naming its rule; the store is unchanged', async () => {
    const { board, scene, tokens } = await buildScene({ rule: 'R19', what: '', change: () => undefined });
    const storedBefore = await storedState(board.id);
    for (const [type, body] of Object.entries(facilitatorCommands(scene))) {
      const refused = await command(fileServer().url, board.id, tokens.bob, body);
      expect({ type, ...refused }).toEqual({ type, status: 403, body: { error: 'Only a facilitator may do this.', rule: SESSION_COMMAND_RULES[type as SessionCommandType] } });
    }
    expect(await api(fileServer().url, `/api/boards/${board.id}/facilitator-link`, { token: tokens.bob })).toMatchObject({ status: 403, body: { rule: 'R25' } });
    expect(await api(fileServer().url, `/api/boards/${board.id}`, { method: 'DELETE', token: tokens.bob })).toMatchObject({ status: 403, body: { rule: 'R30' } });
    // A refused command writes nothing, and an accepted one is committed before it answers.
    expect(await storedState(board.id)).toEqual(storedBefore);
  });
});

describe('the token in a subprotocol', () => {
  it('[R63] a socket offering the token as a subprotocol is served, and the answer names only "hindsight"; a bad one is refused', async () => {
    const { board, tokens } = await buildScene({ rule: 'R63', what: '', change: () => undefined });
    const open = (token: string) => {
      const socket = new WebSocket(`${wsUrl(fileServer().url)}/${board.id}`, syncSubprotocols(token));
      cleanups.push(() => socket.terminate());
      const first = new Promise<Buffer>((resolve) => socket.once('message', (data: Buffer) => resolve(data)));
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      return { socket, first, closed };
    };
    const member = open(tokens.carol);
    await new Promise((resolve) => member.socket.once('open', resolve));
    expect(member.socket.protocol).toBe(SYNC_SUBPROTOCOL);
    // The server's first word is its sync step 1: the token was taken.
    expect([...(await member.first).subarray(0, 2)]).toEqual([0, 0]);
    expect(await open(`${tokens.carol}x`).closed).toBe(CLOSE.unauthorized.code);
  });
});
