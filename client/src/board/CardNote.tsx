import {
  blameIn,
  REFRAME_HINT,
  CARD_FIELD,
  cardItem,
  cardsMap,
  MAX_CARD_TEXT_LENGTH,
  deleteCard,
  mayChangeCardContent,
  phaseOf,
  selectCard,
  setCardText,
  type Actor,
  type CardSnapshot,
  type ParticipantSnapshot,
  type PhaseId,
} from '@hindsight/shared';
import { memo, useEffect, useRef } from 'react';
import * as Y from 'yjs';
import { SharedTextarea } from '../facts/SharedTextarea';
import { useUi } from '../uiStore';
import { useCardTools } from './analysis/AnalysisContext';
import { LengthHint } from './LengthHint';

interface CardNoteProps {
  readonly onDelete: (card: CardSnapshot) => void;
  readonly card: CardSnapshot;
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly author: ParticipantSnapshot | undefined;
  readonly color: string;
  readonly readOnly: boolean;
  /** Set for a card that arrived outside Reflect, when the viewer facilitates. */
  readonly late?: PhaseId | undefined;
  /** A draft in your private room: nobody else sees it until the reveal. */
  readonly draft?: boolean;
  /** Set for a card a participant regrouped outside the Group phase, when the viewer facilitates (R44). */
  readonly regroupedLate?: PhaseId | undefined;
  /** The card's column, named on cards shown in a theme (the color alone would not say it to everyone). */
  readonly columnLabel?: string;
}

function cardText(doc: Y.Doc, cardId: string): Y.Text | null {
  const text = cardsMap(doc).get(cardId)?.get(CARD_FIELD.text);
  return text instanceof Y.Text ? text : null;
}

/** One sticky note: its author can edit it inline and delete it; others read it. */
export const CardNote = memo(function CardNote({ card, doc, actor, author, color, onDelete, readOnly, late, draft = false, regroupedLate, columnLabel }: CardNoteProps) {
  const editing = useUi((state) => state.editingCardId === card.id);
  const startEditing = useUi((state) => state.startEditing);
  const stopEditing = useUi((state) => state.stopEditing);
  const mine = !readOnly && mayChangeCardContent(actor, card.authorId);
  const view = useRef<HTMLParagraphElement>(null);
  const returnFocus = useRef(false);

  // After editing, focus goes back to the card, so keyboard users stay where they were.
  useEffect(() => {
    if (!editing && returnFocus.current) {
      returnFocus.current = false;
      view.current?.focus();
    }
  }, [editing]);

  const finish = () => {
    // A card left empty is not worth keeping or showing to others.
    if (selectCard(doc, card.id)?.text.trim() === '') deleteCard(doc, actor, card.id);
    stopEditing();
  };

  const text = editing && mine ? cardText(doc, card.id) : null;
  const { createAction, names } = useCardTools();
  // Only the author and facilitators are nudged: a blameless review reframes, it does not call anyone out.
  const blame = mine ? blameIn(card.text, names) : null;
  return (
    <div className={`note ${editing && mine ? 'editing' : ''} ${draft ? 'draft' : ''}`} style={{ borderTopColor: color }}>
      {text ? (
        <SharedTextarea
          text={text}
          className="note-text"
          aria-label="Card text"
          maxLength={MAX_CARD_TEXT_LENGTH}
          autoFocus
          onFocus={(event) => {
            const end = event.currentTarget.value.length;
            event.currentTarget.setSelectionRange(end, end);
          }}
          onEdit={(value) => setCardText(doc, actor, card.id, value)}
          onBlur={finish}
          onKeyDown={(event) => {
            if (event.key === 'Escape' || (event.key === 'Enter' && (event.metaKey || event.ctrlKey))) {
              returnFocus.current = true;
              event.currentTarget.blur();
            }
          }}
        />
      ) : (
        <p
          ref={view}
          className={`note-text ${card.text ? '' : 'placeholder'}`}
          {...(mine ? { tabIndex: 0, role: 'button', 'aria-label': `Edit card: ${card.text || 'empty'}` } : {})}
          onClick={mine ? () => startEditing(card.id) : undefined}
          onKeyDown={
            mine
              ? (event) => {
                  if (event.key !== 'Enter' && event.key !== ' ') return;
                  event.preventDefault();
                  startEditing(card.id);
                }
              : undefined
          }
        >
          {card.text || (mine ? 'Click to write…' : '…')}
        </p>
      )}
      {blame && (
        <p className="card-nudge" title={blame.message}>
          <span aria-hidden="true">⚑ </span>
          Blameless? “{blame.match}” points at a person.
          <span className="visually-hidden"> {REFRAME_HINT}</span>
        </p>
      )}
      {text && <LengthHint length={card.text.length} max={MAX_CARD_TEXT_LENGTH} />}
      <footer className="note-footer">
        <span className="note-author">
          <span className="dot" style={{ background: author?.color ?? '#868e96' }} aria-hidden="true" />
          {author?.name ?? 'Someone'}
        </span>
        {columnLabel && (
          <span className="column-tag" style={{ borderColor: color }}>
            {columnLabel}
          </span>
        )}
        {draft && (
          <span className="draft-tag" title="Nobody else can read this until it is revealed">
            draft · only you
          </span>
        )}
        {late && (
          <span className="late-tag" title={`Added during ${phaseOf(late).label}, outside Reflect`}>
            late · {phaseOf(late).label}
          </span>
        )}
        {regroupedLate && (
          <span className="late-tag" title={`Moved or grouped by a participant during ${phaseOf(regroupedLate).label}, outside Group`}>
            moved late · {phaseOf(regroupedLate).label}
          </span>
        )}
        {createAction && !draft && !readOnly && !columnLabel && (
          <button type="button" className="icon create-action" aria-label={`Create an action from card: ${card.text || 'empty'}`} title="Create an action from this card" onClick={() => createAction(cardItem(card.id), card.text)}>
            ➜
          </button>
        )}
        <span className="note-actions">
          {mine && (
            <button type="button" className="icon" aria-label="Delete card" onClick={() => onDelete(card)}>
              ×
            </button>
          )}
        </span>
      </footer>
    </div>
  );
});
