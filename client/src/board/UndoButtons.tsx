import { useUndoAvailable, type UndoControls } from '../sync/useUndo';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Undo and redo of your own changes (never anyone else's), beside the keyboard shortcuts. */
export function UndoButtons({ undo }: { undo: UndoControls }) {
  const available = useUndoAvailable(undo);
  const mod = isMac ? '⌘' : 'Ctrl+';
  return (
    <div className="undo-buttons" role="group" aria-label="Undo and redo your changes">
      <button type="button" className="secondary" onClick={undo.undo} disabled={!available.undo} title={`Undo your last change (${mod}Z)`} aria-keyshortcuts={isMac ? 'Meta+Z' : 'Control+Z'}>
        ↶ Undo
      </button>
      <button
        type="button"
        className="secondary"
        onClick={undo.redo}
        disabled={!available.redo}
        title={`Redo (${isMac ? '⇧⌘Z' : 'Ctrl+Shift+Z'})`}
        aria-keyshortcuts={isMac ? 'Meta+Shift+Z' : 'Control+Shift+Z'}
      >
        ↷ Redo
      </button>
    </div>
  );
}
