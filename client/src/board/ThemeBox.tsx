import { useDroppable } from '@dnd-kit/core';
import { useSortable } from '@dnd-kit/sortable';
import {
  dissolveTheme,
  setThemeCollapsed,
  setThemeTitle,
  THEME_FIELD,
  themesMap,
  MAX_THEME_TITLE_LENGTH,
  themeItem,
  type ThemeView,
} from '@hindsight/shared';
import { memo, useEffect } from 'react';
import * as Y from 'yjs';
import { SharedTextarea } from '../facts/SharedTextarea';
import { highlightOf, useUi } from '../uiStore';
import { VoteControl } from './votes/VoteControl';
import { useCardTools } from './analysis/AnalysisContext';
import { ThemeAnalysis } from './analysis/ThemeAnalysis';
import { LengthHint } from './LengthHint';
import { mergeDndId, themeCardsDndId, themeDndId, type DropData } from './dnd/ids';
import { SortableCards, type CardListProps } from './SortableCards';

export interface ThemeBoxProps extends CardListProps {
  readonly theme: ThemeView;
  readonly index: number;
  /** Whether you may regroup now (R44): move this theme, retitle, collapse or dissolve it. */
  readonly regroup: boolean;
  /** Ends the undo step after a theme command. */
  readonly onCommand: () => void;
}


function titleText(doc: Y.Doc, themeId: string): Y.Text | null {
  const title = themesMap(doc).get(themeId)?.get(THEME_FIELD.title);
  return title instanceof Y.Text ? title : null;
}

/** A theme: its shared title, its cards (each keeping its column's color), collapse and dissolve. */
export const ThemeBox = memo(function ThemeBox(props: ThemeBoxProps) {
  const { theme, index, doc, actor, readOnly, regroup, onCommand } = props;
  const container = themeCardsDndId(theme.id);
  const editable = regroup && !readOnly;
  const sortable = useSortable({
    id: themeDndId(theme.id),
    data: { kind: 'theme', themeId: theme.id, index } satisfies DropData,
    disabled: { draggable: !editable || props.remoteDrags.has(theme.id), droppable: false },
  });
  const cards = useDroppable({ id: container, data: { kind: 'container', container } satisfies DropData });
  const merge = useDroppable({ id: mergeDndId(theme.id), data: { kind: 'merge', themeId: theme.id } satisfies DropData });
  const hint = useUi((state) => {
    const over = state.drag?.overId;
    if (state.drag?.item.id === theme.id) return 'drag-source';
    if (over === themeDndId(theme.id)) return 'drop-before';
    if (over === mergeDndId(theme.id)) return 'drop-merge';
    if (over === container) return 'drop-end';
    return '';
  });
  const title = titleText(doc, theme.id);
  const highlight = useUi((state) => highlightOf(state, theme.authorId));
  const focusThemeId = useUi((state) => state.focusThemeId);
  const focusThemeTitle = useUi((state) => state.focusThemeTitle);
  useEffect(() => {
    if (focusThemeId !== theme.id) return;
    // A frame after the one in which dnd-kit gives focus back to the grip you dragged with.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const input = document.querySelector<HTMLInputElement>(`[data-theme-id="${CSS.escape(theme.id)}"] .theme-title`);
        input?.focus();
        input?.select();
        focusThemeTitle(null);
      }),
    );
  }, [focusThemeId, theme.id, focusThemeTitle]);
  const { createAction } = useCardTools();
  const headingId = `theme-${theme.id}`;
  const remote = props.remoteDrags.get(theme.id);
  const count = theme.cards.length;
  return (
    <section
      ref={(node) => {
        sortable.setNodeRef(node);
        cards.setNodeRef(node);
        merge.setNodeRef(node);
      }}
      className={`theme ${hint} ${remote ? 'remote-drag' : ''} ${theme.collapsed ? 'collapsed' : ''} ${highlight}`}
      style={remote ? { ['--remote-color' as string]: remote.color } : undefined}
      aria-labelledby={headingId}
      data-theme-id={theme.id}
    >
      {remote && (
        <span className="remote-drag-label" role="status">
          <span className="remote-drag-name">{remote.name}</span> is moving this
        </span>
      )}
      <header className="theme-header">
        {editable && !props.remoteDrags.has(theme.id) && (
          <button
            type="button"
            className="icon grip"
            ref={sortable.setActivatorNodeRef}
            {...sortable.attributes}
            {...sortable.listeners}
            aria-label={`Move theme: ${theme.title || 'untitled'}`}
            aria-roledescription="draggable theme"
          >
            ⠿
          </button>
        )}
        <h3 id={headingId} className="visually-hidden">
          Theme: {theme.title || 'untitled'}
        </h3>
        {title && (
          <SharedTextarea
            rows={1}
            text={title}
            className="theme-title"
            title={theme.title}
            aria-label="Theme title"
            placeholder="Name this theme"
            maxLength={MAX_THEME_TITLE_LENGTH}
            readOnly={!editable}
            onEdit={(value) => setThemeTitle(doc, actor, theme.id, value.replace(/\n/g, ' '))}
            onBlur={onCommand}
            onKeyDown={(event) => {
              // Done naming: focus goes to the theme's grip, so the keyboard stays in the theme.
              if (event.key !== 'Enter' && event.key !== 'Escape') return;
              // A title is one line: Enter ends it rather than adding a break.
              event.preventDefault();
              onCommand();
              event.currentTarget.closest('.theme')?.querySelector<HTMLElement>('.grip')?.focus();
            }}
          />
        )}
        <button
          type="button"
          className="icon"
          aria-expanded={!theme.collapsed}
          aria-label={theme.collapsed ? `Expand theme ${theme.title || 'untitled'}` : `Collapse theme ${theme.title || 'untitled'}`}
          title={theme.collapsed ? 'Show the cards' : 'Hide the cards'}
          disabled={readOnly}
          onClick={() => {
            setThemeCollapsed(doc, actor, theme.id, !theme.collapsed);
            onCommand();
          }}
        >
          {theme.collapsed ? '▸' : '▾'}
        </button>
      </header>
      {editable && <LengthHint length={theme.title.length} max={MAX_THEME_TITLE_LENGTH} />}
      <div className="theme-meta">
        <span>{count === 1 ? '1 card' : `${count} cards`}</span>
        {highlight === 'highlighted' && <span className="highlight-tag">★ Highlighted</span>}
        {props.regroupedLateOf(theme.id) && <span className="late-tag">moved late</span>}
        {editable && (
          <button
            type="button"
            className="link-button"
            aria-label={`Dissolve theme ${theme.title || 'untitled'}: its cards go back to their columns`}
            onClick={() => {
              dissolveTheme(doc, actor, theme.id);
              onCommand();
            }}
          >
            Dissolve
          </button>
        )}
        {createAction && !readOnly && (
          <button type="button" className="link-button" aria-label={`Create an action from theme ${theme.title || 'untitled'}`} onClick={() => createAction(themeItem(theme.id), theme.title)}>
            Create action
          </button>
        )}
        <VoteControl item={themeItem(theme.id)} label={`theme “${theme.title || 'untitled'}”`} participants={props.participants} />
      </div>
      <ThemeAnalysis theme={theme} doc={doc} actor={actor} readOnly={readOnly} onCommand={onCommand} />
      {!theme.collapsed && (
        <ul className={`notes ${hint === 'drop-end' ? 'drop-end' : ''}`}>
          <SortableCards container={container} cards={theme.cards} inTheme {...props} />
        </ul>
      )}
    </section>
  );
});
