import * as Y from 'yjs';
import { COLUMN_IDS, type ColumnId } from '../columns';
import type { DraftCounts } from '../drafts';
import { DEFAULT_VOTE_RULES, MAX_VOTE_BUDGET, type VoteRules } from '../votes/count';
import { ServerOrigin } from '../origin';
import { isPhaseId, PHASES, PRIME_DIRECTIVE, type PhaseId } from './phases';

/**
 * The `session` root: everything about running the session, written by the server only
 * (R18). Plain fields hold the phase and the session's status; nested maps hold what is
 * kept per participant, per phase or per card.
 */
export const SESSION = {
  phase: 'phase',
  /** Counts phase changes, so a client can tell one visit of a phase from the next. */
  phaseSeq: 'phaseSeq',
  phaseStartedAt: 'phaseStartedAt',
  status: 'status',
  primeDirective: 'primeDirective',
  /** Counts the times the facilitator opened "Set the tone"; agreements count for the current one. */
  openerRound: 'openerRound',
  /** Whether participants may edit the facts and the timeline (R33, R34). */
  factsEditable: 'factsEditable',
  timer: 'timer',
  timeboxes: 'timeboxes',
  facilitators: 'facilitators',
  removed: 'removed',
  agreed: 'agreed',
  ready: 'ready',
  late: 'late',
  /** Card or theme id → the phase a participant regrouped it in, outside the Group phase (R44). */
  lateGrouping: 'lateGrouping',
  /** Participant id → how many drafts they hold per column (R38). */
  drafts: 'drafts',
  /** Whether new cards are private during Reflect (default on, R40). */
  privateWriting: 'privateWriting',
  /** The phaseSeq in which a facilitator revealed every draft (R39). */
  revealedSeq: 'revealedSeq',
  /** Participant id → the phaseSeq in which they revealed their own drafts early. */
  revealedBy: 'revealedBy',
  /** Dots per participant and the most one item takes from one person (R51). */
  voteBudget: 'voteBudget',
  voteCap: 'voteCap',
  /** Whether totals show while voting, rather than at the reveal (R50). */
  votesLive: 'votesLive',
  /** Whether revealed totals name who gave the dots (R50). */
  showVoters: 'showVoters',
  /** Whether a facilitator revealed the totals, or the session moved on from Vote (R50). */
  votesRevealed: 'votesRevealed',
  /** Participant id → how many of their dots count: all the board knows of anyone's votes before the reveal (R50). */
  votesUsed: 'votesUsed',
  /** The participant a facilitator spotlights for everyone during Discuss, or absent (R52). */
  spotlight: 'spotlight',
  /** Who last restored a version, when, and the version's time (R68), so everyone can be told. */
  lastRestore: 'lastRestore',
  /** How many actions the server has numbered (R57): AI-001 is the first. */
  actionSeq: 'actionSeq',
} as const;

/** Nested maps of the session, created by the server on first use. */
export type SessionMapKey =
  | 'timer'
  | 'timeboxes'
  | 'facilitators'
  | 'removed'
  | 'agreed'
  | 'ready'
  | 'late'
  | 'lateGrouping'
  | 'drafts'
  | 'revealedBy'
  | 'votesUsed'
  /** Item → the totals a board imported from an export came with (R61): the ballots behind them stayed behind. */
  | 'importedVotes';

export type SessionStatus = 'open' | 'ended';

/** The shared timer. Times are the server's clock (ms since epoch); clients correct for their offset. */
export interface TimerState {
  readonly running: boolean;
  /** When a running timer reaches zero. */
  readonly endsAt: number;
  /** What is left while paused; negative in overtime. */
  readonly remainingMs: number;
  /** The length it was last reset to. */
  readonly durationMs: number;
}

export interface SessionSnapshot {
  readonly phase: PhaseId;
  readonly phaseSeq: number;
  readonly phaseStartedAt: number;
  readonly ended: boolean;
  readonly primeDirective: string;
  readonly openerRound: number;
  readonly factsEditable: boolean;
  /** Null before the session starts: there is no time box to count down. */
  readonly timer: TimerState | null;
  /** Minutes per phase; `prepare` has none. */
  readonly timeboxes: Readonly<Record<Exclude<PhaseId, 'prepare'>, number>>;
  readonly facilitators: ReadonlySet<string>;
  readonly removed: ReadonlySet<string>;
  /** Participant id → the opener round they agreed in. */
  readonly agreed: ReadonlyMap<string, number>;
  /** Participants who marked themselves done in the current phase. */
  readonly ready: ReadonlySet<string>;
  /** Card id → the phase it arrived in, for cards written outside Reflect. */
  readonly late: ReadonlyMap<string, PhaseId>;
  /** Cards and themes a participant regrouped outside the Group phase, with that phase (R44). */
  readonly lateGrouping: ReadonlyMap<string, PhaseId>;
  readonly privateWriting: boolean;
  /** Participant id → drafts per column, as the server counted them. */
  readonly draftCounts: ReadonlyMap<string, DraftCounts>;
  readonly revealedSeq: number;
  readonly revealedBy: ReadonlyMap<string, number>;
  readonly voteRules: VoteRules;
  readonly votesLive: boolean;
  readonly showVoters: boolean;
  readonly votesRevealed: boolean;
  /** Participant id → counted dots, as the server counted them. */
  readonly votesUsed: ReadonlyMap<string, number>;
  /** Whose contributions a facilitator spotlights for everyone; only in Discuss (R52). */
  readonly spotlight: string | null;
}

export function sessionMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('session');
}

/** A nested session map for the server to write, created on first use (only the server writes, so no race). */
export function sessionChild(doc: Y.Doc, key: SessionMapKey): Y.Map<unknown> {
  const session = sessionMap(doc);
  const existing = session.get(key);
  if (existing instanceof Y.Map) return existing as Y.Map<unknown>;
  const created = new Y.Map<unknown>();
  session.set(key, created);
  return created;
}

/** A nested session map if it exists; reading never creates it. */
export function readSessionChild(doc: Y.Doc, key: SessionMapKey): Y.Map<unknown> | null {
  return child(doc, key);
}

function child(doc: Y.Doc, key: SessionMapKey): Y.Map<unknown> | null {
  const value = sessionMap(doc).get(key);
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function keysOf(map: Y.Map<unknown> | null): ReadonlySet<string> {
  return new Set(map ? map.keys() : []);
}

export function defaultTimeboxes(): Record<Exclude<PhaseId, 'prepare'>, number> {
  const boxes = {} as Record<Exclude<PhaseId, 'prepare'>, number>;
  for (const phase of PHASES) if (phase.minutes !== null) boxes[phase.id] = phase.minutes;
  return boxes;
}

/** The minutes of `phase`'s time box, or null for a phase without one. */
export function timeboxOf(session: Pick<SessionSnapshot, 'timeboxes'>, phase: PhaseId): number | null {
  return phase === 'prepare' ? null : session.timeboxes[phase];
}

function readTimer(doc: Y.Doc, minutes: number | null): TimerState | null {
  if (minutes === null) return null;
  const timer = child(doc, 'timer');
  const fallback = minutes * 60_000;
  if (!timer) return { running: false, endsAt: 0, remainingMs: fallback, durationMs: fallback };
  return {
    running: timer.get('running') === true,
    endsAt: numberOr(timer.get('endsAt'), 0),
    remainingMs: numberOr(timer.get('remainingMs'), fallback),
    durationMs: numberOr(timer.get('durationMs'), fallback),
  };
}

/** The session as plain data; a board whose session was never touched reads as not started. */
export function selectSession(doc: Y.Doc): SessionSnapshot {
  const session = sessionMap(doc);
  const phaseValue = session.get(SESSION.phase);
  const phase: PhaseId = isPhaseId(phaseValue) ? phaseValue : 'prepare';
  const timeboxes = defaultTimeboxes();
  child(doc, 'timeboxes')?.forEach((minutes, id) => {
    if (isPhaseId(id) && id !== 'prepare' && typeof minutes === 'number') timeboxes[id] = minutes;
  });
  const agreed = new Map<string, number>();
  child(doc, 'agreed')?.forEach((round, id) => {
    if (typeof round === 'number') agreed.set(id, round);
  });
  const late = phasesOf(child(doc, 'late'));
  const lateGrouping = phasesOf(child(doc, 'lateGrouping'));
  const primeDirective = session.get(SESSION.primeDirective);
  const spotlight = session.get(SESSION.spotlight);
  return Object.freeze({
    phase,
    phaseSeq: numberOr(session.get(SESSION.phaseSeq), 0),
    phaseStartedAt: numberOr(session.get(SESSION.phaseStartedAt), 0),
    ended: session.get(SESSION.status) === 'ended',
    primeDirective: typeof primeDirective === 'string' ? primeDirective : PRIME_DIRECTIVE,
    openerRound: numberOr(session.get(SESSION.openerRound), 0),
    factsEditable: session.get(SESSION.factsEditable) === true,
    timer: readTimer(doc, timeboxOf({ timeboxes }, phase)),
    timeboxes: Object.freeze(timeboxes),
    facilitators: keysOf(child(doc, 'facilitators')),
    removed: keysOf(child(doc, 'removed')),
    agreed,
    ready: keysOf(child(doc, 'ready')),
    late,
    lateGrouping,
    privateWriting: session.get(SESSION.privateWriting) !== false,
    draftCounts: readDraftCounts(child(doc, 'drafts')),
    revealedSeq: numberOr(session.get(SESSION.revealedSeq), -1),
    revealedBy: numbersOf(child(doc, 'revealedBy')),
    voteRules: readVoteRules(session),
    votesLive: session.get(SESSION.votesLive) === true,
    showVoters: session.get(SESSION.showVoters) === true,
    votesRevealed: session.get(SESSION.votesRevealed) === true,
    votesUsed: numbersOf(child(doc, 'votesUsed')),
    spotlight: phase === 'discuss' && typeof spotlight === 'string' && spotlight !== '' && !child(doc, 'removed')?.has(spotlight) ? spotlight : null,
  });
}

function wholeIn(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

function readVoteRules(session: Y.Map<unknown>): VoteRules {
  return Object.freeze({
    budget: wholeIn(session.get(SESSION.voteBudget), 1, MAX_VOTE_BUDGET, DEFAULT_VOTE_RULES.budget),
    cap: wholeIn(session.get(SESSION.voteCap), 1, MAX_VOTE_BUDGET, DEFAULT_VOTE_RULES.cap),
  });
}

function phasesOf(map: Y.Map<unknown> | null): ReadonlyMap<string, PhaseId> {
  const phases = new Map<string, PhaseId>();
  map?.forEach((phase, id) => {
    if (isPhaseId(phase)) phases.set(id, phase);
  });
  return phases;
}

function numbersOf(map: Y.Map<unknown> | null): ReadonlyMap<string, number> {
  const numbers = new Map<string, number>();
  map?.forEach((value, key) => {
    if (typeof value === 'number') numbers.set(key, value);
  });
  return numbers;
}

function readDraftCounts(map: Y.Map<unknown> | null): ReadonlyMap<string, DraftCounts> {
  const counts = new Map<string, DraftCounts>();
  map?.forEach((value, participantId) => {
    if (typeof value !== 'object' || value === null) return;
    const entry = Object.fromEntries(COLUMN_IDS.map((id) => [id, Number((value as Record<string, unknown>)[id]) || 0])) as Record<ColumnId, number>;
    counts.set(participantId, entry);
  });
  return counts;
}

/**
 * Whether `participantId`'s new cards are drafts now (R40): private writing is on, the board
 * is in Reflect, and neither a facilitator nor they themselves have revealed in this visit.
 */
export function isDrafting(session: SessionSnapshot, participantId: string): boolean {
  return (
    session.privateWriting &&
    session.phase === 'reflect' &&
    session.revealedSeq !== session.phaseSeq &&
    session.revealedBy.get(participantId) !== session.phaseSeq
  );
}

/** Publishes a private room's counts on the board (R38); writes only when they changed. */
export function setDraftCounts(doc: Y.Doc, participantId: string, counts: DraftCounts): void {
  const empty = COLUMN_IDS.every((id) => counts[id] === 0);
  const current = child(doc, 'drafts')?.get(participantId) as Record<string, unknown> | undefined;
  if (empty ? current === undefined : current !== undefined && COLUMN_IDS.every((id) => current[id] === counts[id])) return;
  doc.transact(() => {
    if (empty) sessionChild(doc, 'drafts').delete(participantId);
    else sessionChild(doc, 'drafts').set(participantId, { ...counts });
  }, new ServerOrigin('draftCounts'));
}

/** Whether the participant agreed to the Prime Directive since the facilitator last opened it. */
export function hasAgreed(session: Pick<SessionSnapshot, 'agreed' | 'openerRound'>, participantId: string): boolean {
  return (session.agreed.get(participantId) ?? -1) >= session.openerRound;
}

/** Whether the board is read-only because a facilitator ended the session (R28, R29). */
export function isSessionEnded(doc: Y.Doc): boolean {
  return sessionMap(doc).get(SESSION.status) === 'ended';
}

export function isFacilitator(doc: Y.Doc, participantId: string): boolean {
  return child(doc, 'facilitators')?.has(participantId) ?? false;
}

export function isRemoved(doc: Y.Doc, participantId: string): boolean {
  return child(doc, 'removed')?.has(participantId) ?? false;
}

export function isFactsEditable(doc: Y.Doc): boolean {
  return sessionMap(doc).get(SESSION.factsEditable) === true;
}
