import type * as Y from 'yjs';
import { COLUMNS, type ColumnId } from '../columns';
import { linkEndId, linkEndKind, selectNotes, type LinkEnd } from '../analysis/model';
import { selectLinks, selectWhys } from '../analysis/selectors';
import { selectActions } from '../actions/order';
import { priorityLabel, statusLabel, type ActionSnapshot } from '../actions/model';
import { incidentDuration, responseTimes, selectFacts, selectTimeline, type FactsSnapshot, type ResponseTimes, type TimelineEvent } from '../facts/selectors';
import { THEME_TAGS, type CardSnapshot, type ThemeTag } from '../layout';
import { selectBoardMeta, selectParticipants } from '../selectors';
import { selectSession } from '../session/state';
import { selectLayout } from '../themes/selectors';
import { dotsOf, selectTally } from '../votes/tally';
import { byVotes } from '../votes/count';
import type { ItemKey } from '../votes/ballot';

/** One card as a report shows it. */
export interface ReportCard {
  readonly id: string;
  readonly column: ColumnId;
  readonly text: string;
  readonly author: string;
  /** Dots on the card itself, while it stands alone; a grouped card's dots count for its theme. */
  readonly dots: number;
  readonly themeTitle: string | null;
}

export interface ReportTheme {
  readonly id: string;
  readonly title: string;
  readonly tag: ThemeTag | null;
  readonly tagLabel: string | null;
  readonly notes: string;
  readonly dots: number;
  readonly cards: readonly ReportCard[];
  readonly whys: readonly string[];
  readonly events: readonly TimelineEvent[];
}

export interface ReportEvent extends TimelineEvent {
  /** What the team linked to this event: card texts and theme titles. */
  readonly linked: readonly string[];
}

export interface ReportAction {
  readonly id: string;
  readonly ref: string;
  readonly title: string;
  readonly description: string;
  readonly owner: string;
  readonly due: string;
  readonly priority: string;
  readonly status: string;
  readonly raw: ActionSnapshot;
  /** What it addresses: theme titles and card texts. */
  readonly addresses: readonly string[];
}

/** Everything the exports render, read from the board once; plain data, in the board's orders. */
export interface Report {
  readonly boardTitle: string;
  readonly facts: FactsSnapshot;
  readonly zone: string;
  readonly times: ResponseTimes;
  readonly duration: number | null;
  readonly timeline: readonly ReportEvent[];
  /** Visible themes, most dots first, ties in board order. */
  readonly themes: readonly ReportTheme[];
  readonly cardsByColumn: Readonly<Record<ColumnId, readonly ReportCard[]>>;
  readonly actions: readonly ReportAction[];
  readonly participants: readonly { readonly name: string; readonly role: string }[];
  readonly primeDirective: string;
  readonly votesShown: boolean;
  readonly ended: boolean;
}

export function tagLabel(tag: ThemeTag | null): string | null {
  return THEME_TAGS.find((entry) => entry.id === tag)?.label ?? null;
}

export function selectReport(doc: Y.Doc): Report {
  const facts = selectFacts(doc);
  const session = selectSession(doc);
  const layout = selectLayout(doc);
  const links = selectLinks(doc);
  const whys = selectWhys(doc);
  const notes = selectNotes(doc);
  const dots = dotsOf(selectTally(doc));
  const people = new Map(selectParticipants(doc).map((participant) => [participant.id, participant]));
  const nameOf = (id: string) => people.get(id)?.name ?? 'Someone who left';
  const events = selectTimeline(doc);
  const eventsById = new Map(events.map((event) => [event.id, event]));
  const themeTitles = new Map(layout.themes.map((theme) => [theme.id, theme.title]));
  const allCards: CardSnapshot[] = [...Object.values(layout.columns).flat(), ...layout.themes.flatMap((theme) => theme.cards)];
  const cardsById = new Map(allCards.map((card) => [card.id, card]));
  const toCard = (card: CardSnapshot): ReportCard => {
    const themeId = layout.themeOfCard.get(card.id);
    return {
      id: card.id,
      column: card.column,
      text: card.text,
      author: nameOf(card.authorId),
      dots: themeId ? 0 : (dots.get(`card:${card.id}`) ?? 0),
      themeTitle: themeId ? (themeTitles.get(themeId) ?? null) : null,
    };
  };
  const describe = (end: LinkEnd): string | null => {
    const id = linkEndId(end);
    switch (linkEndKind(end)) {
      case 'card':
        return cardsById.has(id) ? `Card: ${cardsById.get(id)?.text ?? ''}` : null;
      case 'theme':
        return themeTitles.has(id) ? `Theme: ${themeTitles.get(id) as string}` : null;
      default:
        return null;
    }
  };
  const linkedEvents = (from: LinkEnd) =>
    (links.targetsOf.get(from) ?? [])
      .map((end) => eventsById.get(linkEndId(end)))
      .filter((event): event is TimelineEvent => event !== undefined)
      .sort((a, b) => a.at - b.at);
  const themes = byVotes(layout.themes, (theme) => dots.get(`theme:${theme.id}` as ItemKey) ?? 0).map(
    (theme): ReportTheme => ({
      id: theme.id,
      title: theme.title,
      tag: theme.tag,
      tagLabel: tagLabel(theme.tag),
      notes: notes.get(theme.id) ?? '',
      dots: dots.get(`theme:${theme.id}`) ?? 0,
      cards: theme.cards.map(toCard),
      whys: (whys.get(theme.id) ?? []).map((why) => why.text),
      events: linkedEvents(`theme:${theme.id}`),
    }),
  );
  const cardsByColumn = Object.fromEntries(
    COLUMNS.map((column) => [
      column.id,
      allCards
        .filter((card) => card.column === column.id)
        .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
        .map(toCard),
    ]),
  ) as Record<ColumnId, ReportCard[]>;
  const actions = selectActions(doc).map(
    (action): ReportAction => ({
      id: action.id,
      ref: action.ref,
      title: action.title,
      description: action.description,
      owner: !action.owner ? '' : action.owner.kind === 'participant' ? nameOf(action.owner.id) : action.owner.name,
      due: action.due ?? '',
      priority: priorityLabel(action.priority),
      status: statusLabel(action.status),
      raw: action,
      addresses: (links.targetsOf.get(`action:${action.id}`) ?? []).map(describe).filter((text): text is string => text !== null),
    }),
  );
  const timeline = events.map(
    (event): ReportEvent => ({
      ...event,
      linked: (links.sourcesOf.get(`event:${event.id}`) ?? []).map(describe).filter((text): text is string => text !== null),
    }),
  );
  const zone = facts.timeZone ?? 'UTC';
  return {
    boardTitle: selectBoardMeta(doc).title,
    facts,
    zone,
    times: responseTimes(events, facts),
    duration: incidentDuration(facts),
    timeline,
    themes,
    cardsByColumn,
    actions,
    participants: selectParticipants(doc)
      .filter((participant) => !participant.removed)
      .map((participant) => ({ name: participant.name, role: participant.role === 'facilitator' ? 'Facilitator' : 'Participant' })),
    primeDirective: session.primeDirective,
    votesShown: session.votesRevealed || session.votesLive,
    ended: session.ended,
  };
}
