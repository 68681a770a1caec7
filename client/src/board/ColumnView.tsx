import { addCard, type Actor, type CardSnapshot, type COLUMNS, type ParticipantSnapshot, type PhaseId } from '@hindsight/shared';
import type * as Y from 'yjs';
import { useUi } from '../uiStore';
import { CardNote } from './CardNote';

interface ColumnProps {
  readonly column: (typeof COLUMNS)[number];
  readonly shortcut: number;
  readonly cards: readonly CardSnapshot[];
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly participants: readonly ParticipantSnapshot[];
  readonly onDelete: (card: CardSnapshot) => void;
  /** Ends the undo step, so each added card is undone on its own. */
  readonly onAdded: () => void;
  /** The session has ended: nothing can be added or edited (R29). */
  readonly readOnly: boolean;
  /** The phase a late card arrived in, for the facilitator's eyes (R31); undefined otherwise. */
  readonly lateOf: (cardId: string) => PhaseId | undefined;
}

export function addCardAndEdit(doc: Y.Doc, actor: Actor, column: ColumnProps['column']['id']): void {
  const added = addCard(doc, actor, { column });
  if (added.ok) useUi.getState().startEditing(added.value.cardId);
}

export function ColumnView({ column, shortcut, cards, doc, actor, participants, onDelete, onAdded, readOnly, lateOf }: ColumnProps) {
  const headingId = `column-${column.id}`;
  return (
    <section className="column" aria-labelledby={headingId} style={{ ['--column-color' as string]: column.color }}>
      <header className="column-header">
        <h2 id={headingId}>{column.label}</h2>
        <span className="count">
          {cards.length}
          <span className="visually-hidden"> {cards.length === 1 ? 'card' : 'cards'}</span>
        </span>
      </header>
      <ul className="notes">
        {cards.map((card) => (
          <CardNote
            key={card.id}
            card={card}
            doc={doc}
            actor={actor}
            color={column.color}
            author={participants.find((p) => p.id === card.authorId)}
            onDelete={onDelete}
            readOnly={readOnly}
            late={lateOf(card.id)}
          />
        ))}
      </ul>
      {!readOnly && (
        <button
          type="button"
          className="add"
          onClick={() => {
            addCardAndEdit(doc, actor, column.id);
            onAdded();
          }}
          aria-keyshortcuts={String(shortcut)}
        >
          + Add a card <kbd>{shortcut}</kbd>
        </button>
      )}
    </section>
  );
}
