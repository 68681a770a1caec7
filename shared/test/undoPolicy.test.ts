import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createUndoManager, groupCards, nextUndoRole, nextUndoRoots, runSessionCommand, selectSession, setThemeNotes, undoRefusal, type Actor } from '../src/index';
import { ALICE, FACILITATOR, receive, replicaOf, serverBoard, testCard, updateOf } from './helpers';

describe('[R15] undo declines what the server would refuse', () => {
  it('[R54] a former facilitator cannot undo their notes: the app says so, and the gate would have refused it', () => {
    const server = serverBoard();
    const alice = replicaOf(server);
    const grouped = groupCards(alice, ALICE, testCard(alice, ALICE, 'A'), testCard(alice, ALICE, 'B'));
    receive(server, Y.encodeStateAsUpdate(alice), ALICE);
    const themeId = grouped.ok ? grouped.value.themeId : '';
    runSessionCommand(server, FACILITATOR.participantId, { type: 'startNotes', themeId }, 1);
    const facilitator = replicaOf(server);
    const undo = createUndoManager(facilitator);
    setThemeNotes(facilitator, FACILITATOR, themeId, 'Decided');
    receive(server, Y.encodeStateAsUpdate(facilitator), FACILITATOR);
    const demoted: Actor = { participantId: FACILITATOR.participantId, role: 'participant' };
    const roots = nextUndoRoots(undo);
    expect(undoRefusal(facilitator, selectSession(server), FACILITATOR, roots, nextUndoRole(undo))).toBeNull();
    expect(undoRefusal(facilitator, selectSession(server), demoted, roots, nextUndoRole(undo))).toMatch(/no longer are one/);
    expect(receive(server, updateOf(facilitator, () => undo.undo()), demoted)).toMatchObject({ ok: false, rule: 'R54' });
  });

  it('[R58] a participant cannot undo an action edit once the Actions phases are over; nobody can once the session ended', () => {
    const server = serverBoard();
    runSessionCommand(server, FACILITATOR.participantId, { type: 'setPhase', phase: 'vote' }, 1);
    const roots = new Set(['actions']);
    expect(undoRefusal(server, selectSession(server), ALICE, roots, 'participant')).toMatch(/Actions and Wrap-up phases, so this change cannot be undone during Vote/);
    expect(undoRefusal(server, selectSession(server), FACILITATOR, roots, 'facilitator')).toBeNull();
    runSessionCommand(server, FACILITATOR.participantId, { type: 'endSession' }, 2);
    expect(undoRefusal(server, selectSession(server), FACILITATOR, roots, 'facilitator')).toMatch(/read-only/);
  });
});
