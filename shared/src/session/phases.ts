/**
 * The session a board runs through (seed 001, "During the Session"), with seed 001's time
 * boxes. `prepare` is the time before the facilitator starts the session: seed 001's
 * "Preparation (Before the Session)".
 */
export const PHASES = [
  {
    id: 'prepare',
    label: 'Before the session',
    minutes: null,
    suggested: '',
    purpose: 'Fill in what happened and remind everyone this review is blameless; the facilitator starts when the team is here.',
    youCan: 'Read the board and agree to the Prime Directive. The facilitator starts the session.',
  },
  {
    id: 'set-the-tone',
    label: 'Set the tone',
    minutes: 5,
    suggested: '5 min',
    purpose: 'Establish psychological safety: read the Retrospective Prime Directive together.',
    youCan: 'Read the Prime Directive and agree to it.',
  },
  {
    id: 'review-the-facts',
    label: 'Review the facts',
    minutes: 10,
    suggested: '10 min',
    purpose: 'Walk through what happened, so everyone shares one understanding of the timeline and the impact.',
    youCan: 'Follow the facts and ask about anything unclear.',
  },
  {
    id: 'reflect',
    label: 'Reflect',
    minutes: 10,
    suggested: '10 min',
    purpose: 'Everyone adds their own thoughts to the four columns.',
    youCan: 'Add cards to any column, then mark yourself done.',
  },
  {
    id: 'discuss',
    label: 'Discuss',
    minutes: 15,
    suggested: '15–30 min',
    purpose: 'Review each column together: authors explain their cards, others ask clarifying questions.',
    youCan: 'Explain your cards, ask questions and refine what you wrote.',
  },
  {
    id: 'group',
    label: 'Group into themes',
    minutes: 5,
    suggested: '5–10 min',
    purpose: 'Group similar cards together and label the themes.',
    youCan: 'Move cards next to the ones they belong with.',
  },
  {
    id: 'vote',
    label: 'Vote',
    minutes: 5,
    suggested: '5 min',
    purpose: 'Vote to find the most critical lessons and considerations.',
    youCan: 'Spend your votes on what matters most, then mark yourself done.',
  },
  {
    id: 'actions',
    label: 'Actions',
    minutes: 10,
    suggested: '10–15 min',
    purpose: 'Turn the top themes into specific, assignable actions that prevent a recurrence.',
    youCan: 'Propose actions with an owner and a due date, then mark yourself done.',
  },
  {
    id: 'wrap-up',
    label: 'Wrap-up',
    minutes: 5,
    suggested: '5 min',
    purpose: 'Summarise the key takeaways and next steps; make sure every action has an owner and a deadline.',
    youCan: 'Check the actions you own and their deadlines.',
  },
] as const;

export type Phase = (typeof PHASES)[number];
export type PhaseId = Phase['id'];

export const PHASE_IDS: readonly PhaseId[] = PHASES.map((phase) => phase.id);

/** Phases in which participants mark themselves done. */
export const READY_PHASES: readonly PhaseId[] = ['reflect', 'vote', 'actions'];

/** The phase new cards belong to; a card that arrives in another phase is marked late (R31). */
export const CARD_PHASE: PhaseId = 'reflect';

/** Time boxes are whole minutes in this range. */
export const MIN_TIMEBOX_MINUTES = 1;
export const MAX_TIMEBOX_MINUTES = 180;

export const MAX_PRIME_DIRECTIVE_LENGTH = 2000;

/** The Retrospective Prime Directive as seed 001 quotes it; a facilitator may reword it before the session. */
export const PRIME_DIRECTIVE =
  'Regardless of what we discover, we understand and truly believe that everyone did the best job they could, given what they knew at the time, their skills and abilities, the resources available, and the situation at hand.';

export function isPhaseId(value: unknown): value is PhaseId {
  return typeof value === 'string' && (PHASE_IDS as readonly string[]).includes(value);
}

export function phaseOf(id: PhaseId): Phase {
  return PHASES.find((phase) => phase.id === id) as Phase;
}

/** The phase after `id`, or null at the end. */
export function nextPhase(id: PhaseId): PhaseId | null {
  return PHASE_IDS[PHASE_IDS.indexOf(id) + 1] ?? null;
}

/** The phase before `id`, or null at the start. */
export function previousPhase(id: PhaseId): PhaseId | null {
  const index = PHASE_IDS.indexOf(id);
  return index > 0 ? (PHASE_IDS[index - 1] ?? null) : null;
}
