import * as Y from 'yjs';
import { z } from 'zod';
import { ACTION_FIELD, actionRef, actionsMap, encodeOwner, isOwnerValue, isDueDate, MAX_ACTION_DESCRIPTION_LENGTH, MAX_ACTION_TITLE_LENGTH, MAX_ACTIONS, PRIORITIES, STATUSES } from '../actions/model';
import { selectActions } from '../actions/order';
import { isLinkPair, LINK_FIELD, linksMap, MAX_THEME_NOTES_LENGTH, MAX_WHY_LENGTH, notesMap, selectNotes, WHY_FIELD, whysMap } from '../analysis/model';
import { selectWhys } from '../analysis/selectors';
import { COLUMN_IDS } from '../columns';
import { EVENT_MARKS, FACT_FIELDS, factsMap, isValidFactValue, SUMMARY_FIELD, timelineMap, type FactField } from '../facts/fields';
import { isValidTimeZone } from '../facts/time';
import { selectFacts, selectTimeline } from '../facts/selectors';
import { boardMap, CARD_FIELD, cardsMap, MAX_CARD_TEXT_LENGTH, MAX_THEME_TITLE_LENGTH, participantsMap, THEME_FIELD, THEME_TAGS, themesMap } from '../layout';
import { isValidOrderKey } from '../order';
import { ServerOrigin } from '../origin';
import { selectBoardMeta, selectCards, selectParticipants } from '../selectors';
import { PHASES, MAX_PRIME_DIRECTIVE_LENGTH, MAX_TIMEBOX_MINUTES, MIN_TIMEBOX_MINUTES } from '../session/phases';
import { SESSION, selectSession, sessionChild, sessionMap } from '../session/state';
import { createLayoutSelector } from '../themes/selectors';
import { MAX_VOTE_BUDGET } from '../votes/count';
import { TEXT_SLACK } from '../gate/textGrowth';
import { selectTally, tallyMap } from '../votes/tally';

export const BOARD_EXPORT_FORMAT = 'hindsight-board';
export const BOARD_EXPORT_VERSION = 1;

const id = z.string().min(1).max(200);
const time = z.number().finite().min(0).max(7_258_118_400_000);
/** Creation times come from the author's clock (SPEC: known gaps): any finite number the board could hold. */
const createdAt = z.number().finite();
const orderKey = z.string().refine(isValidOrderKey, 'not a valid order key');
const phase = z.enum(PHASES.map((entry) => entry.id) as [string, ...string[]]);
const many = <T extends z.ZodType>(item: T, max: number, what: string) => z.array(item).max(max, `at most ${max} ${what}`);

/** The JSON export of a whole board, version 1: what import accepts (R61). Limits keep one import within one sync frame's reach. */
export const boardExportSchema = z.object({
  format: z.literal(BOARD_EXPORT_FORMAT, { error: `This is not a Hindsight board export (format must be "${BOARD_EXPORT_FORMAT}").` }),
  version: z.literal(BOARD_EXPORT_VERSION, { error: `This export's version is not one this server reads (it reads version ${BOARD_EXPORT_VERSION}).` }),
  exportedAt: z.string().optional(),
  board: z.object({ title: z.string().trim().min(1).max(200), createdAt: time }),
  participants: many(
    z.object({ id, name: z.string().min(1).max(60), color: z.string().regex(/^#[0-9a-fA-F]{6}$/), role: z.enum(['facilitator', 'participant']), joinedAt: time, removed: z.boolean() }),
    500,
    'participants',
  ),
  session: z.object({
    phase,
    status: z.enum(['open', 'ended']),
    primeDirective: z.string().min(1).max(MAX_PRIME_DIRECTIVE_LENGTH),
    timeboxes: z.record(z.string(), z.number().int().min(MIN_TIMEBOX_MINUTES).max(MAX_TIMEBOX_MINUTES)),
    voteBudget: z.number().int().min(1).max(MAX_VOTE_BUDGET),
    voteCap: z.number().int().min(1).max(MAX_VOTE_BUDGET),
    votesLive: z.boolean(),
    showVoters: z.boolean(),
    votesRevealed: z.boolean(),
    privateWriting: z.boolean(),
    factsEditable: z.boolean(),
    actionsNumbered: z.number().int().min(0).max(MAX_ACTIONS),
    late: z.record(z.string(), phase),
    lateGrouping: z.record(z.string(), phase),
  }),
  facts: z.record(z.string(), z.union([z.string(), z.number()])),
  timeline: many(
    z.object({ id, at: time, zone: z.string().refine(isValidTimeZone, 'not a time zone'), text: z.string().max(500), source: z.string().max(100), mark: z.enum(['', ...EVENT_MARKS.map((mark) => mark.id)]) }),
    2000,
    'timeline events',
  ),
  cards: many(
    z.object({
      id,
      column: z.enum(COLUMN_IDS as [string, ...string[]]),
      text: z.string().max(MAX_CARD_TEXT_LENGTH * TEXT_SLACK),
      authorId: id,
      createdAt,
      order: orderKey,
      theme: z.string().max(200),
      themeOrder: z.string().refine((key) => key === '' || isValidOrderKey(key), 'not a valid order key'),
    }),
    5000,
    'cards',
  ),
  themes: many(
    z.object({
      id,
      title: z.string().max(MAX_THEME_TITLE_LENGTH * TEXT_SLACK),
      order: orderKey,
      authorId: id,
      createdAt,
      collapsed: z.boolean(),
      tag: z.enum(['', ...THEME_TAGS.map((tag) => tag.id)]),
      notes: z.string().max(MAX_THEME_NOTES_LENGTH * TEXT_SLACK),
    }),
    1000,
    'themes',
  ),
  whys: many(z.object({ id, theme: id, order: orderKey, text: z.string().max(MAX_WHY_LENGTH * TEXT_SLACK), authorId: id, createdAt }), 5000, 'whys'),
  links: many(
    z.object({ id, from: z.string().max(210), to: z.string().max(210), authorId: id, createdAt }).refine((entry) => isLinkPair(entry.from, entry.to), 'a link joins a card or theme to an event, or an action to a card or theme'),
    10_000,
    'links',
  ),
  actions: many(
    z.object({
      id,
      ref: z.string().regex(/^AI-\d{3,}$/),
      title: z.string().max(MAX_ACTION_TITLE_LENGTH * TEXT_SLACK),
      description: z.string().max(MAX_ACTION_DESCRIPTION_LENGTH * TEXT_SLACK),
      owner: z.string().refine(isOwnerValue, 'an owner is "", p:<participant id> or t:<a name of at most 120 characters>'),
      due: z.string().refine((value) => value === '' || isDueDate(value), 'a due date is YYYY-MM-DD'),
      priority: z.enum(PRIORITIES.map((entry) => entry.id) as [string, ...string[]]),
      status: z.enum(STATUSES.map((entry) => entry.id) as [string, ...string[]]),
      order: orderKey,
      authorId: id,
      createdAt,
    }),
    MAX_ACTIONS,
    'actions',
  ),
  votes: z.record(z.string().regex(/^(card|theme):.{1,200}$/s), z.object({ dots: z.number().int().min(1).max(100_000), voters: z.record(z.string(), z.number().int().min(1)).optional() })),
});

export type BoardExport = z.infer<typeof boardExportSchema>;

const sortedRecord = <T>(entries: Iterable<[string, T]>): Record<string, T> => Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The fact fields that are set, each valid, then the summary. */
function factsRecord(doc: Y.Doc, summary: string): Record<string, string | number> {
  const record: Record<string, string | number> = {};
  for (const field of Object.keys(FACT_FIELDS) as FactField[]) {
    const value: unknown = factsMap(doc).get(field);
    if (value !== undefined && isValidFactValue(field, value)) record[field] = value as string | number;
  }
  record[SUMMARY_FIELD] = summary;
  return record;
}

/** The whole board as versioned JSON: everything but the private rooms (drafts, individual votes) and presence. */
export function exportBoard(doc: Y.Doc, exportedAt: Date = new Date()): BoardExport {
  const session = selectSession(doc);
  const facts = selectFacts(doc);
  const layout = createLayoutSelector()(doc);
  const liveThemes = [...layout.themes, ...layout.emptyThemes].sort((a, b) => (a.id < b.id ? -1 : 1));
  // Deleted themes stay behind; what names them would name nothing on a new board.
  const exported = new Set(liveThemes.map((theme) => theme.id));
  const notes = selectNotes(doc);
  const sessionValue = (key: string) => sessionMap(doc).get(key);
  return {
    format: BOARD_EXPORT_FORMAT,
    version: BOARD_EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    board: selectBoardMeta(doc),
    participants: selectParticipants(doc).map(({ id, name, color, role, joinedAt, removed }) => ({ id, name, color, role, joinedAt, removed })),
    session: {
      phase: session.phase,
      status: session.ended ? 'ended' : 'open',
      primeDirective: session.primeDirective,
      timeboxes: { ...session.timeboxes },
      voteBudget: session.voteRules.budget,
      voteCap: session.voteRules.cap,
      votesLive: session.votesLive,
      showVoters: session.showVoters,
      votesRevealed: session.votesRevealed,
      privateWriting: session.privateWriting,
      factsEditable: session.factsEditable,
      actionsNumbered: typeof sessionValue(SESSION.actionSeq) === 'number' ? (sessionValue(SESSION.actionSeq) as number) : 0,
      late: sortedRecord(session.late),
      lateGrouping: sortedRecord(session.lateGrouping),
    },
    facts: factsRecord(doc, facts.summary),
    timeline: selectTimeline(doc).map((event) => ({ ...event, mark: event.mark ?? '' })),
    cards: [...selectCards(doc)]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((card) => (exported.has(card.theme) ? { ...card } : { ...card, theme: '', themeOrder: '' })),
    themes: liveThemes.map(({ id: themeId, title, order, authorId, createdAt, collapsed, tag }) => ({ id: themeId, title, order, authorId, createdAt, collapsed, tag: tag ?? '', notes: notes.get(themeId) ?? '' })),
    whys: [...selectWhys(doc).values()]
      .flat()
      .filter((why) => exported.has(why.theme))
      .map((why) => ({ ...why })),
    links: [...linksMap(doc).keys()]
      .sort()
      .flatMap((linkId) => {
        const link = linksMap(doc).get(linkId);
        const from: unknown = link?.get(LINK_FIELD.from);
        const to: unknown = link?.get(LINK_FIELD.to);
        const authorId: unknown = link?.get(LINK_FIELD.authorId);
        const createdAt: unknown = link?.get(LINK_FIELD.createdAt);
        const namesGoneTheme = [from, to].some((end) => typeof end === 'string' && end.startsWith('theme:') && !exported.has(end.slice(6)));
        return isLinkPair(from, to) && !namesGoneTheme && typeof authorId === 'string' && typeof createdAt === 'number' ? [{ id: linkId, from: from as string, to: to as string, authorId, createdAt }] : [];
      }),
    actions: selectActions(doc).map((action) => ({ ...action, owner: encodeOwner(action.owner), due: action.due ?? '' })),
    votes: sortedRecord([...selectTally(doc)].map(([item, total]) => [item, total.voters ? { dots: total.dots, voters: sortedRecord(total.voters) } : { dots: total.dots }])),
  };
}

/** Why an import was refused, naming the part of the export that is wrong (R61). */
export type ImportCheck = { readonly ok: true; readonly data: BoardExport } | { readonly ok: false; readonly error: string };

export function parseBoardExport(input: unknown): ImportCheck {
  const parsed = boardExportSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: `${where}${issue?.message ?? 'The export is not valid.'}` };
  }
  const data = parsed.data;
  const participants = new Set(data.participants.map((person) => person.id));
  if (!data.participants.some((person) => person.role === 'facilitator' && !person.removed) && data.participants.length > 0) {
    return { ok: false, error: 'participants: a board keeps at least one facilitator.' };
  }
  for (const [field, value] of Object.entries(data.facts)) {
    if (field === SUMMARY_FIELD ? typeof value !== 'string' || value.length > 5000 : !(field in FACT_FIELDS) || !isValidFactValue(field as FactField, value)) {
      return { ok: false, error: `facts.${field}: not a valid value for this field.` };
    }
  }
  const unique = (what: string, ids: readonly string[]) => (new Set(ids).size === ids.length ? null : `${what}: two entries share one id.`);
  const duplicate =
    unique('participants', data.participants.map((entry) => entry.id)) ??
    unique('cards', data.cards.map((entry) => entry.id)) ??
    unique('themes', data.themes.map((entry) => entry.id)) ??
    unique('whys', data.whys.map((entry) => entry.id)) ??
    unique('links', data.links.map((entry) => entry.id)) ??
    unique('actions', data.actions.map((entry) => entry.id));
  if (duplicate) return { ok: false, error: duplicate };
  const numbers = data.actions.map((action) => Number(action.ref.slice(3)));
  const twice = data.actions.find((_action, i) => numbers.indexOf(numbers[i] as number) !== i);
  if (twice) return { ok: false, error: `actions: two actions share the number ${actionRef(Number(twice.ref.slice(3)))}.` };
  const themes = new Set(data.themes.map((theme) => theme.id));
  const orphan = data.whys.find((why) => !themes.has(why.theme));
  if (orphan) return { ok: false, error: `whys: ${orphan.id} names a theme the export does not hold.` };
  const homeless = data.cards.find((card) => card.theme !== '' && !themes.has(card.theme));
  if (homeless) return { ok: false, error: `cards: ${homeless.id} names a theme the export does not hold.` };
  const stranger = [...data.cards, ...data.themes, ...data.whys, ...data.links, ...data.actions].find((entry) => !participants.has(entry.authorId));
  if (stranger) return { ok: false, error: `${stranger.id}: its author is not among the participants.` };
  const highest = Math.max(0, ...numbers);
  if (highest > data.session.actionsNumbered) return { ok: false, error: 'session.actionsNumbered: lower than an action number the export holds.' };
  return { ok: true, data };
}

function text(value: string): Y.Text {
  return new Y.Text(value);
}

function entityMap(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  return map;
}

/** Writes a checked export into a new, empty board document in one server transaction (R61). */
export function importBoard(doc: Y.Doc, data: BoardExport): void {
  doc.transact(() => {
    boardMap(doc).set('title', data.board.title);
    boardMap(doc).set('createdAt', data.board.createdAt);
    for (const person of data.participants) {
      participantsMap(doc).set(person.id, entityMap({ name: person.name, color: person.color, joinedAt: person.joinedAt }));
      if (person.role === 'facilitator') sessionChild(doc, 'facilitators').set(person.id, person.joinedAt);
      if (person.removed) sessionChild(doc, 'removed').set(person.id, person.joinedAt);
    }
    const { session } = data;
    const map = sessionMap(doc);
    if (session.phase !== 'prepare') map.set(SESSION.phase, session.phase);
    if (session.status === 'ended') map.set(SESSION.status, 'ended');
    map.set(SESSION.primeDirective, session.primeDirective);
    for (const [phaseId, minutes] of Object.entries(session.timeboxes)) sessionChild(doc, 'timeboxes').set(phaseId, minutes);
    map.set(SESSION.voteBudget, session.voteBudget);
    map.set(SESSION.voteCap, Math.min(session.voteCap, session.voteBudget));
    map.set(SESSION.votesLive, session.votesLive);
    map.set(SESSION.showVoters, session.showVoters);
    map.set(SESSION.votesRevealed, session.votesRevealed);
    map.set(SESSION.privateWriting, session.privateWriting);
    map.set(SESSION.factsEditable, session.factsEditable);
    map.set(SESSION.actionSeq, session.actionsNumbered);
    for (const [cardId, phaseId] of Object.entries(session.late)) sessionChild(doc, 'late').set(cardId, phaseId);
    for (const [itemId, phaseId] of Object.entries(session.lateGrouping)) sessionChild(doc, 'lateGrouping').set(itemId, phaseId);
    for (const [field, value] of Object.entries(data.facts)) {
      factsMap(doc).set(field, field === SUMMARY_FIELD ? text(String(value)) : value);
    }
    if (!(factsMap(doc).get(SUMMARY_FIELD) instanceof Y.Text)) factsMap(doc).set(SUMMARY_FIELD, new Y.Text());
    for (const event of data.timeline) timelineMap(doc).set(event.id, entityMap({ ...event }));
    for (const card of data.cards) {
      const { theme, themeOrder, ...rest } = card;
      cardsMap(doc).set(card.id, entityMap({ ...rest, [CARD_FIELD.text]: text(card.text), ...(theme ? { theme } : {}), ...(themeOrder ? { themeOrder } : {}) }));
    }
    for (const theme of data.themes) {
      const { notes, ...fields } = theme;
      themesMap(doc).set(theme.id, entityMap({ ...fields, [THEME_FIELD.title]: text(theme.title) }));
      if (notes) notesMap(doc).set(theme.id, text(notes));
    }
    for (const why of data.whys) whysMap(doc).set(why.id, entityMap({ ...why, [WHY_FIELD.text]: text(why.text) }));
    for (const link of data.links) linksMap(doc).set(link.id, entityMap({ ...link }));
    for (const action of data.actions) {
      actionsMap(doc).set(action.id, entityMap({ ...action, [ACTION_FIELD.title]: text(action.title), [ACTION_FIELD.description]: text(action.description) }));
    }
    for (const [item, total] of Object.entries(data.votes)) {
      tallyMap(doc).set(item, total);
      // Only the count: names would stay readable after a facilitator hides them (R50).
      sessionChild(doc, 'importedVotes').set(item, { dots: total.dots });
    }
  }, new ServerOrigin('importBoard'));
}
