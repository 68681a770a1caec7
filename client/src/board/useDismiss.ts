import { useEffect, type RefObject } from 'react';

/** Closes a popover on Escape (focus back on its button) or on a pointer press outside it, as menus do. */
export function useDismiss(
  open: boolean,
  close: () => void,
  container: RefObject<HTMLElement | null>,
  /** Where focus goes on Escape; the container's first menu button unless given. */
  focusTarget?: () => HTMLElement | null | undefined,
): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      close();
      (focusTarget ? focusTarget() : container.current?.querySelector<HTMLElement>('[aria-haspopup]'))?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (container.current && !container.current.contains(event.target as Node)) close();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [open, close, container, focusTarget]);
}
