import { SortableContext } from '@dnd-kit/sortable';
import { COLUMNS, type Actor, type CardSnapshot, type ParticipantSnapshot, type PhaseId } from '@hindsight/shared';
import type * as Y from 'yjs';
import { cardDndId, type ContainerId } from './dnd/ids';
import { NO_SHIFT } from './dnd/noShift';
import type { RemoteMark } from './presence/useRemoteMarks';
import { SortableCard } from './SortableCard';

/** What every list of board cards needs, in a column or a theme. */
export interface CardListProps {
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly participants: readonly ParticipantSnapshot[];
  readonly onDelete: (card: CardSnapshot) => void;
  readonly readOnly: boolean;
  /** Whether you may pick up a card (R44). */
  readonly movable: (card: CardSnapshot) => boolean;
  /** Who else is dragging which card or theme. */
  readonly remoteDrags: ReadonlyMap<string, RemoteMark>;
  /** Who else is editing which card's text. */
  readonly remoteEditors: ReadonlyMap<string, RemoteMark>;
  readonly lateOf: (cardId: string) => PhaseId | undefined;
  readonly regroupedLateOf: (id: string) => PhaseId | undefined;
}

const columnOf = (card: CardSnapshot) => COLUMNS.find((column) => column.id === card.column);

/** The cards of one column or theme, as drag sources and drop targets; in a theme each names its column. */
export function SortableCards({ container, cards, inTheme, ...list }: CardListProps & { container: ContainerId; cards: readonly CardSnapshot[]; inTheme: boolean }) {
  return (
    <SortableContext id={container} items={cards.map((card) => cardDndId(card.id))} strategy={NO_SHIFT}>
      {cards.map((card, index) => (
        <SortableCard
          key={card.id}
          container={container}
          index={index}
          movable={list.movable(card)}
          remoteDrag={list.remoteDrags.get(card.id)}
          remoteEditor={list.remoteEditors.get(card.id)}
          inTheme={inTheme}
          participants={list.participants}
          card={card}
          doc={list.doc}
          actor={list.actor}
          color={columnOf(card)?.color ?? '#868e96'}
          {...(inTheme ? { columnLabel: columnOf(card)?.label ?? '' } : {})}
          author={list.participants.find((p) => p.id === card.authorId)}
          onDelete={list.onDelete}
          readOnly={list.readOnly}
          late={list.lateOf(card.id)}
          regroupedLate={list.regroupedLateOf(card.id)}
        />
      ))}
    </SortableContext>
  );
}
