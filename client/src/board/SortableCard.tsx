import { useDroppable } from '@dnd-kit/core';
import { useSortable } from '@dnd-kit/sortable';
import { cardItem, mayChangeCardContent, type ParticipantSnapshot } from '@hindsight/shared';
import type { ComponentProps, KeyboardEvent, PointerEvent } from 'react';
import { highlightOf, useUi } from '../uiStore';
import { CardNote } from './CardNote';
import { cardDndId, groupDndId, type ContainerId, type DropData } from './dnd/ids';
import type { RemoteMark } from './presence/useRemoteMarks';
import { VoteControl } from './votes/VoteControl';

interface SortableCardProps extends ComponentProps<typeof CardNote> {
  readonly container: ContainerId;
  readonly index: number;
  /** Whether you may pick this card up (R44). */
  readonly movable: boolean;
  /** Someone else dragging it, or editing its text, right now. */
  readonly remoteDrag: RemoteMark | undefined;
  readonly remoteEditor: RemoteMark | undefined;
  /** In a theme the theme takes the dots; a card in no theme takes its own. */
  readonly inTheme: boolean;
  /** For the voters' names once revealed. */
  readonly participants: readonly ParticipantSnapshot[];
}

/** A short label for a card, for buttons that act on it. */
function cardLabel(text: string): string {
  const trimmed = text.trim();
  return trimmed ? `“${trimmed.slice(0, 60)}”` : 'an empty card';
}

/**
 * A card on the board as a drag source and drop target: the whole note picks up with the
 * pointer, the grip button with the keyboard. Nothing shifts while dragging; a line shows
 * where the card would go, and a ring shows the card it would be grouped with.
 */
export function SortableCard({ container, index, movable, remoteDrag, remoteEditor, inTheme, participants, ...note }: SortableCardProps) {
  const id = note.card.id;
  const editing = useUi((state) => state.editingCardId === id);
  const highlight = useUi((state) => highlightOf(state, note.card.authorId));
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
  const label = cardLabel(note.card.text);
  const remote = remoteDrag ?? remoteEditor;
  return (
    <li
      ref={(node) => {
        setNodeRef(node);
        group.setNodeRef(node);
      }}
      className={`card-slot ${hint} ${remote ? 'remote-drag' : ''} ${highlight}`}
      style={remote ? { ['--remote-color' as string]: remote.color } : undefined}
      onPointerDown={movable && !editing ? onPointerDown : undefined}
      data-card-id={id}
    >
      {remote && (
        <span className="remote-drag-label" role="status">
          <span className="remote-drag-name">{remote.name}</span> {remoteDrag ? 'is moving this' : 'is editing'}
        </span>
      )}
      {highlight === 'highlighted' && (
        <span className="highlight-mark">
          ★<span className="visually-hidden"> Highlighted card</span>
        </span>
      )}
      {/* The grip sits beside the note, not in it, so the memoised note does not re-render with every drag. */}
      <div className="note-wrap">
        <CardNote {...note} />
        {movable && !editing && (
          <button
            type="button"
            className={`icon grip ${mayDelete ? '' : 'alone'}`}
            ref={setActivatorNodeRef}
            {...attributes}
            onKeyDown={onKeyDown}
            aria-label={`Move card: ${note.card.text.trim().slice(0, 60) || 'empty card'}`}
            aria-roledescription="draggable card"
          >
            ⠿
          </button>
        )}
      </div>
      {!inTheme && <VoteControl item={cardItem(id)} label={`card ${label}`} participants={participants} />}
    </li>
  );
}
