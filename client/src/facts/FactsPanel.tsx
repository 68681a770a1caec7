import { mayEditFacts, type Actor, type SessionCommand, type SessionSnapshot } from '@hindsight/shared';
import type * as Y from 'yjs';
import { useFacts, useTimeline } from '../sync/useBoard';
import type { UndoControls } from '../sync/useUndo';
import { IncidentFields } from './IncidentFields';
import { TimelineView } from './TimelineView';
import { browserZone } from './zones';

interface FactsPanelProps {
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly session: SessionSnapshot;
  readonly readOnly: boolean;
  readonly run: (command: SessionCommand) => void;
  readonly onClose: () => void;
  readonly undo: UndoControls;
}

export const FACTS_PANEL_ID = 'facts-panel';

/** "What happened": the incident's facts and its timeline, beside the columns. */
export function FactsPanel({ doc, actor, session, readOnly, run, onClose, undo }: FactsPanelProps) {
  const facts = useFacts(doc);
  const events = useTimeline(doc);
  const canEdit = !readOnly && mayEditFacts(doc, actor);
  const zone = facts.timeZone ?? browserZone();
  const isFacilitator = actor.role === 'facilitator';
  return (
    <aside id={FACTS_PANEL_ID} className="facts-panel" aria-labelledby="facts-title">
      <header className="facts-header">
        <h2 id="facts-title" tabIndex={-1}>
          What happened
        </h2>
        <button type="button" className="icon" aria-label="Close the facts" onClick={onClose}>
          ×
        </button>
      </header>
      {isFacilitator && !readOnly && (
        <label className="facts-permission">
          <input type="checkbox" checked={session.factsEditable} onChange={(event) => run({ type: 'setFactsEditable', editable: event.target.checked })} />
          Everyone may edit the facts
        </label>
      )}
      {!canEdit && !readOnly && <p className="hint">A facilitator fills in the facts{session.factsEditable ? '' : '; you can read them here'}.</p>}
      <IncidentFields doc={doc} actor={actor} facts={facts} zone={zone} canEdit={canEdit} />
      <TimelineView doc={doc} actor={actor} facts={facts} events={events} zone={zone} canEdit={canEdit} canLink={!readOnly} undo={undo} />
    </aside>
  );
}
