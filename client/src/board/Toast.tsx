import { useEffect } from 'react';
import { useUi } from '../uiStore';

const VISIBLE_MS = 8000;

/** One toast at a time, bottom centre; its action (Undo) is a real button. */
export function Toast() {
  const toast = useUi((state) => state.toast);
  const hide = useUi((state) => state.hideToast);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(hide, toast.durationMs ?? VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [toast, hide]);
  if (!toast) return null;
  return (
    <div className="toast" role="status" aria-live="polite">
      <span>{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          // The action (Undo) takes focus, so it is one key away, not several tabs.
          autoFocus
          onClick={() => {
            toast.action?.run();
            hide();
          }}
        >
          {toast.action.label}
        </button>
      )}
    </div>
  );
}
