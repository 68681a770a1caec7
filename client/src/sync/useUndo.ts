import { createUndoManager } from '@hindsight/shared';
import { useEffect, useMemo } from 'react';
import type * as Y from 'yjs';

/**
 * The local user's undo stack for this document (remote changes never enter it). Ctrl/Cmd+Z
 * undoes and Ctrl/Cmd+Shift+Z or Ctrl+Y redoes, except while typing, where the text field's
 * own undo applies.
 */
export function useUndo(doc: Y.Doc, options: { keyboard?: boolean } = {}): { undo: () => void; redo: () => void; step: () => void } {
  const keyboard = options.keyboard ?? true;
  // One manager per document, living as long as it does (a document is replaced only after a
  // refusal); destroying it in an effect cleanup would break StrictMode's remount.
  const manager = useMemo(() => createUndoManager(doc), [doc]);
  useEffect(() => {
    if (!keyboard) return;
    const onKey = (event: KeyboardEvent) => {
      if (!(event.metaKey || event.ctrlKey)) return;
      if ((event.target as HTMLElement | null)?.closest('input, textarea, [contenteditable]')) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) manager.undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') manager.redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [manager, keyboard]);
  return useMemo(
    () => ({ undo: () => manager.undo(), redo: () => manager.redo(), step: () => manager.stopCapturing() }),
    [manager],
  );
}
