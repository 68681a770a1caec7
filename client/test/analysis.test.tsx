import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import {
  addCard,
  addEvents,
  groupCards,
  initBoard,
  putParticipant,
  runSessionCommand,
  selectActions,
  selectCards,
  selectLayout,
  selectLinks,
  selectNotes,
  selectWhys,
  type Actor,
  type ThemeView,
  type ParticipantSnapshot,
} from '@hindsight/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ActionRow } from '../src/actions/ActionRow';
import { CardNote } from '../src/board/CardNote';
import { AnalysisContext, CardToolsContext } from '../src/board/analysis/AnalysisContext';
import { ThemeAnalysis } from '../src/board/analysis/ThemeAnalysis';
import { EventLinks } from '../src/facts/EventLinks';
import { linkables } from '../src/board/linkables';
import { useUi } from '../src/uiStore';

afterEach(() => {
  cleanup();
  useUi.setState({ toast: null });
});

const fran: Actor = { participantId: 'p-fran', role: 'facilitator' };
const ana: Actor = { participantId: 'p-ana', role: 'participant' };
const people: ParticipantSnapshot[] = [
  { id: fran.participantId, name: 'Fran Ortiz', color: '#1971c2', role: 'facilitator', joinedAt: 1, removed: false },
  { id: ana.participantId, name: 'Ana Lima', color: '#2f9e44', role: 'participant', joinedAt: 2, removed: false },
];

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Outage', createdAt: 1 });
  for (const person of people) putParticipant(doc, { ...person, role: person.role });
  const ids = ['Alert fired late', 'Pager rota has gaps'].map((text) => {
    const added = addCard(doc, ana, { column: 'lessons-learned', text });
    if (!added.ok) throw new Error(added.error.message);
    return added.value.cardId;
  }) as [string, string];
  groupCards(doc, ana, ids[0], ids[1]);
  const theme = selectLayout(doc).themes[0]!;
  return { doc, theme, ids };
}

const started: string[] = [];

function analysisOf(doc: Y.Doc, isFacilitator: boolean) {
  return { whys: selectWhys(doc), notes: selectNotes(doc), startNotes: (themeId: string) => started.push(themeId), links: selectLinks(doc), events: [], zone: 'UTC', isFacilitator };
}

/** A theme's analysis row as `actor` sees it, from the document as it is now. */
function analysisRow(doc: Y.Doc, theme: ThemeView, actor: Actor) {
  return (
    <AnalysisContext.Provider value={analysisOf(doc, actor.role === 'facilitator')}>
      <ThemeAnalysis theme={theme} doc={doc} actor={actor} readOnly={false} onCommand={() => undefined} />
    </AnalysisContext.Provider>
  );
}

describe('ThemeAnalysis', () => {
  it('[R53] the tag select writes the tag; [R55] asking why adds an answer field', () => {
    const { doc, theme } = board();
    const { rerender } = render(analysisRow(doc, theme, ana));
    fireEvent.change(screen.getByLabelText(`Tag for theme ${theme.title}`, { selector: 'select' }), { target: { value: 'root-cause' } });
    expect(selectLayout(doc).themes[0]?.tag).toBe('root-cause');
    fireEvent.click(screen.getByRole('button', { name: 'Analysis' }));
    fireEvent.click(screen.getByRole('button', { name: '+ Ask why' }));
    rerender(analysisRow(doc, selectLayout(doc).themes[0]!, ana));
    fireEvent.input(screen.getByLabelText('Answer to why 1'), { target: { value: 'Thresholds were tuned for old traffic' } });
    expect(selectWhys(doc).get(theme.id)?.map((why) => why.text)).toEqual(['Thresholds were tuned for old traffic']);
  });

  it('[R54] participants read the notes; only a facilitator starts them and gets the field', () => {
    const { doc, theme } = board();
    render(analysisRow(doc, theme, ana));
    fireEvent.click(screen.getByRole('button', { name: 'Analysis' }));
    expect(screen.queryByLabelText(`Discussion notes for theme ${theme.title}`, { selector: 'textarea' })).toBeNull();
    expect(screen.getByText('The facilitator takes notes here.')).toBeTruthy();
    cleanup();
    render(analysisRow(doc, theme, fran));
    fireEvent.click(screen.getByRole('button', { name: 'Analysis' }));
    fireEvent.click(screen.getByRole('button', { name: 'Start notes' }));
    expect(started).toEqual([theme.id]);
    // The server's answer to startNotes: the notes text, made once.
    runSessionCommand(doc, fran.participantId, { type: 'startNotes', themeId: theme.id }, 1);
    cleanup();
    render(analysisRow(doc, theme, fran));
    fireEvent.click(screen.getByRole('button', { name: 'Analysis' }));
    fireEvent.input(screen.getByLabelText(`Discussion notes for theme ${theme.title}`, { selector: 'textarea' }), { target: { value: 'Agreed: alert on saturation' } });
    expect(selectNotes(doc).get(theme.id)).toBe('Agreed: alert on saturation');
  });
});

describe('EventLinks', () => {
  it('[R56] links a card to an event and shows it under the event', () => {
    const { doc, ids } = board();
    addEvents(doc, fran, [{ at: 1_700_000_000_000, zone: 'UTC', text: 'Alert fired' }]);
    const [event] = [...doc.getMap<Y.Map<unknown>>('timeline').keys()];
    const timelineEvent = { id: event as string, at: 1_700_000_000_000, zone: 'UTC', text: 'Alert fired', source: '', mark: null };
    const view = () => <EventLinks doc={doc} actor={ana} event={timelineEvent} links={selectLinks(doc)} choices={linkables(selectLayout(doc))} canLink />;
    const { rerender } = render(view());
    fireEvent.change(screen.getByLabelText('Link a card or theme to Alert fired'), { target: { value: `card:${ids[0]}` } });
    // Choosing alone links nothing (arrowing through the list must not): the button does.
    expect(selectLinks(doc).sourcesOf.size).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: 'Link' }));
    rerender(view());
    expect(within(screen.getByRole('list', { name: 'Linked to Alert fired' })).getByText('Alert fired late')).toBeTruthy();
    expect(selectLinks(doc).sourcesOf.get(`event:${event as string}`)).toEqual([`card:${ids[0]}`]);
  });
});

describe('ActionRow', () => {
  function boardWithAction() {
    const { doc } = board();
    runSessionCommand(doc, fran.participantId, { type: 'setPhase', phase: 'actions' }, 1);
    runSessionCommand(doc, ana.participantId, { type: 'createAction', title: 'Improve monitoring' }, 2);
    return doc;
  }
  const row = (doc: Y.Doc, editable = true) => <ActionRow action={selectActions(doc)[0]!} doc={doc} actor={ana} people={people} editable={editable} links={selectLinks(doc)} choices={linkables(selectLayout(doc))} onCommand={() => undefined} onDelete={() => undefined} />;

  it('shows the nudges inline and drops each once it is answered', () => {
    const doc = boardWithAction();
    const { rerender } = render(<ol>{row(doc)}</ol>);
    const nudges = () => screen.queryAllByRole('listitem').filter((item) => item.classList.contains('nudge')).map((item) => item.className.replace('nudge ', ''));
    expect(nudges()).toEqual(['missing no-owner no-due', 'vague']);
    expect(screen.getByText('Needs an owner and a due date: actions without them do not get done.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Owner of AI-001'), { target: { value: ana.participantId } });
    act(() => rerender(<ol>{row(doc)}</ol>));
    expect(nudges()).toEqual(['missing no-due', 'vague']);
    fireEvent.change(screen.getByLabelText('Owner of AI-001'), { target: { value: ana.participantId } });
    fireEvent.change(screen.getByLabelText('Due date of AI-001'), { target: { value: '2026-12-18' } });
    act(() => rerender(<ol>{row(doc)}</ol>));
    expect(nudges()).toEqual(['vague']);
    fireEvent.input(screen.getByLabelText('Title of AI-001'), { target: { value: 'Add a saturation alert for the search pool to the on-call dashboard' } });
    act(() => rerender(<ol>{row(doc)}</ol>));
    expect(nudges()).toEqual([]);
  });

  it('takes a name for someone not on the board, saved when the field is left', () => {
    const doc = boardWithAction();
    const { rerender } = render(<ol>{row(doc)}</ol>);
    fireEvent.change(screen.getByLabelText('Owner of AI-001'), { target: { value: '\u0000someone-else' } });
    const name = screen.getByLabelText('Name of the owner of AI-001');
    fireEvent.change(name, { target: { value: '  Platform team ' } });
    expect(selectActions(doc)[0]?.owner).toBeNull();
    fireEvent.blur(name);
    expect(selectActions(doc)[0]?.owner).toEqual({ kind: 'name', name: 'Platform team' });
    act(() => rerender(<ol>{row(doc, false)}</ol>));
    expect(screen.getByLabelText<HTMLSelectElement>('Owner of AI-001').disabled).toBe(true);
  });
});

describe('ActionRow links', () => {
  it('[R56] an action takes and drops what it addresses', () => {
    const { doc, theme } = board();
    runSessionCommand(doc, fran.participantId, { type: 'setPhase', phase: 'actions' }, 1);
    runSessionCommand(doc, ana.participantId, { type: 'createAction', title: 'Alert on saturation' }, 2);
    const row = () => <ol><ActionRow action={selectActions(doc)[0]!} doc={doc} actor={ana} people={people} editable links={selectLinks(doc)} choices={linkables(selectLayout(doc))} onCommand={() => undefined} onDelete={() => undefined} /></ol>;
    const { rerender } = render(row());
    fireEvent.click(screen.getByRole('button', { name: 'Details of AI-001' }));
    fireEvent.change(screen.getByLabelText('Link AI-001 to a theme or card'), { target: { value: `theme:${theme.id}` } });
    fireEvent.click(screen.getByRole('button', { name: 'Link' }));
    rerender(row());
    expect(within(screen.getByRole('list', { name: 'What AI-001 addresses' })).getByText(`Theme: ${theme.title}`)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: `AI-001 no longer addresses Theme: ${theme.title}` }));
    expect(selectLinks(doc).targetsOf.get(`action:${selectActions(doc)[0]!.id}`)).toBeUndefined();
  });
});

describe('[R62] text limits in the fields', () => {
  it('a card being written says how much of its limit is used once nearly full, and when it is full', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Outage', createdAt: 1 });
    const added = addCard(doc, ana, { column: 'went-well', text: 'x'.repeat(1950) });
    const id = added.ok ? added.value.cardId : '';
    useUi.setState({ editingCardId: id });
    const note = () => <CardNote card={selectCards(doc)[0]!} doc={doc} actor={ana} author={people[1]} color="#1971c2" onDelete={() => undefined} readOnly={false} />;
    const { rerender } = render(note());
    expect(screen.getByText('1,950 / 2,000')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Card text'), { target: { value: 'x'.repeat(2000) } });
    rerender(note());
    expect(screen.getByText('Limit reached: 2,000 characters')).toBeTruthy();
    useUi.setState({ editingCardId: null });
  });
});

describe('CardNote and actions', () => {
  it('offers "Create action" only while actions may be made, and nudges its author about blame', () => {
    const { doc, ids } = board();
    const made: string[] = [];
    const card = { ...selectCards(doc).find((c) => c.id === ids[0])!, text: 'Ana should have caught the alert' };
    const note = (createAction: ((from: string, title: string) => void) | null) => (
      <CardToolsContext.Provider value={{ createAction, names: ['Ana Lima'] }}>
        <CardNote card={card} doc={doc} actor={ana} author={people[1]} color="#1971c2" onDelete={() => undefined} readOnly={false} />
      </CardToolsContext.Provider>
    );
    const { rerender } = render(note(null));
    expect(screen.queryByRole('button', { name: /^Create an action from card/ })).toBeNull();
    expect(screen.getByText(/Blameless\? “should have” points at a person/)).toBeTruthy();
    rerender(note((from, title) => made.push(`${from} ${title}`)));
    fireEvent.click(screen.getByRole('button', { name: 'Create an action from card: Ana should have caught the alert' }));
    expect(made).toEqual([`card:${ids[0]} Ana should have caught the alert`]);
  });
});
