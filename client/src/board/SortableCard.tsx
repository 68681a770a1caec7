import { useDroppable } from '@dnd-kit/core';
import { useSortable } from '@dnd-kit/sortable';
import { mayChangeCardContent } from '@hindsight/shared';
import type { ComponentProps, KeyboardEvent, PointerEvent } from 'react';
import { useUi } from '../uiStore';
import { CardNote } from './CardNote';
import { cardDndId, groupDndId, type ContainerId, type DropData } from './dnd/ids';

/** Someone else dragging this item right now, from awareness. */
export interface RemoteDrag {
  readonly name: string;
  readonly color: string;
}

interface SortableCardProps extends ComponentProps<typeof CardNote> {
  readonly container: ContainerId;
  readonly index: number;
  /** Whether you may pick this card up (R44). */
  readonly movable: boolean;
  readonly remoteDrag: RemoteDrag | undefined;
}

/**
 * A card on the board as a drag source and drop target: the whole note picks up with the
 * pointer, the grip button with the keyboard. Nothing shifts while dragging; a line shows
 * where the card would go, and a ring shows the card it would be grouped with.
 */
export function SortableCard({ container, index, movable, remoteDrag, ...note }: SortableCardProps) {
  const id = note.card.id;
  const editing = useUi((state) => state.editingCardId === id);
  const data: DropData = { kind: 'card', cardId: id, container, index };
  const { setNodeRef, setActivatorNodeRef, listeners, attributes } = useSortable({ id: cardDndId(id), data, disabled: { draggable: !movable || editing, droppable: false } });
  const group = useDroppable({ id: groupDndId(id), data: { kind: 'group', cardId: id, container } satisfies DropData });
  const hint = useUi((state) => {
    if (state.drag?.item.id === id) return 'drag-source';
    if (state.drag?.overId === cardDndId(id)) return 'drop-before';
    if (state.drag?.overId === groupDndId(id)) return 'drop-group';
    return '';
  });
  // dnd-kit types its listeners loosely; each is the sensor's activator for that event.
  const onPointerDown = listeners?.onPointerDown as ((event: PointerEvent<HTMLElement>) => void) | undefined;
  const onKeyDown = listeners?.onKeyDown as ((event: KeyboardEvent<HTMLElement>) => void) | undefined;
  const mayDelete = !note.readOnly && mayChangeCardContent(note.actor, note.card.authorId);
  const label = note.card.text.trim() ? note.card.text.trim().slice(0, 60) : 'empty card';
  return (
    <li
      ref={(node) => {
        setNodeRef(node);
        group.setNodeRef(node);
      }}
      className={`card-slot ${hint} ${remoteDrag ? 'remote-drag' : ''}`}
      style={remoteDrag ? { ['--remote-color' as string]: remoteDrag.color } : undefined}
      onPointerDown={movable && !editing ? onPointerDown : undefined}
      data-card-id={id}
    >
      {remoteDrag && (
        <span className="remote-drag-label" role="status">
          <span className="remote-drag-name">{remoteDrag.name}</span> is moving this
        </span>
      )}
      {/* The grip sits beside the note, not in it, so the memoised note does not re-render with every drag. */}
      <CardNote {...note} />
      {movable && !editing && (
        <button
          type="button"
          className={`icon grip ${mayDelete ? '' : 'alone'}`}
          ref={setActivatorNodeRef}
          {...attributes}
          onKeyDown={onKeyDown}
          aria-label={`Move card: ${label}`}
          aria-roledescription="draggable card"
        >
          ⠿
        </button>
      )}
    </li>
  );
}
