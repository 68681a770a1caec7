import * as Y from 'yjs';
import { z } from 'zod';
import { participantsMap, type Actor } from '../layout';
import { mayWorkOnActions } from '../actions/commands';
import { writeNewAction } from '../actions/create';
import { MAX_ACTION_TITLE_LENGTH, MAX_ACTIONS } from '../actions/model';
import { startThemeNotes } from '../analysis/commands';
import { linkEndId, linkEndKind, type LinkEnd } from '../analysis/model';
import { selectCard } from '../selectors';
import { selectLayout } from '../themes/selectors';
import { ServerOrigin } from '../origin';
import type { RuleId } from '../rules';
import {
  MAX_PRIME_DIRECTIVE_LENGTH,
  MAX_TIMEBOX_MINUTES,
  MIN_TIMEBOX_MINUTES,
  PHASES,
  phaseOf,
  phaseIndex,
  READY_PHASES,
  type PhaseId,
} from './phases';
import { MAX_VOTE_BUDGET } from '../votes/count';
import { isFacilitator, isRemoved, selectSession, SESSION, sessionChild, sessionMap, timeboxOf, type SessionSnapshot } from './state';

const phaseIds = PHASES.map((phase) => phase.id) as [PhaseId, ...PhaseId[]];
const timedPhaseIds = phaseIds.filter((id) => id !== 'prepare') as [PhaseId, ...PhaseId[]];
const participantId = z.string().min(1).max(64);
const dots = (what: string) =>
  z
    .number()
    .int(`${what}: a whole number.`)
    .min(1, `${what}: at least 1.`)
    .max(MAX_VOTE_BUDGET, `${what}: at most ${MAX_VOTE_BUDGET}.`);

/** What a client may ask of the session (POST /api/boards/:id/commands); SPEC.md has one rule per type. */
export const sessionCommandSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('setPhase'), phase: z.enum(phaseIds) }),
    z.object({ type: z.literal('startTimer') }),
    z.object({ type: z.literal('pauseTimer') }),
    z.object({ type: z.literal('resetTimer') }),
    z.object({ type: z.literal('addTime'), minutes: z.number().int().min(1).max(60) }),
    z.object({
      type: z.literal('setTimebox'),
      phase: z.enum(timedPhaseIds),
      minutes: z
        .number()
        .int('A time box is a whole number of minutes.')
        .min(MIN_TIMEBOX_MINUTES, `A time box is at least ${MIN_TIMEBOX_MINUTES} minute.`)
        .max(MAX_TIMEBOX_MINUTES, `A time box is at most ${MAX_TIMEBOX_MINUTES} minutes.`),
    }),
    z.object({
      type: z.literal('setPrimeDirective'),
      text: z
        .string()
        .trim()
        .min(1, 'The Prime Directive cannot be empty.')
        .max(MAX_PRIME_DIRECTIVE_LENGTH, `The Prime Directive has at most ${MAX_PRIME_DIRECTIVE_LENGTH} characters.`),
    }),
    z.object({ type: z.literal('agree') }),
    z.object({ type: z.literal('setReady'), ready: z.boolean() }),
    z.object({ type: z.literal('setRole'), participantId, role: z.enum(['facilitator', 'participant']) }),
    z.object({ type: z.literal('handOver'), participantId }),
    z.object({ type: z.literal('removeParticipant'), participantId }),
    z.object({ type: z.literal('setFactsEditable'), editable: z.boolean() }),
    z.object({ type: z.literal('revealDrafts'), participantId: participantId.optional() }),
    z.object({ type: z.literal('setPrivateWriting'), enabled: z.boolean() }),
    z.object({ type: z.literal('revealVotes') }),
    z
      .object({
        type: z.literal('setVoteSettings'),
        budget: dots('Dots per person').optional(),
        cap: dots('Dots on one item').optional(),
        live: z.boolean().optional(),
        showVoters: z.boolean().optional(),
      })
      .refine((command) => command.cap === undefined || command.budget === undefined || command.cap <= command.budget, {
        message: 'An item cannot take more dots than a person has.',
      }),
    z.object({ type: z.literal('setSpotlight'), participantId: participantId.nullable() }),
    z.object({
      type: z.literal('createAction'),
      title: z.string().max(MAX_ACTION_TITLE_LENGTH, `An action's title holds at most ${MAX_ACTION_TITLE_LENGTH} characters.`),
      from: z
        .string()
        .regex(/^(card|theme):.{1,200}$/s, 'An action is made from a card (card:<id>) or a theme (theme:<id>).')
        .optional(),
    }),
    z.object({ type: z.literal('startNotes'), themeId: z.string().min(1).max(200) }),
    z.object({ type: z.literal('endSession') }),
    z.object({ type: z.literal('reopenSession') }),
  ],
  { error: 'Unknown command type.' },
);

export type SessionCommand = z.infer<typeof sessionCommandSchema>;
export type SessionCommandType = SessionCommand['type'];

/** The rule in SPEC.md that governs each command type. */
export const SESSION_COMMAND_RULES: Readonly<Record<SessionCommandType, RuleId>> = {
  setPhase: 'R19',
  startTimer: 'R20',
  pauseTimer: 'R20',
  resetTimer: 'R20',
  addTime: 'R20',
  setTimebox: 'R21',
  setPrimeDirective: 'R22',
  agree: 'R23',
  setReady: 'R24',
  setRole: 'R25',
  handOver: 'R26',
  removeParticipant: 'R27',
  setFactsEditable: 'R34',
  revealDrafts: 'R39',
  setPrivateWriting: 'R40',
  revealVotes: 'R50',
  setVoteSettings: 'R51',
  setSpotlight: 'R52',
  createAction: 'R59',
  startNotes: 'R54',
  endSession: 'R28',
  reopenSession: 'R28',
};

/** Commands any participant may send, each for themselves only; every other type is a facilitator's. */
const FOR_EVERYONE: ReadonlySet<SessionCommandType> = new Set(['agree', 'setReady', 'createAction']);

export function mayRunSessionCommand(actor: Actor, command: SessionCommand): boolean {
  if (actor.role === 'facilitator' || FOR_EVERYONE.has(command.type)) return true;
  // Anyone may reveal their own drafts early; only a facilitator reveals everyone's.
  return command.type === 'revealDrafts' && command.participantId === actor.participantId;
}

export type SessionCommandResult =
  | { readonly ok: true; readonly revokedFacilitator: boolean; readonly created?: { readonly id: string; readonly ref: string } }
  | { readonly ok: false; readonly status: 401 | 403 | 404 | 409; readonly rule: RuleId; readonly reason: string };

const OK: SessionCommandResult = { ok: true, revokedFacilitator: false };
/** The command took the facilitator role from someone: the server replaces the facilitator key. */
const REVOKED: SessionCommandResult = { ok: true, revokedFacilitator: true };
const MINUTE = 60_000;

function refuse(status: 401 | 403 | 404 | 409, rule: RuleId, reason: string): SessionCommandResult {
  return { ok: false, status, rule, reason };
}

/** Sets the timer to `phase`'s full time box, running or paused. */
function resetTimer(doc: Y.Doc, session: SessionSnapshot, phase: PhaseId, now: number, running: boolean): void {
  const minutes = timeboxOf(session, phase);
  const timer = sessionChild(doc, 'timer');
  const durationMs = (minutes ?? 0) * MINUTE;
  timer.set('durationMs', durationMs);
  timer.set('remainingMs', durationMs);
  timer.set('running', running && minutes !== null);
  timer.set('endsAt', now + durationMs);
}

function changePhase(doc: Y.Doc, session: SessionSnapshot, phase: PhaseId, now: number): void {
  const map = sessionMap(doc);
  map.set(SESSION.phase, phase);
  map.set(SESSION.phaseSeq, session.phaseSeq + 1);
  map.set(SESSION.phaseStartedAt, now);
  sessionChild(doc, 'ready').clear();
  // A spotlight belongs to one Discuss (R52); moving on from Vote reveals the totals (R50).
  if (map.has(SESSION.spotlight)) map.delete(SESSION.spotlight);
  if (session.phase === 'vote' && phaseIndex(phase) > phaseIndex('vote')) map.set(SESSION.votesRevealed, true);
  // Entering "Set the tone" opens the Prime Directive for everyone again.
  if (phase === 'set-the-tone') map.set(SESSION.openerRound, session.openerRound + 1);
  resetTimer(doc, session, phase, now, true);
}

function changeTimer(doc: Y.Doc, session: SessionSnapshot, command: SessionCommand, now: number): SessionCommandResult {
  const timer = session.timer;
  if (!timer) return refuse(409, 'R20', 'The timer starts with the session.');
  const map = sessionChild(doc, 'timer');
  switch (command.type) {
    case 'startTimer':
      if (timer.running) return OK;
      map.set('endsAt', now + timer.remainingMs);
      map.set('running', true);
      return OK;
    case 'pauseTimer':
      if (!timer.running) return OK;
      map.set('remainingMs', timer.endsAt - now);
      map.set('running', false);
      return OK;
    case 'addTime':
      if (timer.running) map.set('endsAt', timer.endsAt + command.minutes * MINUTE);
      else map.set('remainingMs', timer.remainingMs + command.minutes * MINUTE);
      return OK;
    default:
      resetTimer(doc, session, session.phase, now, false);
      return OK;
  }
}

function itemExists(doc: Y.Doc, item: LinkEnd): boolean {
  const id = linkEndId(item);
  return linkEndKind(item) === 'card' ? selectCard(doc, id) !== undefined : selectLayout(doc).themes.some((theme) => theme.id === id);
}

function knownParticipant(doc: Y.Doc, session: SessionSnapshot, id: string): boolean {
  return participantsMap(doc).has(id) && !session.removed.has(id);
}

/** The change a command makes, inside the server's transaction; answers a refusal instead when it breaks its rule. */
function apply(doc: Y.Doc, session: SessionSnapshot, actor: Actor, command: SessionCommand, now: number): SessionCommandResult {
  const rule = SESSION_COMMAND_RULES[command.type];
  switch (command.type) {
    case 'setPhase':
      if (command.phase === session.phase) return OK;
      // Once started, a session has begun for good: "before the session" rules (R22, R31) must not come back.
      if (command.phase === 'prepare') return refuse(409, rule, 'The session has started; it cannot go back to before the start.');
      changePhase(doc, session, command.phase, now);
      return OK;
    case 'startTimer':
    case 'pauseTimer':
    case 'addTime':
    case 'resetTimer':
      return changeTimer(doc, session, command, now);
    case 'setTimebox':
      if (session.timeboxes[command.phase as Exclude<PhaseId, 'prepare'>] === command.minutes) return OK;
      sessionChild(doc, 'timeboxes').set(command.phase, command.minutes);
      // A paused timer of the current phase follows its new box; a running one is left alone.
      if (command.phase === session.phase && session.timer && !session.timer.running) {
        const updated = { ...session, timeboxes: { ...session.timeboxes, [command.phase]: command.minutes } };
        resetTimer(doc, updated, command.phase, now, false);
      }
      return OK;
    case 'setPrimeDirective':
      if (session.phase !== 'prepare') return refuse(409, rule, 'The Prime Directive can be changed only before the session starts.');
      if (command.text !== session.primeDirective) sessionMap(doc).set(SESSION.primeDirective, command.text);
      return OK;
    case 'agree':
      if (session.agreed.get(actor.participantId) !== session.openerRound) sessionChild(doc, 'agreed').set(actor.participantId, session.openerRound);
      return OK;
    case 'setReady':
      if (!READY_PHASES.includes(session.phase)) {
        return refuse(409, rule, `Nobody marks themselves done in "${phaseOf(session.phase).label}"; that is for Reflect, Vote and Actions.`);
      }
      if (command.ready === session.ready.has(actor.participantId)) return OK;
      if (command.ready) sessionChild(doc, 'ready').set(actor.participantId, now);
      else sessionChild(doc, 'ready').delete(actor.participantId);
      return OK;
    case 'setRole':
      if (!knownParticipant(doc, session, command.participantId)) return refuse(404, rule, 'There is no such participant on this board.');
      if (command.role === 'facilitator') {
        if (!session.facilitators.has(command.participantId)) sessionChild(doc, 'facilitators').set(command.participantId, now);
        return OK;
      }
      if (!session.facilitators.has(command.participantId)) return OK;
      if (session.facilitators.size <= 1) return refuse(409, rule, 'A board keeps at least one facilitator; hand the role over instead.');
      sessionChild(doc, 'facilitators').delete(command.participantId);
      return REVOKED;
    case 'handOver':
      if (!knownParticipant(doc, session, command.participantId)) return refuse(404, rule, 'There is no such participant on this board.');
      if (command.participantId === actor.participantId) return refuse(409, rule, 'You already facilitate this board.');
      sessionChild(doc, 'facilitators').set(command.participantId, now);
      sessionChild(doc, 'facilitators').delete(actor.participantId);
      return REVOKED;
    case 'removeParticipant':
      if (command.participantId === actor.participantId) return refuse(409, rule, 'You cannot remove yourself from the board.');
      if (session.removed.has(command.participantId)) return OK;
      if (!participantsMap(doc).has(command.participantId)) return refuse(404, rule, 'There is no such participant on this board.');
      sessionChild(doc, 'removed').set(command.participantId, now);
      if (session.ready.has(command.participantId)) sessionChild(doc, 'ready').delete(command.participantId);
      if (!session.facilitators.has(command.participantId)) return OK;
      sessionChild(doc, 'facilitators').delete(command.participantId);
      return REVOKED;
    case 'revealDrafts':
      // A removed participant's drafts are never revealed in their name (R39).
      if (command.participantId !== undefined && !knownParticipant(doc, session, command.participantId)) {
        return refuse(404, rule, 'There is no such participant on this board.');
      }
      // The server moves the drafts right after this transaction; this records that the reveal happened.
      if (command.participantId === undefined) sessionMap(doc).set(SESSION.revealedSeq, session.phaseSeq);
      else sessionChild(doc, 'revealedBy').set(command.participantId, session.phaseSeq);
      return OK;
    case 'setPrivateWriting':
      if (command.enabled !== session.privateWriting) sessionMap(doc).set(SESSION.privateWriting, command.enabled);
      return OK;
    case 'revealVotes':
      if (!session.votesRevealed) sessionMap(doc).set(SESSION.votesRevealed, true);
      return OK;
    case 'setVoteSettings': {
      const map = sessionMap(doc);
      const budget = command.budget ?? session.voteRules.budget;
      const cap = command.cap ?? Math.min(session.voteRules.cap, budget);
      if (cap > budget) return refuse(409, rule, 'An item cannot take more dots than a person has.');
      if (budget !== session.voteRules.budget) map.set(SESSION.voteBudget, budget);
      if (cap !== session.voteRules.cap) map.set(SESSION.voteCap, cap);
      if (command.live !== undefined && command.live !== session.votesLive) map.set(SESSION.votesLive, command.live);
      if (command.showVoters !== undefined && command.showVoters !== session.showVoters) map.set(SESSION.showVoters, command.showVoters);
      return OK;
    }
    case 'setSpotlight':
      if (command.participantId === null) {
        if (sessionMap(doc).has(SESSION.spotlight)) sessionMap(doc).delete(SESSION.spotlight);
        return OK;
      }
      if (session.phase !== 'discuss') return refuse(409, rule, 'A facilitator spotlights someone for everyone during Discuss.');
      if (!knownParticipant(doc, session, command.participantId)) return refuse(404, rule, 'There is no such participant on this board.');
      if (session.spotlight !== command.participantId) sessionMap(doc).set(SESSION.spotlight, command.participantId);
      return OK;
    case 'setFactsEditable':
      if (command.editable !== session.factsEditable) sessionMap(doc).set(SESSION.factsEditable, command.editable);
      return OK;
    case 'createAction': {
      if (!mayWorkOnActions(actor, session)) return refuse(409, rule, 'Participants create actions in the Actions and Wrap-up phases.');
      const from = command.from as LinkEnd | undefined;
      if (from && !itemExists(doc, from)) return refuse(404, rule, 'The card or theme this action was made from no longer exists.');
      const created = writeNewAction(doc, actor.participantId, { title: command.title, ...(from ? { from } : {}) }, now);
      if (!created) return refuse(409, rule, `A board holds at most ${MAX_ACTIONS} actions.`);
      return { ok: true, revokedFacilitator: false, created };
    }
    case 'startNotes':
      return startThemeNotes(doc, command.themeId) ? OK : refuse(404, rule, 'This theme no longer exists.');
    case 'endSession':
      if (session.ended) return OK;
      // Time stops with the session, so a reopened one resumes where it was.
      if (session.timer?.running) {
        sessionChild(doc, 'timer').set('remainingMs', session.timer.endsAt - now);
        sessionChild(doc, 'timer').set('running', false);
      }
      sessionMap(doc).set(SESSION.status, 'ended');
      return OK;
    case 'reopenSession':
      if (session.ended) sessionMap(doc).set(SESSION.status, 'open');
      return OK;
  }
}

/**
 * Runs a session command sent by `participantId` as one server transaction at server time
 * `now`. The sender's role is read from the document in the same synchronous step as the
 * write, so two requests can never both act on a role one of them is taking away. Checks
 * who may send it (R19–R28) before writing anything; a refused command writes nothing.
 */
export function runSessionCommand(doc: Y.Doc, participantId: string, command: SessionCommand, now: number): SessionCommandResult {
  const rule = SESSION_COMMAND_RULES[command.type];
  if (!participantsMap(doc).has(participantId)) return refuse(401, rule, 'Join the board again: this participant is not on it.');
  if (isRemoved(doc, participantId)) return refuse(401, 'R27', 'A facilitator removed you from this board.');
  const actor: Actor = { participantId, role: isFacilitator(doc, participantId) ? 'facilitator' : 'participant' };
  if (!mayRunSessionCommand(actor, command)) return refuse(403, rule, 'Only a facilitator may do this.');
  const session = selectSession(doc);
  if (session.ended && command.type !== 'reopenSession' && command.type !== 'endSession') {
    return refuse(409, 'R28', 'The session has ended and the board is read-only; a facilitator can reopen it.');
  }
  let result: SessionCommandResult = OK;
  doc.transact(() => {
    result = apply(doc, session, actor, command, now);
  }, new ServerOrigin(command.type));
  return result;
}

/**
 * Marks cards that arrived outside Reflect (R31): the server accepts them, as an offline
 * participant's work must never be lost, and records the phase they came in.
 */
/**
 * Marks cards and themes a participant regrouped outside the Group phase (R44): accepted,
 * as offline work must not be lost, and shown to facilitators with the phase it came in.
 */
export function markLateGrouping(doc: Y.Doc, ids: readonly string[], phase: PhaseId): void {
  if (ids.length === 0) return;
  doc.transact(() => {
    const marks = sessionChild(doc, 'lateGrouping');
    for (const id of ids) if (marks.get(id) !== phase) marks.set(id, phase);
  }, new ServerOrigin('markLate'));
}

/** Whether a regrouping by `actor` now would be marked late (R44): outside Group, before nothing, never for facilitators. */
export function groupingIsLate(session: { readonly phase: PhaseId }, actor: { readonly role: string }): boolean {
  return actor.role !== 'facilitator' && session.phase !== 'group' && session.phase !== 'prepare';
}

export function markLate(doc: Y.Doc, cardIds: readonly string[], phase: PhaseId): void {
  if (cardIds.length === 0) return;
  doc.transact(() => {
    const late = sessionChild(doc, 'late');
    for (const id of cardIds) if (!late.has(id)) late.set(id, phase);
  }, new ServerOrigin('markLate'));
}
