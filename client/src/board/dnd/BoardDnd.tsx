import { DndContext, DragOverlay, KeyboardSensor, MeasuringStrategy, PointerSensor, useSensor, useSensors, type Active, type Announcements, type Over } from '@dnd-kit/core';
import { COLUMNS, type Actor, type BoardLayout } from '@hindsight/shared';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { WebsocketProvider } from 'y-websocket';

type Awareness = WebsocketProvider['awareness'];
import type * as Y from 'yjs';
import { useUi } from '../../uiStore';
import { applyDrop, describeItem, describeTarget } from './drop';
import { boardCollisions, boardKeyboardCoordinates, type DragPolicy } from './geometry';
import { targetOfDroppable, type DragItem, type DropData } from './ids';

interface BoardDndProps {
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly layout: BoardLayout;
  /** Whether dropping may regroup (R44); without it only the columns take drops. */
  readonly grouping: boolean;
  readonly awareness: Awareness;
  /** Ends the undo step after the drop's command, so one undo takes back one drop. */
  readonly onCommand: () => void;
  readonly children: ReactNode;
}

/** The awareness field that tells others what you are dragging. */
export const DRAGGING_FIELD = 'dragging';

function itemOf(active: Pick<Active, 'data'>): DragItem | null {
  const data = active.data.current as DropData | undefined;
  if (data?.kind === 'card') return { kind: 'card', id: data.cardId };
  if (data?.kind === 'theme') return { kind: 'theme', id: data.themeId };
  return null;
}

const targetOfOver = (over: Over | null) => (over ? targetOfDroppable(String(over.id), over.data.current as DropData | undefined) : null);

const INSTRUCTIONS =
  'To move a card or a theme, press Space on its grip, then use the arrow keys. Over the middle of another card, dropping groups the two into a theme; over the middle of another theme, dropping merges them. Press Space to drop, Escape to cancel.';

/**
 * Drag and drop for the whole board. On start it snapshots what is dragged (the overlay
 * shows that snapshot, so a remote edit never yanks it from your hand), keeps the preview
 * (the target under the pointer) in UI state, runs one model command on drop, and on
 * cancel clears the preview: the document was never touched, so the board is as it was.
 */
export function BoardDnd({ doc, actor, layout, grouping, awareness, onCommand, children }: BoardDndProps) {
  const policy: DragPolicy = useMemo(() => ({ grouping }), [grouping]);
  const latest = useRef({ layout, doc, actor });
  useEffect(() => {
    latest.current = { layout, doc, actor };
  });
  const coordinateGetter = useMemo(() => boardKeyboardCoordinates(policy), [policy]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor, { coordinateGetter }));
  const collisions = useMemo(() => boardCollisions(policy), [policy]);
  const drag = useUi((state) => state.drag);
  const setDrag = useUi((state) => state.setDrag);
  const setDragOver = useUi((state) => state.setDragOver);
  const showToast = useUi((state) => state.showToast);
  const focusThemeTitle = useUi((state) => state.focusThemeTitle);
  const finish = () => {
    setDrag(null);
    awareness.setLocalStateField(DRAGGING_FIELD, null);
  };

  const announcements = useMemo(() => announcementsFor(layout), [layout]);

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisions}
      measuring={{ droppable: { strategy: MeasuringStrategy.WhileDragging } }}
      accessibility={{ announcements, screenReaderInstructions: { draggable: INSTRUCTIONS } }}
      onDragStart={({ active }) => {
        const item = itemOf(active);
        if (!item) return;
        const { layout: now } = latest.current;
        const theme = item.kind === 'theme' ? now.themes.find((one) => one.id === item.id) : undefined;
        const card = item.kind === 'card' ? [...Object.values(now.columns).flat(), ...now.themes.flatMap((one) => one.cards)].find((one) => one.id === item.id) : undefined;
        // The snapshot: the overlay shows the item as it was picked up, whatever happens to it meanwhile.
        const preview = {
          label: theme ? theme.title || 'Untitled theme' : (card?.text ?? ''),
          color: COLUMNS.find((column) => column.id === card?.column)?.color ?? 'var(--accent)',
          count: theme?.cards.length ?? 0,
        };
        setDrag({ item, overId: null, preview });
        awareness.setLocalStateField(DRAGGING_FIELD, item);
      }}
      onDragOver={({ over }) => setDragOver(over ? String(over.id) : null)}
      onDragEnd={({ active, over }) => {
        const item = itemOf(active);
        const target = targetOfOver(over);
        finish();
        if (!item || !target) return;
        const { doc: current, actor: who } = latest.current;
        const outcome = applyDrop(current, who, item, target);
        onCommand();
        if (!outcome.result.ok) showToast({ message: outcome.result.error.message });
        else if (outcome.createdTheme) focusThemeTitle(outcome.createdTheme);
      }}
      onDragCancel={finish}
    >
      {children}
      <DragOverlay dropAnimation={null}>
        {drag ? <DragPreview item={drag.item} {...drag.preview} /> : null}
      </DragOverlay>
    </DndContext>
  );
}

/** Words for screen readers at each step of a drag, read against the layout of the moment. */
function announcementsFor(layout: BoardLayout): Announcements {
  const layoutNow = () => layout;
  const name = (active: Pick<Active, 'data'>) => {
    const item = itemOf(active);
    return item ? describeItem(layoutNow(), item) : 'item';
  };
  // The first "over" comes in the same moment as the pick-up and would replace its words.
  let pickedUp: string | null = null;
  return {
    onDragStart: ({ active }) => (pickedUp = `Picked up ${name(active)}.`),
    onDragOver: ({ over }) => {
      const where = describeTarget(layoutNow(), targetOfOver(over));
      const said = pickedUp ? `${pickedUp} ${where}` : where;
      pickedUp = null;
      return said;
    },
    onDragEnd: ({ active, over }) => (over ? `Dropped ${name(active)}. ${describeTarget(layoutNow(), targetOfOver(over))}` : `Dropped ${name(active)} where it was.`),
    onDragCancel: ({ active }) => `Cancelled. ${name(active)} is back where it was.`,
  };
}

function DragPreview({ item, label, color, count }: { item: DragItem; label: string; color: string; count: number }) {
  if (item.kind === 'theme') {
    return (
      <div className="theme drag-preview">
        <strong>{label}</strong> <span className="count">{count} cards</span>
      </div>
    );
  }
  return (
    <div className="note drag-preview" style={{ borderTopColor: color }}>
      <p className="note-text">{label || '…'}</p>
    </div>
  );
}
