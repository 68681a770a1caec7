import { createUndoManager, nextUndoRole, nextUndoRoots, UNDO_ROLE, type Role } from '@hindsight/shared';
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
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
  /** Whether there is anything to undo and to redo, and a way to hear when that changes. */
  readonly available: () => { readonly undo: boolean; readonly redo: boolean };
  readonly subscribe: (listener: () => void) => () => void;
}

const availabilities = new WeakMap<Y.UndoManager, { undo: boolean; redo: boolean }>();

/** The same object while nothing changed, as useSyncExternalStore needs. */
function availability(manager: Y.UndoManager): { readonly undo: boolean; readonly redo: boolean } {
  const now = { undo: manager.undoStack.length > 0, redo: manager.redoStack.length > 0 };
  const last = availabilities.get(manager);
  if (last && last.undo === now.undo && last.redo === now.redo) return last;
  availabilities.set(manager, now);
  return now;
}

/** Whether Undo and Redo have anything to do, for their buttons. */
export function useUndoAvailable(undo: UndoControls): { readonly undo: boolean; readonly redo: boolean } {
  return useSyncExternalStore(undo.subscribe, undo.available);
}

/**
 * `refuse` answers why a step may not be undone (the server would refuse the change, say,
 * because the session ended or facts editing was taken away), or null.
 */
export function useUndo(
  doc: Y.Doc,
  options: {
    keyboard?: boolean;
    refuse?: (roots: ReadonlySet<string>, madeAs: Role | undefined) => string | null;
    /** The role you act with now; each step remembers it. */
    role?: Role;
  } = {},
): UndoControls {
  const keyboard = options.keyboard ?? true;
  const refuse = useRef(options.refuse);
  const role = useRef(options.role);
  useEffect(() => {
    refuse.current = options.refuse;
    role.current = options.role;
  });
  const showToast = useUi((state) => state.showToast);
  // One manager per document, living as long as it does (a document is replaced only after a
  // refusal); destroying it in an effect cleanup would break StrictMode's remount.
  const manager = useMemo(() => createUndoManager(doc), [doc]);
  useEffect(() => {
    const remember = (event: { stackItem: { meta: Map<unknown, unknown> } }) => {
      if (!event.stackItem.meta.has(UNDO_ROLE)) event.stackItem.meta.set(UNDO_ROLE, role.current ?? 'participant');
    };
    manager.on('stack-item-added', remember);
    return () => manager.off('stack-item-added', remember);
  }, [manager]);
  const act = useCallback(
    (redo: boolean) => {
      const reason = refuse.current?.(nextUndoRoots(manager, redo), nextUndoRole(manager, redo)) ?? null;
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
      available: () => availability(manager),
      subscribe: (listener: () => void) => {
        const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
        for (const event of events) manager.on(event, listener);
        return () => {
          for (const event of events) manager.off(event, listener);
        };
      },
    }),
    [manager, act],
  );
}
