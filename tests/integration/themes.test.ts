import {
  addCard,
  createUndoManager,
  groupCards,
  moveCard,
  selectLayout,
  selectSession,
  setThemeTitle,
  type Actor,
} from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach, connectClient } from './clients';
import { until } from './helpers';
import { sessionScene } from './scene';

const cleanups = cleanupsAfterEach();

const as = (participantId: string, role: Actor['role'] = 'participant'): Actor => ({ participantId, role });

function themeSummary(doc: Parameters<typeof selectLayout>[0]): string[] {
  return selectLayout(doc).themes.map((theme) => `${theme.title}: ${theme.cards.map((card) => card.text).join(', ')}`);
}

describe('themes through the server', () => {
  it('[R44] a grouping made in the Group phase reaches everyone and is not marked; one made in Discuss by a participant is kept and marked late', async () => {
    const { host, alice, bob, run, started, board } = await sessionScene(cleanups);
    const fran = await connectClient(cleanups, started.url, board.id, host.token);
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    const b = await connectClient(cleanups, started.url, board.id, bob.token);
    const ids = ['deploy froze', 'alert fired late', 'no runbook', 'pager silent'].map((text) => {
      const added = addCard(a.doc, as(alice.participantId), { column: 'went-well', text });
      return added.ok ? added.value.cardId : '';
    });
    await until(() => selectLayout(b.doc).columns['went-well'].length === 4, 5000, 'the cards');
    await run(host.token, { type: 'setPhase', phase: 'group' });
    await until(() => selectSession(b.doc).phase === 'group', 5000, 'Group');
    const grouped = groupCards(b.doc, as(bob.participantId), ids[0] as string, ids[1] as string);
    expect(grouped.ok).toBe(true);
    setThemeTitle(b.doc, as(bob.participantId), grouped.ok ? grouped.value.themeId : '', 'Alerting');
    await until(() => themeSummary(fran.doc).length === 1 && themeSummary(a.doc)[0] === 'Alerting: alert fired late, deploy froze', 5000, 'the theme');
    expect(selectSession(fran.doc).lateGrouping.size).toBe(0);

    await run(host.token, { type: 'setPhase', phase: 'discuss' });
    await until(() => selectSession(b.doc).phase === 'discuss', 5000, 'Discuss');
    // Moving your own card between columns is never late; regrouping is, and so is moving someone else's card.
    moveCard(a.doc, as(alice.participantId), ids[2] as string, { column: 'lessons-learned', index: 0 });
    groupCards(b.doc, as(bob.participantId), ids[3] as string, ids[0] as string);
    await until(() => selectSession(fran.doc).lateGrouping.size > 0, 5000, 'the late mark');
    await until(() => themeSummary(fran.doc)[0] === 'Alerting: alert fired late, deploy froze, pager silent', 5000, 'the late grouping');
    expect(Object.fromEntries(selectSession(fran.doc).lateGrouping)).toEqual({ [ids[3] as string]: 'discuss' });
    // A facilitator regroups at any time without a mark.
    moveCard(fran.doc, as(host.participantId, 'facilitator'), ids[1] as string, { column: 'ongoing-problem', index: 0 });
    await until(() => selectLayout(a.doc).columns['ongoing-problem'].length === 1, 5000, "the facilitator's move");
    expect([...selectSession(fran.doc).lateGrouping.keys()]).toEqual([ids[3]]);
  });

  it('[R15] undoing a grouping through the real server restores the cards for everyone and the theme disappears', async () => {
    const { host, alice, run, started, board } = await sessionScene(cleanups);
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    const fran = await connectClient(cleanups, started.url, board.id, host.token);
    await run(host.token, { type: 'setPhase', phase: 'group' });
    const ids = ['one', 'two'].map((text) => {
      const added = addCard(a.doc, as(alice.participantId), { column: 'went-well', text });
      return added.ok ? added.value.cardId : '';
    });
    const undo = createUndoManager(a.doc);
    groupCards(a.doc, as(alice.participantId), ids[1] as string, ids[0] as string);
    await until(() => themeSummary(fran.doc).length === 1, 5000, 'the theme');
    undo.undo();
    await until(() => themeSummary(fran.doc).length === 0, 5000, 'the undone theme');
    expect(selectLayout(fran.doc).columns['went-well'].map((card) => card.text)).toEqual(['one', 'two']);
    expect(a.provider.wsconnected).toBe(true);
  });
});
