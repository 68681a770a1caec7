import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { addCard, COLUMNS, initBoard, moveCard, selectLayout, setCardText, type Actor, type CardSnapshot } from '@hindsight/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ColumnView } from '../src/board/ColumnView';
import { BoardDnd } from '../src/board/dnd/BoardDnd';
import { useLayout } from '../src/sync/useBoard';
import { useUi } from '../src/uiStore';

// Which columns and themes rendered their cards: the body of a memoised ColumnView or ThemeBox ran.
const rendered = vi.hoisted(() => [] as string[]);
vi.mock('../src/board/SortableCards', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/board/SortableCards')>();
  return {
    ...actual,
    SortableCards: (props: Parameters<typeof actual.SortableCards>[0]) => {
      rendered.push(props.container);
      return actual.SortableCards(props);
    },
  };
});

afterEach(() => {
  cleanup();
  useUi.setState({ drag: null, announcement: '' });
});

const ana: Actor = { participantId: 'p-ana', role: 'participant' };
const noCards: readonly CardSnapshot[] = [];
const noDrags = new Map();
const nothing = () => undefined;
const always = () => true;
const draftDoc = new Y.Doc();
const noDrafts: readonly never[] = [];

/** What the awareness of a provider would hold; only the local field matters here. */
function fakeAwareness() {
  const fields = new Map<string, unknown>();
  return { fields, setLocalStateField: (key: string, value: unknown) => fields.set(key, value) };
}

function Board({ doc, awareness }: { doc: Y.Doc; awareness: ReturnType<typeof fakeAwareness> }) {
  const layout = useLayout(doc);
  return (
    <BoardDnd doc={doc} actor={ana} layout={layout} grouping readOnly={false} awareness={awareness as never} onCommand={nothing}>
      {COLUMNS.map((column, i) => (
          <ColumnView
            key={column.id}
            column={column}
            shortcut={i + 1}
            cards={layout.columns[column.id]}
            doc={doc}
            actor={ana}
            participants={noDrafts}
            onDelete={nothing}
            readOnly={false}
            movable={always}
            remoteDrags={noDrags}
            remoteEditors={noDrags}
            lateOf={nothing}
            regroupedLateOf={nothing}
            onAdded={nothing}
            drafts={noCards}
            draftDoc={draftDoc}
            onDeleteDraft={nothing}
            writeDoc={doc}
            othersDrafts={noDrafts}
          />
      ))}
    </BoardDnd>
  );
}

function setup() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Outage', createdAt: 1 });
  for (const text of ['one', 'two']) addCard(doc, ana, { column: 'went-well', text });
  addCard(doc, ana, { column: 'lessons-learned', text: 'three' });
  const awareness = fakeAwareness();
  render(<Board doc={doc} awareness={awareness} />);
  return { doc, awareness };
}

describe('the drag flow', () => {
  it('picking a card up takes a snapshot and tells others; Escape puts everything back as it was, the document untouched', async () => {
    const { doc, awareness } = setup();
    const before = Y.encodeStateVector(doc);
    const grip = screen.getByRole('button', { name: 'Move card: one' });
    grip.focus();
    fireEvent.keyDown(grip, { code: 'Space', key: ' ' });
    await waitFor(() => expect(useUi.getState().drag?.item).toEqual({ kind: 'card', id: selectLayout(doc).columns['went-well'][0]?.id }));
    expect(useUi.getState().drag?.preview.label).toBe('one');
    expect(awareness.fields.get('dragging')).toEqual(useUi.getState().drag?.item);
    expect(useUi.getState().announcement).toMatch(/^Picked up card “one”\./);
    // The snapshot holds even when the card changes meanwhile (someone else edits it).
    act(() => {
      setCardText(doc, ana, selectLayout(doc).columns['went-well'][0]?.id as string, 'one, edited');
    });
    expect(useUi.getState().drag?.preview.label).toBe('one');
    fireEvent.keyDown(document, { code: 'Escape', key: 'Escape' });
    await waitFor(() => expect(useUi.getState().drag).toBeNull());
    expect(awareness.fields.get('dragging')).toBeNull();
    expect(useUi.getState().announcement).toBe('Cancelled: card “one, edited” is back where it was.');
    // Nothing was written but the edit: the cancelled drag left no trace in the document.
    const after = Y.decodeStateVector(Y.encodeStateVector(doc));
    expect([...after.keys()]).toEqual([...Y.decodeStateVector(before).keys()]);
    expect(selectLayout(doc).columns['went-well'].map((card) => card.text)).toEqual(['one, edited', 'two']);
  });

  it('a droppable that comes to mean another place (its card was grouped meanwhile) updates the target', () => {
    useUi.getState().setDrag({ item: { kind: 'card', id: 'm' }, overId: null, target: null, preview: { label: '', color: '', count: 0, columnsOnly: false } });
    useUi.getState().setDragOver('card:y', { kind: 'before-card', cardId: 'y', container: 'column:went-well' });
    useUi.getState().setDragOver('card:y', { kind: 'before-card', cardId: 'y', container: 'in-theme:t' });
    expect(useUi.getState().drag?.target).toEqual({ kind: 'before-card', cardId: 'y', container: 'in-theme:t' });
  });

  it('a remote move re-renders only the two columns it touched', () => {
    const { doc } = setup();
    const renders = rendered;
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    renders.length = 0;
    remote.on('update', (update: Uint8Array) => Y.applyUpdate(doc, update, 'remote'));
    act(() => {
      moveCard(remote, ana, selectLayout(remote).columns['went-well'][0]?.id as string, { column: 'future-considerations', index: 0 });
    });
    expect([...new Set(renders)].sort()).toEqual(['column:future-considerations', 'column:went-well']);
    renders.length = 0;
    act(() => {
      setCardText(remote, ana, selectLayout(remote).columns['lessons-learned'][0]?.id as string, 'three, edited');
    });
    expect([...new Set(renders)]).toEqual(['column:lessons-learned']);
  });
});
