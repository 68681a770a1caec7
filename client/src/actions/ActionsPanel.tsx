import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type Active, type DragEndEvent, type Over, type UniqueIdentifier } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { MAX_ACTION_TITLE_LENGTH, moveAction, setActionText, sortActions, type ActionSnapshot, type Actor, type BoardLayout, type LinkIndex, type ParticipantSnapshot } from '@hindsight/shared';
import { linkables } from '../board/linkables';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type * as Y from 'yjs';
import { useUi } from '../uiStore';
import { ActionRow } from './ActionRow';
import { useTypeAhead } from '../board/typeAhead';

export const ACTIONS_PANEL_ID = 'actions-panel';

interface ActionsPanelProps {
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly actions: readonly ActionSnapshot[];
  readonly layout: BoardLayout;
  readonly links: LinkIndex;
  readonly people: readonly ParticipantSnapshot[];
  /** Whether you may make and edit actions now (R58, R59). */
  readonly editable: boolean;
  readonly onCreate: () => void;
  readonly onCommand: () => void;
  /** Deletes an action as its own undo step, offering Undo; answers whether it did. */
  readonly onDelete: (action: ActionSnapshot) => boolean;
  readonly onClose: () => void;
  /** The session has ended: the list is read-only for everyone (R29). */
  readonly ended: boolean;
}

/** The action items in their one order, to write, assign, date and drag into place. */
export function ActionsPanel({ doc, actor, actions, layout, links, people, editable, onCreate, onCommand, onDelete, onClose, ended }: ActionsPanelProps) {
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const choices = useMemo(() => linkables(layout), [layout]);
  const focusActionId = useUi((state) => state.focusActionId);
  const focusAction = useUi((state) => state.focusAction);
  const announce = useUi((state) => state.announce);
  useEffect(() => {
    if (!focusActionId || !actions.some((action) => action.id === focusActionId)) return;
    requestAnimationFrame(() => {
      const field = document.querySelector<HTMLTextAreaElement>(`[data-action-id="${CSS.escape(focusActionId)}"] .action-title`);
      // What was typed while the server made the action replaces the proposed title, as typing into the selected title would.
      const typed = useTypeAhead.getState().take().slice(0, MAX_ACTION_TITLE_LENGTH);
      field?.focus();
      if (typed) {
        setActionText(doc, actor, focusActionId, 'title', typed);
        field?.setSelectionRange(typed.length, typed.length);
      } else field?.select();
      field?.scrollIntoView({ block: 'nearest' });
    });
    focusAction(null);
  }, [focusActionId, actions, focusAction, doc, actor]);
  // Said by dnd-kit's live region: positions in the one order, not internal ids.
  const announcements = useMemo(() => {
    const refOf = (id: UniqueIdentifier) => actions.find((action) => action.id === id)?.ref ?? 'The action';
    const place = (id: UniqueIdentifier | undefined) => `position ${actions.findIndex((action) => action.id === id) + 1} of ${actions.length}`;
    return {
      onDragStart: ({ active }: { active: Active }) => `Picked up ${refOf(active.id)}. Use the up and down arrow keys to move it, Space to drop, Escape to cancel.`,
      onDragOver: ({ active, over }: { active: Active; over: Over | null }) => (over ? `${refOf(active.id)} would move to ${place(over.id)}.` : `${refOf(active.id)} is not over a place.`),
      onDragEnd: ({ active, over }: { active: Active; over: Over | null }) => (over ? `${refOf(active.id)} dropped at ${place(over.id)}.` : `${refOf(active.id)} dropped where it was.`),
      onDragCancel: ({ active }: { active: Active }) => `Moving ${refOf(active.id)} was cancelled; it stays where it was.`,
    };
  }, [actions]);
  // Focus goes to the next action (or the list's heading), never to the top of the page.
  // Read at click time, so the callback (and the memoized rows) stay the same while people type.
  const current = useRef(actions);
  useEffect(() => {
    current.current = actions;
  });
  const remove = useCallback(
    (action: ActionSnapshot) => {
      const list = current.current;
      const at = list.findIndex((one) => one.id === action.id);
      const next = list[at + 1] ?? list[at - 1];
      if (!onDelete(action)) return;
      requestAnimationFrame(() => {
        const target = next ? document.querySelector<HTMLElement>(`[data-action-id="${CSS.escape(next.id)}"] .action-title`) : document.getElementById('actions-heading');
        target?.focus();
      });
    },
    [onDelete],
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const index = actions.findIndex((action) => action.id === over.id);
    const moved = actions.find((action) => action.id === active.id);
    if (index < 0 || !moved) return;
    moveAction(doc, actor, moved.id, index);
    onCommand();
  };
  return (
    <section id={ACTIONS_PANEL_ID} className="actions-panel" aria-labelledby="actions-heading">
      <header className="panel-header">
        <h2 id="actions-heading" tabIndex={-1}>
          Action items
        </h2>
        <span className="hint">{actions.length === 0 ? 'None yet.' : `${actions.length} in priority order: most-voted first, then priority; drag to adjust.`}</span>
        {editable && (
          <>
            <button type="button" className="primary" onClick={onCreate}>
              New action
            </button>
            {actions.length > 1 && (
              <button
                type="button"
                className="secondary"
                title="Puts every action back in order for everyone: most dots on what it addresses first, then priority"
                onClick={() => {
                  sortActions(doc, actor);
                  onCommand();
                  announce('Actions sorted by votes, then priority.');
                }}
              >
                Reorder by votes, then priority
              </button>
            )}
          </>
        )}
        <button type="button" className="icon" aria-label="Close the action items" onClick={onClose}>
          ×
        </button>
      </header>
      {!editable && <p className="hint">{ended ? 'The session has ended: the actions are read-only.' : 'Participants work on actions in the Actions and Wrap-up phases.'}</p>}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements }}>
        <SortableContext items={actions.map((action) => action.id)} strategy={verticalListSortingStrategy}>
          <ol className="action-list">
            {actions.map((action) => (
              <ActionRow
                key={action.id}
                action={action}
                doc={doc}
                actor={actor}
                people={people}
                editable={editable}
                links={links}
                choices={choices}
                onCommand={onCommand}
                onDelete={remove}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
    </section>
  );
}
