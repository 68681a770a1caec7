import { useEffect } from 'react';
import { create } from 'zustand';

/** How long keys are kept for a field the server is still making; after that they go back to the page. */
const TYPE_AHEAD_MS = 8000;

interface TypeAheadState {
  /** What was typed since a button asked the server for a field to type in; null when nothing waits. */
  readonly typed: string | null;
  start: () => void;
  /** What was typed, for the field that has now appeared; stops keeping keys. */
  take: () => string;
  cancel: () => void;
}

/**
 * Keys typed between a click on "Start notes", "New action" or "Create action" and the
 * field appearing (one round trip) would otherwise be lost, or trigger board shortcuts:
 * "1" adds a card. They are kept here and written into the field when it appears.
 */
export const useTypeAhead = create<TypeAheadState>((set, get) => ({
  typed: null,
  start: () => set({ typed: '' }),
  take: () => {
    const typed = get().typed ?? '';
    set({ typed: null });
    return typed;
  },
  cancel: () => set({ typed: null }),
}));

/** Keeps keys typed on the page (not in a field) while a field is on its way; mounted once per board. */
export function useTypeAheadCapture(): void {
  const waiting = useTypeAhead((state) => state.typed !== null);
  useEffect(() => {
    if (!waiting) return;
    const { cancel } = useTypeAhead.getState();
    const timer = setTimeout(cancel, TYPE_AHEAD_MS);
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.target instanceof HTMLElement && event.target.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (event.key === 'Escape') return cancel();
      const typed = useTypeAhead.getState().typed;
      if (typed === null) return;
      if (event.key === 'Backspace') useTypeAhead.setState({ typed: typed.slice(0, -1) });
      else if (event.key.length === 1) useTypeAhead.setState({ typed: typed + event.key });
      else return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [waiting]);
}
