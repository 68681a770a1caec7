import { createUndoManager, nextUndoRoots } from '@hindsight/shared';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useUi } from '../uiStore';
import type * as Y from 'yjs';

/**
 * The local user's undo stack for this document (remote changes never enter it). Ctrl/Cmd+Z
 * undoes and Ctrl/Cmd+Shift+Z or Ctrl+Y redoes, except while typing, where the text field's
 * own undo applies.
 */
export interface UndoControls {
  readonly undo: () => void;
  readonly redo: () => void;
  /** Ends the current step, so the next change is undone on its own. */
  readonly step: () => void;
  /** The step an undo would revert now, to check that a toast's Undo still means what it said. */
  readonly top: () => unknown;
}

/**
 * `refuse` answers why a step may not be undone (the server would refuse the change, say,
 * because the session ended or facts editing was taken away), or null.
 */
export function useUndo(
  doc: Y.Doc,
  options: { keyboard?: boolean; refuse?: (roots: ReadonlySet<string>) => string | null } = {},
): UndoControls {
  const keyboard = options.keyboard ?? true;
  const refuse = useRef(options.refuse);
  useEffect(() => {
    refuse.current = options.refuse;
  });
  const showToast = useUi((state) => state.showToast);
  // One manager per document, living as long as it does (a document is replaced only after a
  // refusal); destroying it in an effect cleanup would break StrictMode's remount.
  const manager = useMemo(() => createUndoManager(doc), [doc]);
  const act = useCallback(
    (redo: boolean) => {
      const reason = refuse.current?.(nextUndoRoots(manager, redo)) ?? null;
      if (reason) showToast({ message: reason });
      else if (redo) manager.redo();
      else manager.undo();
    },
    [manager, showToast],
  );
  useEffect(() => {
    if (!keyboard) return;
    const onKey = (event: KeyboardEvent) => {
      if (!(event.metaKey || event.ctrlKey)) return;
      if ((event.target as HTMLElement | null)?.closest('input, textarea, [contenteditable]')) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) act(false);
      else if ((key === 'z' && event.shiftKey) || key === 'y') act(true);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [manager, keyboard, act]);
  return useMemo(
    () => ({
      undo: () => act(false),
      redo: () => act(true),
      step: () => manager.stopCapturing(),
      top: () => manager.undoStack[manager.undoStack.length - 1],
    }),
    [manager, act],
  );
}
