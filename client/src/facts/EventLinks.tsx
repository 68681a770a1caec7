import { link, linkEndId, linkEndKind, unlink, type Actor, type LinkEnd, type LinkIndex, type TimelineEvent } from '@hindsight/shared';
import { mayUnlink, type Linkable } from '../board/linkables';
import { LinkPicker } from '../board/LinkPicker';
import type * as Y from 'yjs';
import { useUi } from '../uiStore';

/** Under one event: the cards and themes that point at it, and a way to add one (R56). */
export function EventLinks({ doc, actor, event, links, choices, canLink }: {
  doc: Y.Doc;
  actor: Actor;
  event: TimelineEvent;
  links: LinkIndex;
  choices: readonly Linkable[];
  canLink: boolean;
}) {
  const showToast = useUi((state) => state.showToast);
  const target: LinkEnd = `event:${event.id}`;
  const labels = new Map(choices.map((choice) => [choice.end, choice.label]));
  const linked = (links.sourcesOf.get(target) ?? []).filter((end) => labels.has(end));
  const report = (result: { ok: boolean; error?: { message: string } }) => {
    if (!result.ok && result.error) showToast({ message: result.error.message });
  };
  if (linked.length === 0 && !canLink) return null;
  return (
    <div className="event-links">
      {linked.length > 0 && (
        <ul className="chips" aria-label={`Linked to ${event.text}`}>
          {linked.map((end) => (
            <li key={end} className={`chip ${linkEndKind(end) ?? ''}`}>
              <span>{labels.get(end)}</span>
              {canLink && mayUnlink(links, actor, end, target) && (
                <button type="button" className="icon" aria-label={`Unlink ${labels.get(end) ?? linkEndId(end)}`} onClick={() => report(unlink(doc, actor, end, target))}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canLink && choices.length > linked.length && (
        <LinkPicker
          label={`Link a card or theme to ${event.text}`}
          placeholder="Link a card or theme…"
          options={choices.filter((choice) => !linked.includes(choice.end)).map((choice) => ({ value: choice.end, label: choice.label }))}
          onPick={(end) => report(link(doc, actor, end as LinkEnd, target))}
        />
      )}
    </div>
  );
}
