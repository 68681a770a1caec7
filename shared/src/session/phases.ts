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
    facilitatorCan: 'Adjust the time boxes and the Prime Directive under Session, share the link, and start when the team is here.',
  },
  {
    id: 'set-the-tone',
    label: 'Set the tone',
    minutes: 5,
    suggested: '5 min',
    purpose: 'Establish psychological safety: read the Retrospective Prime Directive together.',
    youCan: 'Read the Prime Directive and agree to it.',
    facilitatorCan: 'Read the Prime Directive aloud; move on once everyone has agreed.',
  },
  {
    id: 'review-the-facts',
    label: 'Review the facts',
    minutes: 10,
    suggested: '10 min',
    purpose: 'Walk through what happened, so everyone shares one understanding of the timeline and the impact.',
    youCan: 'Follow the facts and ask about anything unclear.',
    facilitatorCan: 'Walk the team through what happened, from detection to resolution.',
  },
  {
    id: 'reflect',
    label: 'Reflect',
    minutes: 10,
    suggested: '10 min',
    purpose: 'Everyone adds their own thoughts to the four columns.',
    youCan: 'Add cards to any column, then mark yourself done.',
    facilitatorCan: 'Give everyone quiet time to write; move on when most are done.',
  },
  {
    id: 'discuss',
    label: 'Discuss',
    minutes: 15,
    suggested: '15–30 min',
    purpose: 'Review each column together: authors explain their cards, others ask clarifying questions.',
    youCan: 'Explain your cards, ask questions and refine what you wrote.',
    facilitatorCan: 'Go column by column; let each author explain, and keep the talk on systems, not people.',
  },
  {
    id: 'group',
    label: 'Group into themes',
    minutes: 5,
    suggested: '5–10 min',
    purpose: 'Group similar cards together and label the themes.',
    youCan: 'Move cards next to the ones they belong with.',
    facilitatorCan: 'Help the team group similar cards and name each group.',
  },
  {
    id: 'vote',
    label: 'Vote',
    minutes: 5,
    suggested: '5 min',
    purpose: 'Vote to find the most critical lessons and considerations.',
    youCan: 'Spend your dots on what matters most (+ on a card or theme), then mark yourself done.',
    facilitatorCan: 'Let everyone vote; move on when most are done.',
  },
  {
    id: 'actions',
    label: 'Actions',
    minutes: 10,
    suggested: '10–15 min',
    purpose: 'Turn the top themes into specific, assignable actions that prevent a recurrence.',
    youCan: 'Propose actions with an owner and a due date, then mark yourself done.',
    facilitatorCan: 'Make sure each action is specific and has an owner and a due date.',
  },
  {
    id: 'wrap-up',
    label: 'Wrap-up',
    minutes: 5,
    suggested: '5 min',
    purpose: 'Summarise the key takeaways and next steps; make sure every action has an owner and a deadline.',
    youCan: 'Check the actions you own and their deadlines.',
    facilitatorCan: 'Summarise the takeaways and next steps, then end the session.',
  },
] as const;

export type Phase = (typeof PHASES)[number];
export type PhaseId = Phase['id'];

export const PHASE_IDS: readonly PhaseId[] = PHASES.map((phase) => phase.id);

/** Where a phase falls in seed 001's order. */
export function phaseIndex(id: PhaseId): number {
  return PHASE_IDS.indexOf(id);
}

/** The phase in which dots are cast; a vote written in any other is kept and marked late (R49). */
export const VOTE_PHASE: PhaseId = 'vote';

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
