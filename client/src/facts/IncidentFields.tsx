import {
  DATA_LOSS,
  DETECTION_METHODS,
  factsMap,
  SUMMARY_FIELD,
  formatDuration,
  fromLocalInput,
  HUMAN_ERROR_PROMPT,
  incidentDuration,
  ROOT_CAUSE_CATEGORIES,
  setFact,
  setSummary,
  SEVERITIES,
  toLocalInput,
  type Actor,
  type FactField,
  type FactsSnapshot,
} from '@hindsight/shared';
import * as Y from 'yjs';
import { useUi } from '../uiStore';
import { ChoiceField } from './ChoiceField';
import { DraftField } from './DraftField';
import { SharedTextarea } from './SharedTextarea';
import { allZones } from './zones';

interface IncidentFieldsProps {
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly facts: FactsSnapshot;
  /** The zone times are shown and entered in. */
  readonly zone: string;
  readonly canEdit: boolean;
}

/** The incident's facts: what, how bad, when, how it was found, its cause category, its impact, and a summary. */
export function IncidentFields({ doc, actor, facts, zone, canEdit }: IncidentFieldsProps) {
  const showToast = useUi((state) => state.showToast);
  const set = (field: FactField, value: string | number | null) => {
    const result = setFact(doc, actor, field, value);
    if (!result.ok) showToast({ message: result.error.message });
  };
  const duration = incidentDuration(facts);
  const summary = factsMap(doc).get(SUMMARY_FIELD);
  const time = (field: 'startAt' | 'endAt', label: string) => {
    const value = facts[field];
    if (!canEdit) {
      return (
        <p className="facts-duration">
          <span>{label}</span>
          <span className="facts-value">{value === null ? '—' : toLocalInput(value, zone).replace('T', ' ')}</span>
        </p>
      );
    }
    return (
      <label>
        <span>{label}</span>
        <input
          type="datetime-local"
          value={value === null ? '' : toLocalInput(value, zone)}
          // A half-cleared input reads as empty; that must not wipe the time for everyone.
          min="1970-01-01T00:00"
          max="2200-12-31T23:59"
          onChange={(event) => {
            const at = fromLocalInput(event.target.value, zone);
            if (at === null) return;
            // Times are read in the zone shown; keep it, so everyone reads them the same way.
            if (facts.timeZone === null) set('timeZone', zone);
            set(field, at);
          }}
        />
      </label>
    );
  };
  return (
    <>
      <section className="facts-section" aria-label="Incident">
        <label>
          <span>Incident title</span>
          <DraftField value={facts.title} disabled={!canEdit} maxLength={200} placeholder={canEdit ? "What happened, in a few words" : "—"} onCommit={(value) => set('title', value)} />
        </label>
        <ChoiceField label="Severity" value={facts.severity} options={SEVERITIES} disabled={!canEdit} onChange={(value) => set('severity', value)} />
        {time('startAt', 'Started')}
        {time('endAt', 'Ended')}
        <div className="facts-row wide-first">
          <label>
            <span>Time zone</span>
            <select disabled={!canEdit} value={facts.timeZone ?? ''} onChange={(event) => set('timeZone', event.target.value || null)}>
              {facts.timeZone === null && <option value="">Not set: times show in your zone ({zone})</option>}
              {allZones().map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </label>
          <p className="facts-duration">
            <span>Duration</span>
            <strong data-testid="duration">{duration === null ? '—' : formatDuration(duration)}</strong>
          </p>
        </div>
      </section>
      <section className="facts-section" aria-label="Detection and cause">
        <div className="facts-row">
          <ChoiceField label="Detected by" value={facts.detection} options={DETECTION_METHODS} disabled={!canEdit} onChange={(value) => set('detection', value)} />
          <ChoiceField
            label="Root-cause category"
            value={facts.rootCause}
            options={ROOT_CAUSE_CATEGORIES}
            disabled={!canEdit}
            onChange={(value) => set('rootCause', value)}
          />
        </div>
        {facts.rootCause === 'human-error' && (
          <p className="blameless-prompt" role="note">
            {HUMAN_ERROR_PROMPT}
          </p>
        )}
      </section>
      <section className="facts-section" aria-label="Impact">
        <label>
          <span>Affected users</span>
          <DraftField value={facts.affectedUsers} disabled={!canEdit} maxLength={200} placeholder={canEdit ? "A number or a share, e.g. 12% of EU checkouts" : "—"} onCommit={(value) => set('affectedUsers', value)} />
        </label>
        <label>
          <span>Affected features</span>
          <DraftField value={facts.affectedFeatures} disabled={!canEdit} placeholder={canEdit ? '' : '—'} maxLength={500} onCommit={(value) => set('affectedFeatures', value)} />
        </label>
        <label>
          <span>Affected systems</span>
          <DraftField value={facts.affectedSystems} disabled={!canEdit} placeholder={canEdit ? '' : '—'} maxLength={500} onCommit={(value) => set('affectedSystems', value)} />
        </label>
        <fieldset className="facts-choice" disabled={!canEdit}>
          <legend>Data loss</legend>
          {DATA_LOSS.map((option) => (
            <label key={option.id}>
              <input type="radio" name="data-loss" checked={facts.dataLoss === option.id} onChange={() => set('dataLoss', option.id)} />
              {option.label}
            </label>
          ))}
        </fieldset>
        <label>
          <span>More on the impact</span>
          {canEdit ? (
            <DraftField multiline rows={3} value={facts.impactNotes} maxLength={2000} onCommit={(value) => set('impactNotes', value)} />
          ) : (
            <p className="facts-text">{facts.impactNotes || '—'}</p>
          )}
        </label>
      </section>
      <section className="facts-section">
        <label>
          <span>Summary</span>
          {summary instanceof Y.Text && canEdit ? (
            <SharedTextarea
              text={summary}
              rows={5}
              maxLength={5000}
              placeholder="What happened, its impact and the first response, in a few sentences"
              onEdit={(value) => {
                const result = setSummary(doc, actor, value);
                if (!result.ok) showToast({ message: result.error.message });
              }}
            />
          ) : (
            <p className="facts-text">{facts.summary || '—'}</p>
          )}
        </label>
      </section>
    </>
  );
}
