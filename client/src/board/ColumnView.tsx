import { useDroppable } from '@dnd-kit/core';
import { addCard, type Actor, type CardSnapshot, type COLUMNS, type ParticipantSnapshot } from '@hindsight/shared';
import { memo } from 'react';
import type * as Y from 'yjs';
import { useUi } from '../uiStore';
import { CardNote } from './CardNote';
import { columnDndId, type DropData } from './dnd/ids';
import { SortableCards, type CardListProps } from './SortableCards';

interface ColumnProps extends CardListProps {
  readonly column: (typeof COLUMNS)[number];
  readonly shortcut: number;
  readonly cards: readonly CardSnapshot[];
  /** Ends the undo step, so each added card is undone on its own. */
  readonly onAdded: () => void;
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

/** One of the four columns: its ungrouped cards, your drafts, and others' draft counts. Re-renders only when its own cards change. */
export const ColumnView = memo(function ColumnView(props: ColumnProps) {
  const { column, shortcut, cards, actor, participants, onAdded, readOnly, drafts, draftDoc, onDeleteDraft, writeDoc, othersDrafts, ...list } = props;
  const headingId = `column-${column.id}`;
  const hidden = othersDrafts.reduce((sum, entry) => sum + entry.count, 0);
  const container = columnDndId(column.id);
  const { setNodeRef } = useDroppable({ id: container, data: { kind: 'container', container } satisfies DropData });
  const dropAtEnd = useUi((state) => state.drag?.overId === container);
  return (
    <section ref={setNodeRef} data-column={column.id} className="column" aria-labelledby={headingId} style={{ ['--column-color' as string]: column.color }}>
      <header className="column-header">
        <h2 id={headingId}>{column.label}</h2>
        <span className="count">
          {cards.length + drafts.length + hidden}
          <span className="visually-hidden"> {cards.length + drafts.length + hidden === 1 ? 'card' : 'cards'}</span>
        </span>
      </header>
      <ul className={`notes ${dropAtEnd ? 'drop-end' : ''}`}>
        <SortableCards container={container} cards={cards} inTheme={false} actor={actor} participants={participants} readOnly={readOnly} {...list} />
        {drafts.map((card) => (
          <li key={card.id}>
            <CardNote
              card={card}
              doc={draftDoc}
              actor={actor}
              color={column.color}
              author={participants.find((p) => p.id === card.authorId)}
              onDelete={onDeleteDraft}
              readOnly={readOnly}
              draft
            />
          </li>
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
});
