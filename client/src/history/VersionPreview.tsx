import { COLUMNS, notesMap, selectActions, selectFacts, selectLayout, selectTimeline, whysMap, type CardSnapshot } from '@hindsight/shared';
import { useMemo } from 'react';
import * as Y from 'yjs';
import { plural } from './versionLabels';

/** A version's board, read-only: its columns, themes and actions as they were (R68). */
export function VersionPreview({ state }: { state: Uint8Array }) {
  const view = useMemo(() => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const more = [plural(selectTimeline(doc).length, 'timeline event'), plural(whysMap(doc).size, 'why'), plural(notesMap(doc).size, 'theme note')];
    return { facts: selectFacts(doc), layout: selectLayout(doc), actions: selectActions(doc), more: more.join(' · ') };
  }, [state]);
  const { facts, layout, actions, more } = view;
  return (
    <div className="version-preview" aria-label="The board as it was">
      {facts.title && <p className="version-facts">{facts.title}</p>}
      <p className="version-more">{more}</p>
      <div className="version-columns">
        {COLUMNS.map((column) => (
          <section key={column.id} style={{ borderTopColor: column.color }}>
            <h4>{column.label}</h4>
            <CardList cards={layout.columns[column.id]} />
          </section>
        ))}
      </div>
      {layout.themes.length > 0 && (
        <div className="version-themes">
          <h4>Themes</h4>
          {layout.themes.map((theme) => (
            <section key={theme.id}>
              <h5>{theme.title || 'Untitled theme'}</h5>
              <CardList cards={theme.cards} />
            </section>
          ))}
        </div>
      )}
      {actions.length > 0 && (
        <div className="version-actions">
          <h4>Actions</h4>
          <ul>
            {actions.map((action) => (
              <li key={action.id}>
                <strong>{action.ref}</strong> {action.title}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function CardList({ cards }: { cards: readonly CardSnapshot[] }) {
  if (cards.length === 0) return <p className="version-empty">No cards</p>;
  return (
    <ul>
      {cards.map((card) => (
        <li key={card.id}>{card.text || <em>Empty card</em>}</li>
      ))}
    </ul>
  );
}
