import { useSortable } from '@dnd-kit/sortable';
import { CSS as DndCss } from '@dnd-kit/utilities';
import {
  ACTION_FIELD,
  actionNudges,
  actionsMap,
  link,
  linkEndKind,
  unlink,
  type LinkEnd,
  type LinkIndex,
  mayChangeCardContent,
  MAX_ACTION_DESCRIPTION_LENGTH,
  MAX_ACTION_TITLE_LENGTH,
  MAX_OWNER_LENGTH,
  PRIORITIES,
  setActionFields,
  setActionText,
  STATUSES,
  type ActionFields,
  type ActionSnapshot,
  type Actor,
  type ActionStatus,
  type ParticipantSnapshot,
  type Priority,
} from '@hindsight/shared';
import { memo, useState } from 'react';
import * as Y from 'yjs';
import { SharedTextarea } from '../facts/SharedTextarea';
import { useUi } from '../uiStore';
import { mayUnlink, type Linkable } from '../board/linkables';
import { LengthHint } from '../board/LengthHint';
import { LinkPicker } from '../board/LinkPicker';

export interface ActionRowProps {
  readonly action: ActionSnapshot;
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly people: readonly ParticipantSnapshot[];
  /** Whether you may edit actions now (R58). */
  readonly editable: boolean;
  readonly links: LinkIndex;
  /** The themes and cards it may address. */
  readonly choices: readonly Linkable[];
  readonly onCommand: () => void;
  readonly onDelete: (action: ActionSnapshot) => void;
}

function actionText(doc: Y.Doc, actionId: string, field: 'title' | 'description'): Y.Text | null {
  const text = actionsMap(doc).get(actionId)?.get(field === 'title' ? ACTION_FIELD.title : ACTION_FIELD.description);
  return text instanceof Y.Text ? text : null;
}

const SOMEONE_ELSE = '\u0000someone-else';

/** Owner: someone on the board, or a name typed in for anyone else (a team, a person not here). */
function OwnerField({ action, people, editable, onChange }: { action: ActionSnapshot; people: readonly ParticipantSnapshot[]; editable: boolean; onChange: (fields: ActionFields) => void }) {
  const [typing, setTyping] = useState(false);
  const owner = action.owner;
  const named = owner?.kind === 'name' || typing;
  const selected = owner?.kind === 'participant' ? owner.id : named ? SOMEONE_ELSE : '';
  const label = `Owner of ${action.ref}`;
  return (
    <span className="owner-field">
      <select
        aria-label={label}
        value={selected}
        disabled={!editable}
        onChange={(event) => {
          const value = event.target.value;
          if (value === SOMEONE_ELSE) return setTyping(true);
          setTyping(false);
          onChange({ owner: value ? { kind: 'participant', id: value } : null });
        }}
      >
        <option value="">No owner</option>
        {owner?.kind === 'participant' && !people.some((person) => person.id === owner.id) && <option value={owner.id}>Someone who left</option>}
        {people.map((person) => (
          <option key={person.id} value={person.id}>
            {person.name}
          </option>
        ))}
        <option value={SOMEONE_ELSE}>Someone else…</option>
      </select>
      {named && (
        <input
          aria-label={`Name of the owner of ${action.ref}`}
          placeholder="Name or team"
          maxLength={MAX_OWNER_LENGTH}
          disabled={!editable}
          defaultValue={owner?.kind === 'name' ? owner.name : ''}
          // The name is saved when you leave the field, so a half-typed name never owns anything.
          onBlur={(event) => {
            const name = event.currentTarget.value.trim();
            if (name) onChange({ owner: { kind: 'name', name } });
            else if (owner?.kind === 'name') onChange({ owner: null });
            setTyping(false);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.currentTarget.blur();
          }}
        />
      )}
    </span>
  );
}

/** One action item: its number, title, owner, due date, priority and status, the nudges about it, and a grip to reorder it. */
export const ActionRow = memo(function ActionRow({ action, doc, actor, people, editable, links, choices, onCommand, onDelete }: ActionRowProps) {
  const showToast = useUi((state) => state.showToast);
  const [details, setDetails] = useState(false);
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, transform, transition, isDragging } = useSortable({ id: action.id, disabled: !editable });
  const title = actionText(doc, action.id, 'title');
  const description = actionText(doc, action.id, 'description');
  const change = (fields: ActionFields) => {
    const result = setActionFields(doc, actor, action.id, fields);
    onCommand();
    if (!result.ok) showToast({ message: result.error.message });
  };
  const source: LinkEnd = `action:${action.id}`;
  const labels = new Map(choices.map((choice) => [choice.end, choice.label]));
  const addresses = (links.targetsOf.get(source) ?? []).filter((end) => labels.has(end));
  const report = (result: { ok: boolean; error?: { message: string } }) => {
    onCommand();
    if (!result.ok && result.error) showToast({ message: result.error.message });
  };
  const nudges = actionNudges(action, people.map((person) => person.name));
  const missing = nudges.filter((nudge) => nudge.kind === 'no-owner' || nudge.kind === 'no-due');
  const advice = nudges.filter((nudge) => !missing.includes(nudge));
  const name = `${action.ref}: ${action.title || 'untitled'}`;
  return (
    <li
      ref={setNodeRef}
      className={`action-row ${isDragging ? 'dragging' : ''} status-${action.status}`}
      style={{ transform: DndCss.Translate.toString(transform), transition }}
      data-action-id={action.id}
      aria-label={name}
    >
      <div className="action-main">
        {editable && (
          <button type="button" className="icon grip" ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={`Move ${name}`} aria-roledescription="draggable action">
            ⠿
          </button>
        )}
        <span className="action-ref">{action.ref}</span>
        {title && editable ? (
          <SharedTextarea
            text={title}
            rows={1}
            className="action-title"
            aria-label={`Title of ${action.ref}`}
            placeholder="What exactly will change?"
            maxLength={MAX_ACTION_TITLE_LENGTH}
            singleLine
            onEdit={(value) => setActionText(doc, actor, action.id, 'title', value)}
            onBlur={onCommand}
          />
        ) : (
          <span className="action-title">{action.title || 'Untitled action'}</span>
        )}
      </div>
      {editable && <LengthHint length={action.title.length} max={MAX_ACTION_TITLE_LENGTH} />}
      <div className="action-fields">
        <OwnerField action={action} people={people} editable={editable} onChange={change} />
        <input type="date" aria-label={`Due date of ${action.ref}`} value={action.due ?? ''} disabled={!editable} onChange={(event) => change({ due: event.target.value || null })} />
        <select aria-label={`Priority of ${action.ref}`} value={action.priority} disabled={!editable} onChange={(event) => change({ priority: event.target.value as Priority })}>
          {PRIORITIES.map((priority) => (
            <option key={priority.id} value={priority.id}>
              {priority.label}
            </option>
          ))}
        </select>
        <select aria-label={`Status of ${action.ref}`} value={action.status} disabled={!editable} onChange={(event) => change({ status: event.target.value as ActionStatus })}>
          {STATUSES.map((status) => (
            <option key={status.id} value={status.id}>
              {status.label}
            </option>
          ))}
        </select>
        <button type="button" className="link-button" aria-expanded={details} aria-label={`Details of ${action.ref}`} onClick={() => setDetails(!details)}>
          {details ? 'Less' : 'Details'}
        </button>
        {editable && mayChangeCardContent(actor, action.authorId) && (
          <button
            type="button"
            className="icon"
            aria-label={`Delete ${name}`}
            onClick={() => onDelete(action)}
          >
            ×
          </button>
        )}
      </div>
      {addresses.length > 0 && (
        <div className="action-addresses">
          <span>Addresses:</span>
          <ul className="chips" aria-label={`What ${action.ref} addresses`}>
            {addresses.map((end) => (
              <li key={end} className={`chip ${linkEndKind(end) ?? ''}`}>
                <span title={labels.get(end)}>{labels.get(end)}</span>
                {editable && mayUnlink(links, actor, source, end) && (
                  <button type="button" className="icon" aria-label={`${action.ref} no longer addresses ${labels.get(end) ?? 'this'}`} onClick={() => report(unlink(doc, actor, source, end))}>
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {details && editable && choices.length > addresses.length && (
        <LinkPicker
          label={`Link ${action.ref} to a theme or card`}
          placeholder="Addresses a theme or card…"
          options={choices.filter((choice) => !addresses.includes(choice.end)).map((choice) => ({ value: choice.end, label: choice.label }))}
          onPick={(end) => report(link(doc, actor, source, end as LinkEnd))}
        />
      )}
      {details &&
        (description && editable ? (
          <>
            <SharedTextarea
              text={description}
              rows={3}
              className="action-description"
              aria-label={`Description of ${action.ref}`}
              placeholder="How will you know it is done?"
              maxLength={MAX_ACTION_DESCRIPTION_LENGTH}
              onEdit={(value) => setActionText(doc, actor, action.id, 'description', value)}
              onBlur={onCommand}
            />
            <LengthHint length={action.description.length} max={MAX_ACTION_DESCRIPTION_LENGTH} />
          </>
        ) : (
          <p className="action-description">{action.description || 'No description.'}</p>
        ))}
      {nudges.length > 0 && (
        <ul className="nudges" aria-label={`Suggestions for ${action.ref}`}>
          {missing.length > 0 && (
            <li className={`nudge missing ${missing.map((nudge) => nudge.kind).join(' ')}`} title={missing.map((nudge) => nudge.message).join(' ')}>
              Needs {missing.map((nudge) => (nudge.kind === 'no-owner' ? 'an owner' : 'a due date')).join(' and ')}: actions without them do not get done.
            </li>
          )}
          {advice.map((nudge) => (
            <li key={nudge.kind} className={`nudge ${nudge.kind}`}>
              {nudge.message}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
});
