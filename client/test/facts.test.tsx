import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { addEvents, initBoard, putParticipant, selectFacts, selectTimeline, type Actor } from '@hindsight/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TimelineView } from '../src/facts/TimelineView';

afterEach(cleanup);

const fran: Actor = { participantId: 'p-fran', role: 'facilitator' };
const noUndo = { step: () => undefined, undo: () => undefined, redo: () => undefined, top: () => undefined, available: () => ({ undo: false, redo: false }), subscribe: () => () => undefined };

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Outage', createdAt: 1 });
  putParticipant(doc, { id: fran.participantId, name: 'Fran', color: '#1971c2', role: 'facilitator', joinedAt: 1 });
  return doc;
}

describe('TimelineView', () => {
  it('[R36] saving an edit writes only what was changed: the time keeps its seconds and zone', () => {
    const doc = board();
    addEvents(doc, fran, [{ at: Date.parse('2025-02-09T10:15:32Z'), zone: 'Asia/Tokyo', text: 'Alert', source: 'pager' }]);
    const view = () => <TimelineView doc={doc} actor={fran} facts={selectFacts(doc)} events={selectTimeline(doc)} zone="UTC" canEdit canLink undo={noUndo} />;
    const { rerender } = render(view());
    fireEvent.click(screen.getByRole('button', { name: 'Edit event: Alert' }));
    const form = screen.getByRole('button', { name: 'Save' }).closest('form') as HTMLFormElement;
    fireEvent.change(form.querySelector('input[aria-label="What happened"]') as HTMLInputElement, { target: { value: 'Alert: checkout 5xx' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    rerender(view());
    expect(selectTimeline(doc)[0]).toMatchObject({ text: 'Alert: checkout 5xx', at: Date.parse('2025-02-09T10:15:32Z'), zone: 'Asia/Tokyo', source: 'pager' });
    expect(screen.getByText('10:15:32')).toBeTruthy();
  });

  it('shows TTD, TTM and TTR from the marks', () => {
    const doc = board();
    const t = (hhmm: string) => Date.parse(`2025-02-09T${hhmm}:00Z`);
    addEvents(doc, fran, [
      { at: t('10:00'), zone: 'UTC', text: 'Errors start', mark: 'first-sign' },
      { at: t('10:20'), zone: 'UTC', text: 'Alert', mark: 'detected' },
      { at: t('12:05'), zone: 'UTC', text: 'Fixed', mark: 'resolved' },
    ]);
    render(<TimelineView doc={doc} actor={fran} facts={selectFacts(doc)} events={selectTimeline(doc)} zone="UTC" canEdit={false} canLink={false} undo={noUndo} />);
    expect(screen.getByTestId('ttd').textContent).toBe('20 min');
    expect(screen.getByTestId('ttm').textContent).toBe('—');
    expect(screen.getByTestId('ttr').textContent).toBe('2 h 5 min');
    expect(screen.queryByRole('button', { name: /Edit event/ })).toBeNull();
  });
});

describe('SharedTextarea', () => {
  it('keeps your caret in place when someone else types before or after it', async () => {
    const { shiftIndex, SharedTextarea } = await import('../src/facts/SharedTextarea');
    expect(shiftIndex(5, [{ insert: 'abc' }])).toBe(8);
    expect(shiftIndex(5, [{ retain: 7 }, { insert: 'abc' }])).toBe(5);
    expect(shiftIndex(5, [{ retain: 2 }, { delete: 2 }])).toBe(3);
    expect(shiftIndex(5, [{ retain: 3 }, { delete: 10 }])).toBe(3);
    expect(shiftIndex(5, [{ retain: 1 }, { delete: 1 }, { insert: 'xy' }])).toBe(6);

    const local = new Y.Doc();
    const text = local.getText('summary');
    text.insert(0, 'The pool was small.');
    render(<SharedTextarea text={text} aria-label="Summary" onEdit={() => undefined} />);
    const area = screen.getByLabelText<HTMLTextAreaElement>('Summary');
    area.focus();
    area.setSelectionRange(4, 4);
    // A remote edit: someone prepends a sentence.
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(local));
    const before = Y.encodeStateVector(remote);
    remote.getText('summary').insert(0, 'Checkout failed. ');
    Y.applyUpdate(local, Y.encodeStateAsUpdate(remote, before));
    expect(area.value).toBe('Checkout failed. The pool was small.');
    expect(area.selectionStart).toBe(21);
  });

  it('shows your own undo: an undo is a local change, yet the field was not typed into', async () => {
    const { SharedTextarea } = await import('../src/facts/SharedTextarea');
    const doc = new Y.Doc();
    const text = doc.getText('title');
    const undo = new Y.UndoManager(text);
    text.insert(0, 'Theme 1');
    undo.stopCapturing();
    render(<SharedTextarea text={text} aria-label="Theme title" onEdit={(value) => doc.transact(() => {
      text.delete(0, text.length);
      text.insert(0, value);
    })} />);
    const area = screen.getByLabelText<HTMLTextAreaElement>('Theme title');
    fireEvent.input(area, { target: { value: 'Alerting ownership' } });
    expect(text.toJSON()).toBe('Alerting ownership');
    undo.undo();
    expect(text.toJSON()).toBe('Theme 1');
    expect(area.value).toBe('Theme 1');
  });
});
