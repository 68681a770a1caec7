import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { addCard, initBoard, putParticipant, selectCards, selectSession, type Actor } from '@hindsight/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CardNote } from '../src/board/CardNote';
import { Participants } from '../src/board/Participants';
import { StatusLine } from '../src/board/StatusLine';
import { JoinForm, pickFreeColor } from '../src/pages/JoinForm';
import { pasteOverflow } from '../src/facts/SharedTextarea';
import { RefusalBanner } from '../src/board/RefusalBanner';
import { PARTICIPANT_COLORS } from '../src/colors';
import { adoptFacilitatorKeyFromLocation, loadFacilitatorKey } from '../src/identity';
import { highlightOf, useUi } from '../src/uiStore';

afterEach(() => {
  cleanup();
  useUi.setState({ editingCardId: null, toast: null });
});

const ana: Actor = { participantId: 'p-ana', role: 'participant' };
const ben: Actor = { participantId: 'p-ben', role: 'participant' };

function boardWithCard() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Outage', createdAt: 1 });
  putParticipant(doc, { id: ana.participantId, name: 'Ana Lima', color: '#1971c2', role: 'participant', joinedAt: 1 });
  addCard(doc, ana, { column: 'went-well', text: 'Paging worked' });
  return { doc, card: selectCards(doc)[0]! };
}

describe('StatusLine', () => {
  it('says what the connection does, and how many changes wait', () => {
    const { rerender } = render(<StatusLine state={{ kind: 'connected', synced: true }} waiting={0} />);
    expect(screen.getByRole('status').textContent).toBe('Changes saved');
    rerender(<StatusLine state={{ kind: 'offline' }} waiting={2} />);
    expect(screen.getByRole('status').textContent).toBe('Offline, 2 cards not sent yet');
    rerender(<StatusLine state={{ kind: 'reconnecting' }} waiting={1} />);
    expect(screen.getByRole('status').textContent).toBe('Reconnecting…, 1 card not sent yet');
  });
});

describe('CardNote', () => {
  it("lets its author edit and delete it, and nobody else", () => {
    const { doc, card } = boardWithCard();
    const onDelete = vi.fn();
    const { rerender } = render(<CardNote card={card} doc={doc} actor={ben} author={undefined} color="#2f9e44" onDelete={onDelete} readOnly={false} />);
    expect(screen.queryByRole('button', { name: 'Delete card' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Edit card/ })).toBeNull();
    rerender(<CardNote card={card} doc={doc} actor={ana} author={undefined} color="#2f9e44" onDelete={onDelete} readOnly={false} />);
    fireEvent.click(screen.getByRole('button', { name: /Edit card/ }));
    fireEvent.input(screen.getByLabelText('Card text'), { target: { value: 'Paging worked well' } });
    expect(selectCards(doc)[0]?.text).toBe('Paging worked well');
    fireEvent.click(screen.getByRole('button', { name: 'Delete card' }));
    expect(onDelete).toHaveBeenCalledWith(card);
  });

  it('[R29] cannot be edited or deleted, even by its author, once the session has ended', () => {
    const { doc, card } = boardWithCard();
    render(<CardNote card={card} doc={doc} actor={ana} author={undefined} color="#2f9e44" onDelete={vi.fn()} readOnly />);
    expect(screen.queryByRole('button', { name: 'Delete card' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Edit card/ })).toBeNull();
  });

  it('[R31] shows the facilitator the phase a late card arrived in', () => {
    const { doc, card } = boardWithCard();
    render(<CardNote card={card} doc={doc} actor={ben} author={undefined} color="#2f9e44" onDelete={vi.fn()} readOnly={false} late="vote" />);
    expect(screen.getByText('late · Vote').getAttribute('title')).toBe('Added during Vote, outside Reflect');
  });
});

describe('Participants', () => {
  it('shows who is online and lets you, only you, pick another color', () => {
    const onColor = vi.fn();
    const participants = [
      { id: 'p-ana', name: 'Ana Lima', color: '#1971c2', role: 'facilitator' as const, joinedAt: 1, removed: false },
      { id: 'p-ben', name: 'Ben Okafor', color: '#2f9e44', role: 'participant' as const, joinedAt: 2, removed: false },
    ];
    const session = selectSession(new Y.Doc());
    render(
      <Participants participants={participants} online={new Set(['p-ben'])} meId="p-ben" session={session} isFacilitator={false} run={vi.fn()} onColor={onColor} />,
    );
    // A participant has no menu on anyone else.
    expect(screen.queryByRole('button', { name: /Ana Lima.*Facilitator actions/ })).toBeNull();
    expect(screen.getByRole('listitem', { name: 'Ana Lima, facilitator, offline' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Ben Okafor \(you\), online\. Change your color/ }));
    const menu = screen.getByRole('group', { name: 'Your color' });
    expect(menu.querySelectorAll('[aria-pressed="true"]')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Color raspberry' }));
    expect(onColor).toHaveBeenCalledWith('#c2255c');
    expect(screen.queryByRole('group', { name: 'Your color' })).toBeNull();
    // Escape closes the menu without choosing.
    fireEvent.click(screen.getByRole('button', { name: /Change your color/ }));
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('group', { name: 'Your color' })).toBeNull();
    expect(onColor).toHaveBeenCalledTimes(1);
  });
});

describe('highlighting a participant', () => {
  it('[R52] click highlights one person, shift-click adds or removes, clicking the only one clears', () => {
    const participants = [
      { id: 'p-ana', name: 'Ana Lima', color: '#1971c2', role: 'facilitator' as const, joinedAt: 1, removed: false },
      { id: 'p-ben', name: 'Ben Okafor', color: '#2f9e44', role: 'participant' as const, joinedAt: 2, removed: false },
    ];
    useUi.getState().clearHighlight();
    render(
      <Participants participants={participants} online={new Set()} meId="p-ben" session={selectSession(new Y.Doc())} isFacilitator={false} run={vi.fn()} onColor={vi.fn()} />,
    );
    const ana = () => screen.getByRole('button', { name: /^Highlight Ana Lima/ });
    const ben = () => screen.getByRole('button', { name: /^Highlight Ben Okafor/ });
    const pressed = () => [ana(), ben()].map((button) => button.getAttribute('aria-pressed'));
    fireEvent.click(ana());
    expect(pressed()).toEqual(['true', 'false']);
    expect(highlightOf(useUi.getState(), 'p-ben')).toBe('dimmed');
    fireEvent.click(ben(), { shiftKey: true });
    expect(pressed()).toEqual(['true', 'true']);
    fireEvent.click(ben());
    expect(pressed()).toEqual(['false', 'true']);
    fireEvent.click(ben());
    expect(pressed()).toEqual(['false', 'false']);
    expect(highlightOf(useUi.getState(), 'p-ben')).toBe('');
  });
});

describe('facilitator key in the link', () => {
  it('is kept in this browser and cleared from the address bar', () => {
    history.replaceState(null, '', '/b/board-1#fk=secret-key');
    adoptFacilitatorKeyFromLocation('board-1');
    expect(loadFacilitatorKey('board-1')).toBe('secret-key');
    expect(window.location.hash).toBe('');
    expect(window.location.pathname).toBe('/b/board-1');
  });
});

describe('JoinForm with an out-of-date facilitator link', () => {
  it('[R25] says so and lets you join as a participant instead', async () => {
    localStorage.setItem('hindsight:facilitator-key:board-2', 'old-key');
    const bodies: unknown[] = [];
    vi.stubGlobal('fetch', (_url: string, init: { body: string }) => {
      const body = JSON.parse(init.body) as { facilitatorKey?: string };
      bodies.push(body);
      const refused = body.facilitatorKey !== undefined;
      return Promise.resolve(
        new Response(JSON.stringify(refused ? { error: 'The facilitator key is not valid for this board.' } : { participantId: 'p1', token: 't', role: 'participant' }), {
          status: refused ? 403 : 201,
        }),
      );
    });
    const onJoined = vi.fn();
    render(<JoinForm boardId="board-2" title="Outage" onJoined={onJoined} />);
    expect(screen.getByText('You will join as a facilitator.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Your name, as others will see it'), { target: { value: 'Cleo' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join the board' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/facilitator link is out of date/);
    expect(screen.queryByText('You will join as a facilitator.')).toBeNull();
    expect(loadFacilitatorKey('board-2')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Join the board' }));
    await vi.waitFor(() => expect(onJoined).toHaveBeenCalled());
    // The join form starts on a color of its own for each newcomer; both attempts send the same one.
    const color = (bodies[0] as { color?: string } | undefined)?.color ?? '';
    expect(color).toMatch(/^#[0-9a-f]{6}$/);
    expect(bodies).toEqual([
      { name: 'Cleo', color, facilitatorKey: 'old-key' },
      { name: 'Cleo', color },
    ]);
    vi.unstubAllGlobals();
  });
});

describe('JoinForm colors', () => {
  it('offers a color nobody on the board wears, while one is left', () => {
    const taken = PARTICIPANT_COLORS.slice(0, 7);
    for (const random of [0, 0.5, 0.99]) expect(pickFreeColor(taken, () => random)).toBe(PARTICIPANT_COLORS[7]);
    // Every color taken: any of them, rather than none.
    expect(PARTICIPANT_COLORS).toContain(pickFreeColor(PARTICIPANT_COLORS, () => 0.3));
    render(<JoinForm boardId="board-3" title="Outage" colorsInUse={taken} onJoined={() => undefined} />);
    const chosen = screen.getAllByRole('radio').find((radio) => (radio as HTMLInputElement).checked) as HTMLInputElement | undefined;
    expect(chosen?.value).toBe(PARTICIPANT_COLORS[7]);
  });
});

describe('limits the user meets', () => {
  it('[R62] a paste past a field limit counts what the browser drops', () => {
    const field = (value: string, start: number, end: number) => ({ value, selectionStart: start, selectionEnd: end });
    expect(pasteOverflow(field('abc', 3, 3), 'defg', 5)).toBe(2);
    // Pasting over a selection replaces it: room for more.
    expect(pasteOverflow(field('abcde', 0, 5), 'vwxyz', 5)).toBe(0);
    expect(pasteOverflow(field('', 0, 0), 'short', 2000)).toBe(0);
    // Windows line endings count once, as the field stores them.
    expect(pasteOverflow(field('', 0, 0), 'a\r\nb\r\nc', 4)).toBe(1);
  });

  it('[R66] a full board is explained in words, with what to do', () => {
    render(<RefusalBanner refusal={{ rule: 'R66', reason: 'R66: The board is full (16 MiB).', unsaved: ['A long log'] }} onDismiss={() => undefined} />);
    expect(screen.getByRole('alert').textContent).toMatch(/This board is full.*Delete cards you no longer need, or export the board/);
    expect(screen.getByText('A long log')).toBeTruthy();
  });
});
