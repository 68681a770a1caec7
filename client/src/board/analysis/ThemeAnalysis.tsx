import {
  addWhy,
  deleteWhy,
  formatClock,
  link,
  linkEndId,
  mayChangeCardContent,
  MAX_THEME_NOTES_LENGTH,
  MAX_WHY_LENGTH,
  setThemeNotes,
  setThemeTag,
  setWhyText,
  notesMap,
  THEME_TAGS,
  unlink,
  WHY_FIELD,
  whysMap,
  type Actor,
  type ThemeTag,
  type ThemeView,
  type WhySnapshot,
} from '@hindsight/shared';
import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { SharedTextarea } from '../../facts/SharedTextarea';
import { useUi } from '../../uiStore';
import { useAnalysis } from './AnalysisContext';
import { LengthHint } from '../LengthHint';
import { useTypeAhead } from '../typeAhead';
import { LinkPicker } from '../LinkPicker';
import { mayUnlink } from '../linkables';

interface ThemeAnalysisProps {
  readonly theme: ThemeView;
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly readOnly: boolean;
  readonly onCommand: () => void;
}

function whyText(doc: Y.Doc, whyId: string): Y.Text | null {
  const text = whysMap(doc).get(whyId)?.get(WHY_FIELD.text);
  return text instanceof Y.Text ? text : null;
}

function notesText(doc: Y.Doc, themeId: string): Y.Text | null {
  const text = notesMap(doc).get(themeId);
  return text instanceof Y.Text ? text : null;
}

/** A theme's analysis: its tag, its five whys, the timeline events it explains and the facilitator's notes. */
export function ThemeAnalysis({ theme, doc, actor, readOnly, onCommand }: ThemeAnalysisProps) {
  const { whys: allWhys, notes: allNotes, startNotes, links, events, zone, isFacilitator } = useAnalysis();
  const noteText = allNotes.get(theme.id) ?? '';
  const showToast = useUi((state) => state.showToast);
  const [open, setOpen] = useState(false);
  // The answer just asked for takes focus as it renders, so no typed letter goes elsewhere.
  const [asked, setAsked] = useState<string | null>(null);
  const whys = allWhys.get(theme.id) ?? [];
  const linked = (links.targetsOf.get(`theme:${theme.id}`) ?? []).map((end) => events.find((event) => event.id === linkEndId(end))).filter((event) => event !== undefined);
  const unlinked = events.filter((event) => !linked.includes(event));
  const notes = notesText(doc, theme.id);
  const name = theme.title || 'untitled';
  // Notes just started take focus as they arrive, with whatever was typed meanwhile.
  const notesAsked = useRef(false);
  useEffect(() => {
    if (!notesAsked.current || !notes) return;
    notesAsked.current = false;
    const typed = useTypeAhead.getState().take().slice(0, MAX_THEME_NOTES_LENGTH);
    if (typed) setThemeNotes(doc, actor, theme.id, notes.toJSON() + typed);
    // At once, not a frame later: a key pressed in between would reach the board's shortcuts.
    const field = document.querySelector<HTMLTextAreaElement>(`textarea[aria-label="${CSS.escape(`Discussion notes for theme ${name}`)}"]`);
    field?.focus();
    field?.setSelectionRange(field.value.length, field.value.length);
  }, [notes, doc, actor, theme.id, name]);
  const report = (result: { ok: boolean; error?: { message: string } }) => {
    onCommand();
    if (!result.ok && result.error) showToast({ message: result.error.message });
  };
  const parts = [whys.length > 0 ? `${whys.length} ${whys.length === 1 ? 'why' : 'whys'}` : '', linked.length > 0 ? `${linked.length} on the timeline` : '', noteText.trim() ? 'notes' : ''].filter(Boolean);
  return (
    <div className="analysis">
      <div className="analysis-row">
        <label className="tag-field">
          <span className="visually-hidden">Tag for theme {name}</span>
          <select
            aria-label={`Tag for theme ${name}`}
            className={`tag-select ${theme.tag ?? 'none'}`}
            value={theme.tag ?? ''}
            disabled={readOnly}
            onChange={(event) => report(setThemeTag(doc, actor, theme.id, (event.target.value || null) as ThemeTag | null))}
          >
            <option value="">No tag</option>
            {THEME_TAGS.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide analysis' : `Analysis${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`}
        </button>
      </div>
      {open && (
        <div className="analysis-body">
          <section aria-label={`Five whys for theme ${name}`}>
            <h4>5 Whys</h4>
            {whys.length === 0 && <p className="hint">Ask “why?” until you reach something the team can change; five times is a good rule.</p>}
            <ol className="whys">
              {whys.map((why, i) => (
                <WhyRow key={why.id} why={why} index={i} doc={doc} actor={actor} readOnly={readOnly} focus={why.id === asked} onCommand={onCommand} onResult={report} />
              ))}
            </ol>
            {!readOnly && (
              <button type="button" className="link-button" onClick={() => {
                const added = addWhy(doc, actor, theme.id, '');
                report(added);
                if (added.ok) setAsked(added.value.whyId);
              }}>
                + Ask why{whys.length > 0 ? ' again' : ''}
              </button>
            )}
          </section>
          <section aria-label={`Timeline events for theme ${name}`}>
            <h4>On the timeline</h4>
            <ul className="chips">
              {linked.map((event) => (
                <li key={event.id} className="chip">
                  <span>
                    {formatClock(event.at, zone)} {event.text}
                  </span>
                  {!readOnly && mayUnlink(links, actor, `theme:${theme.id}`, `event:${event.id}`) && (
                    <button type="button" className="icon" aria-label={`Unlink ${event.text}`} onClick={() => report(unlink(doc, actor, `theme:${theme.id}`, `event:${event.id}`))}>
                      ×
                    </button>
                  )}
                </li>
              ))}
            </ul>
            {!readOnly && unlinked.length > 0 && (
              <LinkPicker
                label={`Link theme ${name} to a timeline event`}
                placeholder="Link to an event…"
                options={unlinked.map((event) => ({ value: event.id, label: `${formatClock(event.at, zone)} ${event.text}` }))}
                onPick={(eventId) => report(link(doc, actor, `theme:${theme.id}`, `event:${eventId}`))}
              />
            )}
            {events.length === 0 && <p className="hint">The timeline has no events yet (Facts).</p>}
          </section>
          <section aria-label={`Discussion notes for theme ${name}`}>
            <h4>Discussion notes</h4>
            {isFacilitator && notes && !readOnly ? (
              <>
                <SharedTextarea
                  text={notes}
                  rows={3}
                  className="notes-field"
                  aria-label={`Discussion notes for theme ${name}`}
                  placeholder="What the team said and decided"
                  maxLength={MAX_THEME_NOTES_LENGTH}
                  onEdit={(value) => {
                    const result = setThemeNotes(doc, actor, theme.id, value);
                    if (!result.ok) showToast({ message: result.error.message });
                  }}
                  onBlur={onCommand}
                />
                <LengthHint length={noteText.length} max={MAX_THEME_NOTES_LENGTH} />
              </>
            ) : isFacilitator && !readOnly ? (
              <button type="button" className="link-button" onClick={() => {
                  notesAsked.current = true;
                  startNotes(theme.id);
                }}>
                Start notes
              </button>
            ) : noteText.trim() ? (
              <p className="notes-text">{noteText}</p>
            ) : (
              <p className="hint">The facilitator takes notes here.</p>
            )}
          </section>
        </div>
      )}
    </div>
  );
}

function WhyRow({ why, index, doc, actor, readOnly, focus, onCommand, onResult }: {
  why: WhySnapshot;
  index: number;
  focus: boolean;
  doc: Y.Doc;
  actor: Actor;
  readOnly: boolean;
  onCommand: () => void;
  onResult: (result: { ok: boolean; error?: { message: string } }) => void;
}) {
  const text = whyText(doc, why.id);
  return (
    <li className="why">
      <span className="why-label" aria-hidden="true">
        Why? {index + 1}
      </span>
      {text && !readOnly ? (
        <SharedTextarea
          text={text}
          rows={1}
          data-why-id={why.id}
          autoFocus={focus}
          className="why-text"
          aria-label={`Answer to why ${index + 1}`}
          placeholder="Because…"
          maxLength={MAX_WHY_LENGTH}
          singleLine
          onEdit={(value) => setWhyText(doc, actor, why.id, value)}
          onBlur={onCommand}
        />
      ) : (
        <span className="why-text">{why.text || '…'}</span>
      )}
      {!readOnly && mayChangeCardContent(actor, why.authorId) && (
        <button type="button" className="icon" aria-label={`Delete why ${index + 1}`} onClick={() => onResult(deleteWhy(doc, actor, why.id))}>
          ×
        </button>
      )}
      {text && !readOnly && <LengthHint length={why.text.length} max={MAX_WHY_LENGTH} />}
    </li>
  );
}
