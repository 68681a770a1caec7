import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import {
  initBoard,
  putParticipant,
  runSessionCommand,
  selectParticipants,
  selectSession,
  type Actor,
  type SessionCommand,
} from '@hindsight/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Participants } from '../src/board/Participants';
import { Opener } from '../src/session/Opener';
import { PhaseBar } from '../src/session/PhaseBar';
import { SettingsDialog } from '../src/session/SettingsDialog';

afterEach(cleanup);

const fran: Actor = { participantId: 'p-fran', role: 'facilitator' };
const ana: Actor = { participantId: 'p-ana', role: 'participant' };
const ben: Actor = { participantId: 'p-ben', role: 'participant' };

/** A board with a facilitator and two participants, after `commands` ran on the server. */
function board(commands: [Actor, SessionCommand][] = []) {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Outage', createdAt: 1 });
  [fran, ana, ben].forEach((actor, i) =>
    putParticipant(doc, { id: actor.participantId, name: actor.participantId.slice(2), color: '#1971c2', role: actor.role, joinedAt: i }),
  );
  for (const [actor, command] of commands) runSessionCommand(doc, actor.participantId, command, Date.now());
  return { session: selectSession(doc), people: selectParticipants(doc) };
}

describe('PhaseBar', () => {
  it('[R19] shows everyone the phase, its purpose and what they can do; only the facilitator gets the controls', () => {
    const { session, people } = board([[fran, { type: 'setPhase', phase: 'reflect' }]]);
    const run = vi.fn();
    const { rerender } = render(<PhaseBar session={session} people={people} meId="p-ana" isFacilitator={false} lateCount={0} run={run} />);
    expect(screen.getByRole('heading', { name: /Reflect/ })).toBeTruthy();
    expect(screen.getByText('Everyone adds their own thoughts to the four columns.')).toBeTruthy();
    expect(screen.getByText('3. Reflect').closest('li')?.getAttribute('aria-current')).toBe('step');
    expect(screen.queryByRole('button', { name: /Next/ })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Timer controls' })).toBeNull();
    expect(screen.getByTestId('timer').textContent).toMatch(/^(10:00|9:5\d)$/);
    fireEvent.click(screen.getByRole('button', { name: "I'm done" }));
    expect(run).toHaveBeenCalledWith({ type: 'setReady', ready: true });

    rerender(<PhaseBar session={session} people={people} meId="p-fran" isFacilitator lateCount={0} run={run} />);
    fireEvent.click(screen.getByRole('button', { name: 'Next: Discuss →' }));
    expect(run).toHaveBeenLastCalledWith({ type: 'setPhase', phase: 'discuss' });
    fireEvent.click(within(screen.getByRole('group', { name: 'Timer controls' })).getByRole('button', { name: 'Add five minutes' }));
    expect(run).toHaveBeenLastCalledWith({ type: 'addTime', minutes: 5 });
    expect(screen.getByText('0 of 3 done')).toBeTruthy();
  });

  it('[R24] counts who is done for the facilitator', () => {
    const { session, people } = board([
      [fran, { type: 'setPhase', phase: 'vote' }],
      [ana, { type: 'setReady', ready: true }],
    ]);
    render(<PhaseBar session={session} people={people} meId="p-ana" isFacilitator={false} lateCount={0} run={vi.fn()} />);
    expect(screen.getByRole('button', { name: '✓ Done' }).getAttribute('aria-pressed')).toBe('true');
    cleanup();
    render(<PhaseBar session={session} people={people} meId="p-fran" isFacilitator lateCount={2} run={vi.fn()} />);
    expect(screen.getByText('1 of 3 done')).toBeTruthy();
    expect(screen.getByText('2 late cards')).toBeTruthy();
  });
});

describe('Opener', () => {
  it('[R23] shows the Prime Directive with "I agree", and the facilitator the agreement count', () => {
    const { session, people } = board([[ana, { type: 'agree' }]]);
    const onAgree = vi.fn();
    render(<Opener session={session} people={people} isFacilitator onAgree={onAgree} />);
    const dialog = screen.getByRole('dialog', { name: 'The Retrospective Prime Directive' });
    expect(within(dialog).getByText(/everyone did the best job they could/)).toBeTruthy();
    expect(within(dialog).getByText('1 of 3 agreed')).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('I agree');
    fireEvent.click(within(dialog).getByRole('button', { name: 'I agree' }));
    expect(onAgree).toHaveBeenCalledTimes(1);
  });
});

describe('Participants for a facilitator', () => {
  it('[R25][R26][R27] offers co-facilitation, hand-over and removal (with a confirmation) for others', () => {
    const { session, people } = board([[ana, { type: 'agree' }]]);
    const run = vi.fn();
    render(<Participants participants={people} online={new Set()} meId="p-fran" session={session} isFacilitator run={run} onColor={vi.fn()} />);
    expect(screen.getByRole('listitem', { name: 'ana, offline, agreed' })).toBeTruthy();
    const open = () => fireEvent.click(screen.getByRole('button', { name: /^ben, offline\. Facilitator actions/ }));
    open();
    fireEvent.click(screen.getByRole('button', { name: 'Make co-facilitator' }));
    expect(run).toHaveBeenLastCalledWith({ type: 'setRole', participantId: 'p-ben', role: 'facilitator' });
    open();
    fireEvent.click(screen.getByRole('button', { name: 'Hand facilitation over…' }));
    expect(run).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Hand over to ben' }));
    expect(run).toHaveBeenLastCalledWith({ type: 'handOver', participantId: 'p-ben' });
    open();
    fireEvent.click(screen.getByRole('button', { name: 'Remove from the board…' }));
    expect(run).toHaveBeenCalledTimes(2);
    fireEvent.click(screen.getByRole('button', { name: 'Remove ben' }));
    expect(run).toHaveBeenLastCalledWith({ type: 'removeParticipant', participantId: 'p-ben' });
  });
});

describe('SettingsDialog', () => {
  it('[R21][R22] sends only what changed, and refuses a time box that is not whole minutes in range', async () => {
    const { session } = board();
    const run = vi.fn(() => Promise.resolve(true));
    const onClose = vi.fn();
    render(<SettingsDialog session={session} run={run} onClose={onClose} />);
    const discuss = screen.getByRole('spinbutton', { name: /Discuss/ });
    fireEvent.change(discuss, { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Discuss: a time box is a whole number of minutes from 1 to 180/);
    expect(document.activeElement).toBe(discuss);
    expect(discuss.getAttribute('aria-invalid')).toBe('true');
    expect(run).not.toHaveBeenCalled();
    fireEvent.change(discuss, { target: { value: '25' } });
    fireEvent.change(screen.getByLabelText('Prime Directive'), { target: { value: 'We assume good faith.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(run.mock.calls).toEqual([
      [{ type: 'setTimebox', phase: 'discuss', minutes: 25 }],
      [{ type: 'setPrimeDirective', text: 'We assume good faith.' }],
    ]);
  });

  it('[R51] sends the vote settings you changed, and never undoes another facilitator’s change made while the dialog was open', async () => {
    const { session } = board();
    const run = vi.fn(() => Promise.resolve(true));
    const onClose = vi.fn();
    const { rerender } = render(<SettingsDialog session={{ ...session, showVoters: true }} run={run} onClose={onClose} />);
    // Meanwhile another facilitator turns voter names off and lowers the budget.
    rerender(<SettingsDialog session={{ ...session, showVoters: false, voteRules: { budget: 3, cap: 3 } }} run={run} onClose={onClose} />);
    fireEvent.click(screen.getByRole('checkbox', { name: /Show the totals while people vote/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(run.mock.calls).toEqual([[{ type: 'setVoteSettings', live: true }]]);
  });

  it('[R51] a cap above the dots per person is pointed out at its field; lowering the budget alone brings the cap down with it', async () => {
    const { session } = board();
    const run = vi.fn(() => Promise.resolve(true));
    const onClose = vi.fn();
    render(<SettingsDialog session={session} run={run} onClose={onClose} />);
    const cap = screen.getByRole('spinbutton', { name: /Most dots one person/ });
    fireEvent.change(cap, { target: { value: '6' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Dots on one item: a whole number from 1 to 5 (the dots per person).');
    expect(document.activeElement).toBe(cap);
    expect(run).not.toHaveBeenCalled();
    fireEvent.change(cap, { target: { value: '3' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Dots per person' }), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(run.mock.calls).toEqual([[{ type: 'setVoteSettings', budget: 2, cap: 2 }]]);
  });
});
