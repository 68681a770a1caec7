import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  cardsMap,
  deleteCard,
  editCardText,
  hasAgreed,
  markLate,
  moveCard,
  PHASE_IDS,
  runSessionCommand,
  selectParticipants,
  selectSession,
  sessionCommandSchema,
  type Actor,
  type SessionCommand,
} from '../src/index';
import { ALICE, attempt, BOB, FACILITATOR, receive, replicaOf, serverBoard, stateOf, updateOf } from './helpers';

const T0 = 1_800_000_000_000;
const MINUTE = 60_000;

function run(doc: Y.Doc, actor: Actor, command: SessionCommand, now = T0) {
  return runSessionCommand(doc, actor.participantId, command, now);
}

/** Runs a command that must succeed. */
function must(doc: Y.Doc, actor: Actor, command: SessionCommand, now = T0): void {
  expect(run(doc, actor, command, now)).toMatchObject({ ok: true });
}

/** Every command type with valid arguments, for the authorisation table. */
const EVERY_COMMAND: readonly SessionCommand[] = [
  { type: 'setPhase', phase: 'reflect' },
  { type: 'startTimer' },
  { type: 'pauseTimer' },
  { type: 'resetTimer' },
  { type: 'addTime', minutes: 5 },
  { type: 'setTimebox', phase: 'discuss', minutes: 25 },
  { type: 'setPrimeDirective', text: 'We assume good intent.' },
  { type: 'setRole', participantId: BOB.participantId, role: 'facilitator' },
  { type: 'handOver', participantId: BOB.participantId },
  { type: 'removeParticipant', participantId: BOB.participantId },
  { type: 'revealVotes' },
  { type: 'setVoteSettings', budget: 7, cap: 2 },
  { type: 'setSpotlight', participantId: BOB.participantId },
  { type: 'endSession' },
  { type: 'reopenSession' },
];

describe('session commands', () => {
  it.each(EVERY_COMMAND.map((command) => [command.type, command] as const))(
    '[R19-R28] a participant cannot run the facilitator command %s, and nothing is written',
    (_type, command) => {
      const doc = serverBoard();
      const before = stateOf(doc);
      const result = run(doc, ALICE, command);
      expect(result).toMatchObject({ ok: false, status: 403 });
      expect(stateOf(doc)).toBe(before);
      // A facilitator is let through (some commands then have their own reasons to refuse, never 403).
      expect(run(doc, FACILITATOR, command)).not.toMatchObject({ status: 403 });
    },
  );

  it('[R19] phases move forward and back; each change counts, clears ready marks and restarts the timer', () => {
    const doc = serverBoard();
    expect(selectSession(doc)).toMatchObject({ phase: 'prepare', phaseSeq: 0, timer: null });
    must(doc, FACILITATOR, { type: 'setPhase', phase: 'reflect' }, T0);
    must(doc, ALICE, { type: 'setReady', ready: true });
    expect(selectSession(doc).ready.has(ALICE.participantId)).toBe(true);
    must(doc, FACILITATOR, { type: 'setPhase', phase: 'discuss' }, T0 + 1000);
    const discuss = selectSession(doc);
    expect(discuss).toMatchObject({ phase: 'discuss', phaseSeq: 2, phaseStartedAt: T0 + 1000 });
    expect(discuss.ready.size).toBe(0);
    expect(discuss.timer).toEqual({ running: true, endsAt: T0 + 1000 + 15 * MINUTE, remainingMs: 15 * MINUTE, durationMs: 15 * MINUTE });
    must(doc, FACILITATOR, { type: 'setPhase', phase: 'review-the-facts' }, T0 + 2000);
    expect(selectSession(doc)).toMatchObject({ phase: 'review-the-facts', phaseSeq: 3 });
    // Asking for the phase the board is in (two facilitators clicking at once) changes nothing.
    const before = stateOf(doc);
    must(doc, FACILITATOR, { type: 'setPhase', phase: 'review-the-facts' });
    expect(stateOf(doc)).toBe(before);
  });

  it('[R19] once started, the session cannot go back to before the start', () => {
    const doc = serverBoard();
    must(doc, FACILITATOR, { type: 'setPhase', phase: 'set-the-tone' });
    expect(run(doc, FACILITATOR, { type: 'setPhase', phase: 'prepare' })).toMatchObject({ ok: false, status: 409, rule: 'R19' });
    expect(selectSession(doc).phase).toBe('set-the-tone');
  });

  it('[R25][R32] the sender\'s role is read from the board at the moment the command runs', () => {
    const doc = serverBoard();
    must(doc, FACILITATOR, { type: 'setRole', participantId: ALICE.participantId, role: 'facilitator' });
    // Both facilitators try to remove each other; whichever runs second is no longer on the board.
    must(doc, ALICE, { type: 'removeParticipant', participantId: FACILITATOR.participantId });
    expect(run(doc, FACILITATOR, { type: 'removeParticipant', participantId: ALICE.participantId })).toMatchObject({ ok: false, status: 401, rule: 'R27' });
    expect([...selectSession(doc).facilitators]).toEqual([ALICE.participantId]);
    expect(run(doc, { participantId: 'p-stranger', role: 'facilitator' }, { type: 'endSession' })).toMatchObject({ ok: false, status: 401 });
  });

  it('[R25][R26][R27] a command that takes the facilitator role away says so, so the server can replace the key', () => {
    const doc = serverBoard();
    expect(run(doc, FACILITATOR, { type: 'setRole', participantId: ALICE.participantId, role: 'facilitator' })).toEqual({ ok: true, revokedFacilitator: false });
    expect(run(doc, FACILITATOR, { type: 'setRole', participantId: ALICE.participantId, role: 'participant' })).toEqual({ ok: true, revokedFacilitator: true });
    expect(run(doc, FACILITATOR, { type: 'removeParticipant', participantId: BOB.participantId })).toEqual({ ok: true, revokedFacilitator: false });
    expect(run(doc, FACILITATOR, { type: 'handOver', participantId: ALICE.participantId })).toEqual({ ok: true, revokedFacilitator: true });
  });

  it('[R19-R28] a command that changes nothing writes nothing', () => {
    const doc = serverBoard();
    must(doc, FACILITATOR, { type: 'setPhase', phase: 'reflect' });
    must(doc, ALICE, { type: 'agree' });
    must(doc, ALICE, { type: 'setReady', ready: true });
    const before = stateOf(doc);
    for (const [actor, command] of [
      [FACILITATOR, { type: 'setPhase', phase: 'reflect' }],
      [FACILITATOR, { type: 'setTimebox', phase: 'discuss', minutes: 15 }],
      [FACILITATOR, { type: 'reopenSession' }],
      [FACILITATOR, { type: 'setRole', participantId: BOB.participantId, role: 'participant' }],
      [ALICE, { type: 'agree' }],
      [ALICE, { type: 'setReady', ready: true }],
    ] as [Actor, SessionCommand][]) {
      must(doc, actor, command);
    }
    expect(stateOf(doc)).toBe(before);
  });

  it('[R19] the phase list follows seed 001 in order', () => {
    expect(PHASE_IDS).toEqual(['prepare', 'set-the-tone', 'review-the-facts', 'reflect', 'discuss', 'group', 'vote', 'actions', 'wrap-up']);
    expect(sessionCommandSchema.safeParse({ type: 'setPhase', phase: 'lunch' }).success).toBe(false);
    expect(sessionCommandSchema.safeParse({ type: 'selfDestruct' }).error?.issues[0]?.message).toBe('Unknown command type.');
  });

  it('[R20] start, pause, +1/+5 and reset keep the remaining time exact in server time', () => {
    const doc = serverBoard();
    must(doc, FACILITATOR, { type: 'setPhase', phase: 'reflect' }, T0);
    must(doc, FACILITATOR, { type: 'pauseTimer' }, T0 + 90_000);
    expect(selectSession(doc).timer).toMatchObject({ running: false, remainingMs: 10 * MINUTE - 90_000 });
    must(doc, FACILITATOR, { type: 'addTime', minutes: 5 }, T0 + 100_000);
    expect(selectSession(doc).timer).toMatchObject({ running: false, remainingMs: 15 * MINUTE - 90_000 });
    must(doc, FACILITATOR, { type: 'startTimer' }, T0 + 200_000);
    expect(selectSession(doc).timer).toMatchObject({ running: true, endsAt: T0 + 200_000 + 15 * MINUTE - 90_000 });
    must(doc, FACILITATOR, { type: 'addTime', minutes: 1 }, T0 + 210_000);
    expect(selectSession(doc).timer?.endsAt).toBe(T0 + 200_000 + 16 * MINUTE - 90_000);
    must(doc, FACILITATOR, { type: 'resetTimer' }, T0 + 300_000);
    expect(selectSession(doc).timer).toEqual({ running: false, endsAt: T0 + 300_000 + 10 * MINUTE, remainingMs: 10 * MINUTE, durationMs: 10 * MINUTE });
  });

  it('[R20] there is no timer before the session starts', () => {
    const doc = serverBoard();
    expect(run(doc, FACILITATOR, { type: 'startTimer' })).toMatchObject({ ok: false, status: 409, rule: 'R20' });
  });

  it('[R21] a new time box applies to a paused timer of the current phase, not to a running one', () => {
    const doc = serverBoard();
    must(doc, FACILITATOR, { type: 'setTimebox', phase: 'discuss', minutes: 30 });
    must(doc, FACILITATOR, { type: 'setPhase', phase: 'discuss' }, T0);
    expect(selectSession(doc).timer).toMatchObject({ running: true, durationMs: 30 * MINUTE });
    must(doc, FACILITATOR, { type: 'setTimebox', phase: 'discuss', minutes: 20 });
    expect(selectSession(doc).timer?.durationMs).toBe(30 * MINUTE);
    must(doc, FACILITATOR, { type: 'pauseTimer' }, T0);
    must(doc, FACILITATOR, { type: 'setTimebox', phase: 'discuss', minutes: 25 });
    expect(selectSession(doc).timer).toMatchObject({ running: false, remainingMs: 25 * MINUTE });
    expect(sessionCommandSchema.safeParse({ type: 'setTimebox', phase: 'discuss', minutes: 0 }).success).toBe(false);
    expect(sessionCommandSchema.safeParse({ type: 'setTimebox', phase: 'prepare', minutes: 5 }).success).toBe(false);
  });

  it('[R22] the Prime Directive is reworded before the session only', () => {
    const doc = serverBoard();
    must(doc, FACILITATOR, { type: 'setPrimeDirective', text: 'We assume everyone acted in good faith.' });
    expect(selectSession(doc).primeDirective).toBe('We assume everyone acted in good faith.');
    must(doc, FACILITATOR, { type: 'setPhase', phase: 'set-the-tone' });
    expect(run(doc, FACILITATOR, { type: 'setPrimeDirective', text: 'Changed later' })).toMatchObject({ ok: false, status: 409, rule: 'R22' });
    expect(sessionCommandSchema.safeParse({ type: 'setPrimeDirective', text: '   ' }).success).toBe(false);
  });

  it('[R23] agreeing counts for the current opening; starting "Set the tone" asks everyone again', () => {
    const doc = serverBoard();
    must(doc, ALICE, { type: 'agree' });
    expect(hasAgreed(selectSession(doc), ALICE.participantId)).toBe(true);
    expect(hasAgreed(selectSession(doc), BOB.participantId)).toBe(false);
    must(doc, FACILITATOR, { type: 'setPhase', phase: 'set-the-tone' });
    expect(hasAgreed(selectSession(doc), ALICE.participantId)).toBe(false);
    must(doc, BOB, { type: 'agree' });
    const session = selectSession(doc);
    expect([...session.agreed.keys()].filter((id) => hasAgreed(session, id))).toEqual([BOB.participantId]);
  });

  it('[R24] participants mark themselves done in Reflect, Vote and Actions only', () => {
    const doc = serverBoard();
    expect(run(doc, ALICE, { type: 'setReady', ready: true })).toMatchObject({ ok: false, status: 409, rule: 'R24' });
    for (const phase of ['reflect', 'vote', 'actions'] as const) {
      must(doc, FACILITATOR, { type: 'setPhase', phase });
      must(doc, ALICE, { type: 'setReady', ready: true });
      expect([...selectSession(doc).ready]).toEqual([ALICE.participantId]);
    }
    must(doc, ALICE, { type: 'setReady', ready: false });
    expect(selectSession(doc).ready.size).toBe(0);
    must(doc, FACILITATOR, { type: 'setPhase', phase: 'wrap-up' });
    expect(run(doc, ALICE, { type: 'setReady', ready: true })).toMatchObject({ ok: false, rule: 'R24' });
  });

  it('[R25] roles are shared and withdrawn, but the last facilitator stays', () => {
    const doc = serverBoard();
    const roleOf = (id: string) => selectParticipants(doc).find((p) => p.id === id)?.role;
    must(doc, FACILITATOR, { type: 'setRole', participantId: ALICE.participantId, role: 'facilitator' });
    expect(roleOf(ALICE.participantId)).toBe('facilitator');
    must(doc, FACILITATOR, { type: 'setRole', participantId: FACILITATOR.participantId, role: 'participant' });
    expect(roleOf(FACILITATOR.participantId)).toBe('participant');
    const alice: Actor = { ...ALICE, role: 'facilitator' };
    expect(run(doc, alice, { type: 'setRole', participantId: ALICE.participantId, role: 'participant' })).toMatchObject({ ok: false, status: 409, rule: 'R25' });
    expect(run(doc, alice, { type: 'setRole', participantId: 'p-nobody', role: 'facilitator' })).toMatchObject({ ok: false, status: 404 });
  });

  it('[R26] handing over makes the other participant the facilitator and the sender a participant', () => {
    const doc = serverBoard();
    must(doc, FACILITATOR, { type: 'handOver', participantId: BOB.participantId });
    const roles = Object.fromEntries(selectParticipants(doc).map((p) => [p.id, p.role]));
    expect(roles).toEqual({ [FACILITATOR.participantId]: 'participant', [ALICE.participantId]: 'participant', [BOB.participantId]: 'facilitator' });
    expect(run(doc, { ...BOB, role: 'facilitator' }, { type: 'handOver', participantId: BOB.participantId })).toMatchObject({ ok: false, status: 409 });
  });

  it('[R27] a removed participant is flagged and loses any role; their cards stay', () => {
    const doc = serverBoard();
    const bob = replicaOf(doc);
    receive(doc, updateOf(bob, () => addCard(bob, BOB, { column: 'went-well', text: "Bob's" })), BOB);
    must(doc, FACILITATOR, { type: 'setRole', participantId: BOB.participantId, role: 'facilitator' });
    must(doc, FACILITATOR, { type: 'removeParticipant', participantId: BOB.participantId });
    expect(selectParticipants(doc).find((p) => p.id === BOB.participantId)).toMatchObject({ removed: true, role: 'participant' });
    expect(cardsMap(doc).size).toBe(1);
    expect(run(doc, FACILITATOR, { type: 'removeParticipant', participantId: FACILITATOR.participantId })).toMatchObject({ ok: false, status: 409 });
    expect(run(doc, FACILITATOR, { type: 'handOver', participantId: BOB.participantId })).toMatchObject({ ok: false, status: 404 });
  });

  it('[R28] an ended session takes no command but reopening, and stops the timer where it was', () => {
    const doc = serverBoard();
    must(doc, FACILITATOR, { type: 'setPhase', phase: 'reflect' }, T0);
    must(doc, FACILITATOR, { type: 'endSession' }, T0 + 60_000);
    expect(selectSession(doc)).toMatchObject({ ended: true, timer: { running: false, remainingMs: 9 * MINUTE } });
    expect(run(doc, FACILITATOR, { type: 'setPhase', phase: 'vote' })).toMatchObject({ ok: false, status: 409, rule: 'R28' });
    expect(run(doc, ALICE, { type: 'agree' })).toMatchObject({ ok: false, status: 409, rule: 'R28' });
    must(doc, FACILITATOR, { type: 'reopenSession' });
    expect(selectSession(doc).ended).toBe(false);
    must(doc, FACILITATOR, { type: 'setPhase', phase: 'vote' });
  });

  it("[R39] revealing one participant's drafts needs a participant still on the board", () => {
    const doc = serverBoard();
    expect(run(doc, FACILITATOR, { type: 'revealDrafts', participantId: 'p-nobody' })).toMatchObject({ ok: false, status: 404, rule: 'R39' });
    must(doc, FACILITATOR, { type: 'removeParticipant', participantId: BOB.participantId });
    expect(run(doc, FACILITATOR, { type: 'revealDrafts', participantId: BOB.participantId })).toMatchObject({ ok: false, status: 404 });
    expect(run(doc, ALICE, { type: 'revealDrafts', participantId: BOB.participantId })).toMatchObject({ ok: false, status: 403 });
    must(doc, ALICE, { type: 'revealDrafts', participantId: ALICE.participantId });
  });

  it('[R31] late marks name the phase a card arrived in and are written once', () => {
    const doc = serverBoard();
    markLate(doc, ['c1'], 'vote');
    markLate(doc, ['c1', 'c2'], 'actions');
    expect(Object.fromEntries(selectSession(doc).late)).toEqual({ c1: 'vote', c2: 'actions' });
  });
});

describe('session map in the rule gate', () => {
  it('[R18] a client cannot write the session map: not the phase, not its own role, not its agreement', () => {
    const server = serverBoard();
    must(server, FACILITATOR, { type: 'setPhase', phase: 'reflect' });
    const session = (doc: Y.Doc) => doc.getMap<unknown>('session');
    const nested = (doc: Y.Doc, key: string) => session(doc).get(key) as Y.Map<unknown>;
    const attempts: [Actor, (doc: Y.Doc) => void][] = [
      [FACILITATOR, (doc) => session(doc).set('phase', 'vote')],
      [ALICE, (doc) => nested(doc, 'facilitators').set(ALICE.participantId, 1)],
      [ALICE, (doc) => nested(doc, 'timer').set('endsAt', 0)],
      [FACILITATOR, (doc) => nested(doc, 'facilitators').delete(FACILITATOR.participantId)],
      [ALICE, (doc) => session(doc).set('agreed', new Y.Map())],
    ];
    for (const [actor, change] of attempts) {
      const before = stateOf(server);
      expect(receive(server, attempt(server, change), actor)).toMatchObject({ ok: false, rule: 'R18' });
      expect(stateOf(server)).toBe(before);
    }
  });

  it('[R29] an ended board refuses adding, editing, moving and deleting cards, and takes them again once reopened', () => {
    const server = serverBoard();
    const alice = replicaOf(server);
    receive(server, updateOf(alice, () => addCard(alice, ALICE, { column: 'went-well', text: 'kept' })), ALICE);
    const cardId = [...cardsMap(server).keys()][0] as string;
    must(server, FACILITATOR, { type: 'endSession' });
    const changes: [Actor, (doc: Y.Doc) => void][] = [
      [ALICE, (doc) => addCard(doc, ALICE, { column: 'went-well', text: 'too late' })],
      [ALICE, (doc) => editCardText(doc, ALICE, cardId, { index: 0, deleteCount: 0, insert: 'x' })],
      [BOB, (doc) => moveCard(doc, BOB, cardId, { column: 'lessons-learned', index: 0 })],
      [FACILITATOR, (doc) => deleteCard(doc, FACILITATOR, cardId)],
    ];
    for (const [actor, change] of changes) {
      const before = stateOf(server);
      expect(receive(server, attempt(server, change), actor)).toMatchObject({ ok: false, rule: 'R29' });
      expect(stateOf(server)).toBe(before);
    }
    // A reconnecting client resends what the board already has: that changes nothing and passes.
    expect(receive(server, Y.encodeStateAsUpdate(alice), ALICE)).toMatchObject({ ok: true });
    must(server, FACILITATOR, { type: 'reopenSession' });
    const [actor, change] = changes[0] as [Actor, (doc: Y.Doc) => void];
    expect(receive(server, attempt(server, change), actor)).toMatchObject({ ok: true });
  });
});
