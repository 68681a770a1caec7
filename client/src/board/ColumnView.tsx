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
  /** Your drafts in this column, from your private room (step 6). */
  readonly drafts: readonly CardSnapshot[];
  readonly draftDoc: Y.Doc;
  readonly onDeleteDraft: (card: CardSnapshot) => void;
  /** Where a new card goes: your private room while you draft, else the board. */
  readonly writeDoc: Y.Doc;
  /** How many drafts others hold here: all anyone else may know of them (R38). */
  readonly othersDrafts: readonly { readonly participant: ParticipantSnapshot; readonly count: number }[];
}

export function addCardAndEdit(doc: Y.Doc, actor: Actor, column: ColumnProps['column']['id']): void {
  const added = addCard(doc, actor, { column });
  if (added.ok) useUi.getState().startEditing(added.value.cardId);
}

export function ColumnView(props: ColumnProps) {
  const { column, shortcut, cards, doc, actor, participants, onDelete, onAdded, readOnly, lateOf, drafts, draftDoc, onDeleteDraft, writeDoc, othersDrafts } = props;
  const headingId = `column-${column.id}`;
  const hidden = othersDrafts.reduce((sum, entry) => sum + entry.count, 0);
  return (
    <section className="column" aria-labelledby={headingId} style={{ ['--column-color' as string]: column.color }}>
      <header className="column-header">
        <h2 id={headingId}>{column.label}</h2>
        <span className="count">
          {cards.length + drafts.length + hidden}
          <span className="visually-hidden"> {cards.length + drafts.length + hidden === 1 ? 'card' : 'cards'}</span>
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
        {drafts.map((card) => (
          <CardNote
            key={card.id}
            card={card}
            doc={draftDoc}
            actor={actor}
            color={column.color}
            author={participants.find((p) => p.id === card.authorId)}
            onDelete={onDeleteDraft}
            readOnly={readOnly}
            draft
          />
        ))}
        {othersDrafts.map(({ participant, count }) => (
          <li key={participant.id} className="note draft-placeholder" aria-label={`${participant.name} has ${count} ${count === 1 ? 'draft' : 'drafts'} here`}>
            <span className="dot" style={{ background: participant.color }} aria-hidden="true" />
            {count === 1 ? '1 draft' : `${count} drafts`} by {participant.name}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <button
          type="button"
          className="add"
          onClick={() => {
            addCardAndEdit(writeDoc, actor, column.id);
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
