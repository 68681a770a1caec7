import { useDroppable } from '@dnd-kit/core';
import { SortableContext } from '@dnd-kit/sortable';
import { deleteEmptyThemes, type BoardLayout } from '@hindsight/shared';
import { useUi } from '../uiStore';
import { THEMES_END, themeDndId, type DropData } from './dnd/ids';
import { NO_SHIFT } from './dnd/noShift';
import { ThemeBox, type ThemeBoxProps } from './ThemeBox';

interface ThemesAreaProps extends Omit<ThemeBoxProps, 'theme' | 'index'> {
  readonly layout: BoardLayout;
  readonly isFacilitator: boolean;
  /** The session is in the Group phase: the area shows, with a hint, before the first theme. */
  readonly groupPhase: boolean;
}

/** The themes, above the columns: shown once there is one, or while grouping is open. */
export function ThemesArea({ layout, isFacilitator, groupPhase, ...box }: ThemesAreaProps) {
  const { setNodeRef } = useDroppable({ id: THEMES_END, data: { kind: 'themes-end' } satisfies DropData });
  const draggingTheme = useUi((state) => state.drag?.item.kind === 'theme');
  const atEnd = useUi((state) => state.drag?.overId === THEMES_END);
  const showToast = useUi((state) => state.showToast);
  const empty = layout.emptyThemes.length;
  if (layout.themes.length === 0 && !groupPhase) return null;
  return (
    <section className="themes-area" aria-labelledby="themes-heading">
      <header className="themes-header">
        <h2 id="themes-heading">Themes</h2>
        {layout.themes.length === 0 && groupPhase && <p className="hint">Drag a card onto the middle of another card to start a theme.</p>}
        {isFacilitator && groupPhase && empty > 0 && !box.readOnly && (
          <p className="hint">
            {empty === 1 ? '1 theme has no cards left (after a merge, a dissolve or moves) and is hidden.' : `${empty} themes have no cards left (after merges, dissolves or moves) and are hidden.`}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                const deleted = deleteEmptyThemes(box.doc, box.actor, layout.emptyThemes.map((theme) => theme.id));
                box.onCommand();
                if (!deleted.ok) showToast({ message: deleted.error.message });
              }}
            >
              Delete {empty === 1 ? 'it' : 'them'}
            </button>
          </p>
        )}
      </header>
      <div className="themes">
        <SortableContext id="themes" items={layout.themes.map((theme) => themeDndId(theme.id))} strategy={NO_SHIFT}>
          {layout.themes.map((theme, index) => (
            <ThemeBox key={theme.id} theme={theme} index={index} {...box} />
          ))}
        </SortableContext>
        <div ref={setNodeRef} className={`themes-end ${draggingTheme ? 'visible' : ''} ${atEnd ? 'drop-before' : ''}`} aria-hidden="true" />
      </div>
    </section>
  );
}
