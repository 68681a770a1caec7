import { addEvents, CLOSE, factsMap, selectFacts, selectSession, selectTimeline, setFact, type Actor } from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cleanupsAfterEach, connectClient, rawClient, syncUpdate } from './clients';
import { until } from './helpers';
import { sessionScene } from './scene';

const cleanups = cleanupsAfterEach();

/** What a raw protocol client sends for `change`, made on a copy of `doc`. */
function forge(doc: Y.Doc, change: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  change(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

describe('the facts on the server', () => {
  it('[R33][R34] a participant\'s raw client cannot edit the facts or the timeline until a facilitator allows it', async () => {
    const { host, alice, run, started, board } = await sessionScene(cleanups);
    const watcher = await connectClient(cleanups, started.url, board.id, host.token);
    expect(selectFacts(watcher.doc).summary).toBe('');
    const writes: ((copy: Y.Doc) => void)[] = [
      (copy) => factsMap(copy).set('severity', 'SEV-1'),
      (copy) => (factsMap(copy).get('summary') as Y.Text).insert(0, 'Written by Alice'),
      (copy) => addEvents(copy, { participantId: host.participantId, role: 'facilitator' }, [{ at: 1_739_092_500_000, zone: 'UTC', text: 'Alert' }]),
    ];
    for (const write of writes) {
      const { socket, closed } = await rawClient(cleanups, started.url, `${board.id}?token=${alice.token}`);
      socket.send(syncUpdate(forge(watcher.doc, write)));
      const { code, reason } = await closed;
      expect({ code, rule: reason.split(':')[0] }).toEqual({ code: CLOSE.ruleViolation.code, rule: 'R33' });
    }
    // Nothing of it reached the store: a fresh client reads empty facts.
    const fresh = await connectClient(cleanups, started.url, board.id, host.token);
    expect(selectFacts(fresh.doc)).toMatchObject({ severity: null, summary: '' });
    expect(selectTimeline(fresh.doc)).toEqual([]);

    expect((await run(alice.token, { type: 'setFactsEditable', editable: true })).status).toBe(403);
    expect((await run(host.token, { type: 'setFactsEditable', editable: true })).status).toBe(200);
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    await until(() => selectSession(a.doc).factsEditable, 5000, 'the permission');
    const actor: Actor = { participantId: alice.participantId, role: 'participant' };
    expect(setFact(a.doc, actor, 'severity', 'SEV-2').ok).toBe(true);
    await until(() => selectFacts(watcher.doc).severity === 'SEV-2', 5000, "Alice's severity at the facilitator's");
    expect(a.provider.wsconnected).toBe(true);
  });

  it('[R35] boards get their collaborative summary from the server; two editors type into it at once and both keep their text', async () => {
    const { host, started, board, run, alice } = await sessionScene(cleanups);
    await run(host.token, { type: 'setFactsEditable', editable: true });
    const f = await connectClient(cleanups, started.url, board.id, host.token);
    const a = await connectClient(cleanups, started.url, board.id, alice.token);
    await until(() => selectSession(a.doc).factsEditable, 5000, 'the permission');
    (factsMap(f.doc).get('summary') as Y.Text).insert(0, 'Checkout failed. ');
    (factsMap(a.doc).get('summary') as Y.Text).insert(0, 'Payments degraded. ');
    await until(() => selectFacts(f.doc).summary.length === 36 && selectFacts(a.doc).summary === selectFacts(f.doc).summary, 5000, 'both edits');
    expect(selectFacts(f.doc).summary).toContain('Checkout failed.');
    expect(selectFacts(f.doc).summary).toContain('Payments degraded.');
  });
});
