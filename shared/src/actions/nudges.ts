import type { ActionSnapshot } from './model';

/**
 * Quality nudges (seeds 003, 004): shown inline, never blocking. The word lists are data so
 * tests pin them and a team could extend them.
 */
export type NudgeKind = 'no-owner' | 'no-due' | 'vague' | 'blame';

export interface Nudge {
  readonly kind: NudgeKind;
  readonly message: string;
  /** The words that raised it, for blame and vague wording. */
  readonly match?: string;
}

/** Verbs and phrases that promise effort rather than a change (seed 004: "Improve monitoring" is not actionable). */
export const VAGUE_PHRASES: readonly string[] = [
  'improve',
  'better',
  'enhance',
  'optimise',
  'optimize',
  'look into',
  'investigate',
  'consider',
  'think about',
  'revisit',
  'review',
  'be careful',
  'be more careful',
  'pay attention',
  'try to',
  'make sure',
  'more testing',
  'more tests',
  'more monitoring',
  'communicate better',
  'raise awareness',
  'increase awareness',
  'address',
  'handle',
  'fix issues',
  'keep an eye',
];

/** Below this many words, an action built on a vague phrase names no concrete change. */
export const SPECIFIC_WORD_COUNT = 7;

/** Words that judge people rather than describe systems (seeds 003, 004). */
export const BLAME_PHRASES: readonly string[] = [
  'should have',
  "should've",
  'should not have',
  "shouldn't have",
  'fault',
  'careless',
  'blame',
  'negligent',
  'negligence',
  'incompetent',
  'sloppy',
  'lazy',
  'stupid',
  'human error',
  "didn't bother",
  'dropped the ball',
  'messed up',
  'screwed up',
];

/** Verbs that, with a person's name as their subject, make a sentence about who failed (seed 004: "who" language). */
export const FAILURE_VERBS: readonly string[] = [
  'broke',
  'forgot',
  'missed',
  'failed',
  'caused',
  "didn't",
  'did not',
  'messed',
  'ignored',
  'deleted',
  'misconfigured',
  'overlooked',
  'neglected',
  'screwed',
];

export const REFRAME_HINT =
  'Describe what in the system allowed it rather than who: “The deploy pipeline let an untested config through”, not “Sam should have tested the config”.';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function phrasePattern(phrases: readonly string[]): RegExp {
  // Longest first, so "be more careful" wins over "careful"; word edges on both sides, with
  // stems ("improve" in "improvements") allowed to continue.
  const alternatives = [...phrases].sort((a, b) => b.length - a.length).map(escape);
  return new RegExp(`(?<![\\p{L}\\p{N}])(${alternatives.join('|')})`, 'iu');
}

const VAGUE = phrasePattern(VAGUE_PHRASES);
const BLAME = phrasePattern(BLAME_PHRASES);

function wordCount(text: string): number {
  return text.split(/\s+/u).filter(Boolean).length;
}

/**
 * Blaming language in a card's or an action's text: a judging phrase, or a participant's
 * name as the subject of a failure verb ("Sam forgot to…").
 */
export function blameIn(text: string, names: readonly string[] = []): Nudge | null {
  const phrase = BLAME.exec(text);
  if (phrase) return { kind: 'blame', match: phrase[1] as string, message: `“${phrase[1] as string}” points at a person. ${REFRAME_HINT}` };
  // People are written about by first name as often as by full name ("Sam forgot…").
  const people = [...new Set(names.flatMap((name) => [name.trim(), name.trim().split(/\s+/u)[0] ?? '']))].filter((name) => name.length >= 2).sort((a, b) => b.length - a.length);
  if (people.length === 0) return null;
  const subject = new RegExp(
    `(?<![\\p{L}\\p{N}])(${people.map(escape).join('|')})(?![\\p{L}\\p{N}])\\s+(?:(?:just|then|also|again|had|has)\\s+)?(${FAILURE_VERBS.map(escape).join('|')})(?![\\p{L}\\p{N}])`,
    'iu',
  );
  const named = subject.exec(text);
  if (!named) return null;
  return { kind: 'blame', match: named[0], message: `“${named[0]}” makes a person the cause. ${REFRAME_HINT}` };
}

/** Vague wording: a short title built on a phrase that promises effort, not a change. */
export function vaguenessIn(title: string): Nudge | null {
  const trimmed = title.trim();
  if (trimmed === '') return null;
  const phrase = VAGUE.exec(trimmed);
  if (!phrase || wordCount(trimmed) >= SPECIFIC_WORD_COUNT) return null;
  return {
    kind: 'vague',
    match: phrase[1] as string,
    message: `“${trimmed}” is hard to act on. Name the concrete change, where it goes and how you will know it is done, like “Add a pool-saturation alert to the API dashboard”.`,
  };
}

/** Every nudge for one action, in the order they are shown. */
export function actionNudges(action: Pick<ActionSnapshot, 'title' | 'description' | 'owner' | 'due'>, names: readonly string[] = []): readonly Nudge[] {
  const nudges: Nudge[] = [];
  if (!action.owner) nudges.push({ kind: 'no-owner', message: 'No owner yet: actions without an owner do not get done.' });
  if (!action.due) nudges.push({ kind: 'no-due', message: 'No due date yet: pick one the owner agrees to.' });
  const vague = vaguenessIn(action.title);
  if (vague) nudges.push(vague);
  const blame = blameIn(`${action.title}\n${action.description}`, names);
  if (blame) nudges.push(blame);
  return nudges;
}
