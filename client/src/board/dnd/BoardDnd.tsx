import { DndContext, DragOverlay, KeyboardSensor, MeasuringStrategy, PointerSensor, useDroppable, useSensor, useSensors, type Active, type Collision } from '@dnd-kit/core';
import { COLUMNS, findShownCard, PRESENCE_FIELD, type Actor, type BoardLayout } from '@hindsight/shared';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { useUi } from '../../uiStore';
import { applyDrop, describeDrop, describeItem, describeTarget } from './drop';
import { boardCollisions, boardKeyboardCoordinates, SURFACE_ID, type Aim, type DragPolicy } from './geometry';
import type { DragItem, DropData, DropTarget } from './ids';

type Awareness = WebsocketProvider['awareness'];

interface BoardDndProps {
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly layout: BoardLayout;
  /** Whether dropping may regroup (R44); without it only the columns take drops. */
  readonly grouping: boolean;
  /** The session has ended (R29): a drag under way when it ends drops nothing. */
  readonly readOnly: boolean;
  readonly awareness: Awareness;
  /** Ends the undo step after the drop's command, so one undo takes back one drop. */
  readonly onCommand: () => void;
  readonly children: ReactNode;
}

/** The awareness field that tells others what you are dragging. */
const DRAGGING_FIELD = PRESENCE_FIELD.dragging;

function itemOf(active: Pick<Active, 'data'>): DragItem | null {
  const data = active.data.current as DropData | undefined;
  if (data?.kind === 'card') return { kind: 'card', id: data.cardId };
  if (data?.kind === 'theme') return { kind: 'theme', id: data.themeId };
  return null;
}

/** The drag rules of the moment, for the keyboard getter dnd-kit keeps for a whole drag. */
const livePolicy: { current: DragPolicy } = { current: { grouping: false } };

/** The element a droppable id stands for, to scroll a keyboard drag's target into view. */
function targetElement(overId: string | null): Element | null {
  if (!overId) return null;
  const [kind, ...rest] = overId.split(':');
  const id = CSS.escape(rest.join(':'));
  if (kind === 'card' || kind === 'group') return document.querySelector(`[data-card-id="${id}"]`);
  if (kind === 'theme' || kind === 'merge' || kind === 'in-theme') return document.querySelector(`[data-theme-id="${id}"]`);
  if (kind === 'column') return document.querySelector(`[data-column="${id}"]`);
  return document.querySelector('.themes-end');
}

/** A few pixels of movement before a press becomes a drag, so clicks still edit and delete. */
const POINTER = { activationConstraint: { distance: 6 } };

const aimOf = (collisions: Collision[] | null): Aim => (collisions?.[0]?.data as Aim | undefined) ?? { overId: null, target: null };

const INSTRUCTIONS =
  'To move a card or a theme, press Space on its grip, then use the arrow keys. Over the middle of another card, dropping groups the two into a theme; over the middle of another theme, dropping merges them. Press Space to drop, Escape to cancel.';

/** dnd-kit's own announcements are off: the target changes without dnd-kit's "over" changing (see geometry). */
const SILENT = { onDragStart: () => undefined, onDragOver: () => undefined, onDragEnd: () => undefined, onDragCancel: () => undefined };

/**
 * Drag and drop for the whole board. On start it snapshots what is dragged (the overlay
 * shows that snapshot, so a remote edit never yanks it from your hand), keeps the preview
 * (the target under the pointer) in UI state, runs one model command on drop, and on
 * cancel clears the preview: the document was never touched, so the board is as it was.
 */
export function BoardDnd({ doc, actor, layout, grouping, readOnly, awareness, onCommand, children }: BoardDndProps) {
  const policy: DragPolicy = useMemo(() => ({ grouping }), [grouping]);
  const latest = useRef({ layout, doc, actor, grouping, readOnly, pickedUp: '', byKeyboard: false });
  useEffect(() => {
    latest.current = { ...latest.current, layout, doc, actor, grouping, readOnly };
  });
  // dnd-kit keeps the keyboard getter it had at pick-up, so it reads the rules of the moment.
  useEffect(() => {
    livePolicy.current = policy;
  }, [policy]);
  const coordinateGetter = useMemo(() => boardKeyboardCoordinates(() => livePolicy.current), []);
  // Sensor options keep their identity: new ones would give every draggable a new context and re-render all of them.
  const keyboard = useMemo(() => ({ coordinateGetter }), [coordinateGetter]);
  const sensors = useSensors(useSensor(PointerSensor, POINTER), useSensor(KeyboardSensor, keyboard));
  const collisions = useMemo(() => boardCollisions(policy), [policy]);
  const item = useUi((state) => state.drag?.item);
  const preview = useUi((state) => state.drag?.preview);
  const setDrag = useUi((state) => state.setDrag);
  const setDragOver = useUi((state) => state.setDragOver);
  const announce = useUi((state) => state.announce);
  const showToast = useUi((state) => state.showToast);
  const focusThemeTitle = useUi((state) => state.focusThemeTitle);

  const finish = () => {
    setDrag(null);
    awareness.setLocalStateField(DRAGGING_FIELD, null);
  };
  // Leaving the board mid-drag must not leave others seeing you "moving" a card for good.
  useEffect(
    () => () => {
      awareness.setLocalStateField(DRAGGING_FIELD, null);
      setDrag(null);
    },
    [awareness, setDrag],
  );

  const aimAt = (aim: Aim) => {
    const current = useUi.getState().drag;
    if (!current || (current.overId === aim.overId && JSON.stringify(current.target) === JSON.stringify(aim.target))) return;
    const moved = current.overId !== aim.overId;
    setDragOver(aim.overId, aim.target);
    if (!moved) return;
    // A keyboard user sees where the item would land: bring it into view.
    if (latest.current.byKeyboard) targetElement(aim.overId)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    // The first target comes in the same moment as the pick-up; say both.
    const where = describeTarget(latest.current.layout, aim.target);
    announce(latest.current.pickedUp ? `${latest.current.pickedUp} ${where}` : where);
    latest.current.pickedUp = '';
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisions}
      measuring={{ droppable: { strategy: MeasuringStrategy.WhileDragging } }}
      accessibility={{ announcements: SILENT, screenReaderInstructions: { draggable: INSTRUCTIONS } }}
      onDragStart={({ active, activatorEvent }) => {
        const picked = itemOf(active);
        if (!picked) return;
        latest.current.byKeyboard = activatorEvent instanceof KeyboardEvent;
        const { layout: now } = latest.current;
        const theme = picked.kind === 'theme' ? now.themes.find((one) => one.id === picked.id) : undefined;
        const card = picked.kind === 'card' ? findShownCard(now, picked.id) : undefined;
        // The snapshot: the overlay shows the item as it was picked up, whatever happens to it meanwhile.
        const snapshot = {
          label: theme ? theme.title || 'Untitled theme' : (card?.text ?? ''),
          color: COLUMNS.find((column) => column.id === card?.column)?.color ?? 'var(--accent)',
          count: theme?.cards.length ?? 0,
          columnsOnly: !latest.current.grouping,
        };
        setDrag({ item: picked, overId: null, target: null, preview: snapshot });
        // Outside Group a participant only moves their own cards: say so before they try more.
        const limits = latest.current.grouping ? '' : ' Grouping into themes opens in the Group phase; until then you can move your own cards between columns.';
        latest.current.pickedUp = `Picked up ${describeItem(now, picked)}.${limits}`;
        announce(latest.current.pickedUp);
        awareness.setLocalStateField(DRAGGING_FIELD, picked);
      }}
      onDragMove={({ collisions: found }) => aimAt(aimOf(found))}
      onDragOver={({ collisions: found }) => aimAt(aimOf(found))}
      onDragEnd={({ active }) => {
        const picked = itemOf(active);
        const target = useUi.getState().drag?.target ?? null;
        const { doc: current, actor: who, layout: now } = latest.current;
        finish();
        if (!picked || !target) {
          announce(picked ? `Dropped ${describeItem(now, picked)} where it was.` : '');
          return;
        }
        // The rules may have changed while the item was in your hand: check them at the drop.
        const refusal = latest.current.readOnly
          ? 'The session has ended: the board is read-only.'
          : !latest.current.grouping && !isPlainMove(now, who, picked, target)
            ? 'Grouping is closed now: the facilitator moved the session on. Nothing was moved.'
            : null;
        if (refusal) {
          announce(refusal);
          showToast({ message: refusal });
          return;
        }
        const words = describeDrop(now, target);
        const outcome = applyDrop(current, who, picked, target);
        onCommand();
        announce(outcome.result.ok ? words : outcome.result.error.message);
        if (!outcome.result.ok) showToast({ message: outcome.result.error.message });
        else if (outcome.createdTheme) focusThemeTitle(outcome.createdTheme);
      }}
      onDragCancel={({ active }) => {
        const picked = itemOf(active);
        finish();
        announce(picked ? `Cancelled: ${describeItem(latest.current.layout, picked)} is back where it was.` : 'Cancelled.');
      }}
    >
      <DropSurface>{children}</DropSurface>
      <DragOverlay dropAnimation={null}>{item && preview ? <DragPreview item={item} {...preview} /> : null}</DragOverlay>
      <DragAnnouncer />
    </DndContext>
  );
}

/** A move anyone may make in any phase (R44): your own card, from a column to a column. */
function isPlainMove(layout: BoardLayout, actor: Actor, item: DragItem, target: DropTarget): boolean {
  if (item.kind !== 'card' || layout.themeOfCard.has(item.id)) return false;
  const card = findShownCard(layout, item.id);
  const intoColumn = (target.kind === 'before-card' || target.kind === 'container-end') && target.container.startsWith('column:');
  return card?.authorId === actor.participantId && intoColumn;
}

/** The one droppable dnd-kit sees as "over" for the whole drag. */
function DropSurface({ children }: { children: ReactNode }) {
  const { setNodeRef } = useDroppable({ id: SURFACE_ID });
  return (
    <div ref={setNodeRef} className="board-main">
      {children}
    </div>
  );
}

/** Tells screen readers what was picked up, where it would land, and what the drop did. */
function DragAnnouncer() {
  const said = useUi((state) => state.announcement);
  return (
    <p id="drag-announcer" className="visually-hidden" role="status" aria-live="assertive" aria-atomic="true">
      {said}
    </p>
  );
}

function DragPreview({ item, label, color, count, columnsOnly }: { item: DragItem; label: string; color: string; count: number; columnsOnly: boolean }) {
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
      {columnsOnly && <p className="drag-limit">Grouping opens in the Group phase</p>}
    </div>
  );
}
