import { useCallback, useId, useRef, useState, type ReactNode } from 'react';
import { useDismiss } from './useDismiss';

interface MenuButtonProps {
  readonly label: string;
  readonly menuLabel: string;
  /** The menu's items; `close` shuts the menu (focus back on its button) before an item acts. */
  readonly children: (close: () => void) => ReactNode;
}

/** A header button with a popover menu that closes on Escape or a press outside it. */
export function MenuButton({ label, menuLabel, children }: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const container = useRef<HTMLDivElement>(null);
  const toggleId = useId();
  const dismiss = useCallback(() => setOpen(false), []);
  const close = useCallback(() => {
    setOpen(false);
    document.getElementById(toggleId)?.focus();
  }, [toggleId]);
  useDismiss(open, dismiss, container);
  return (
    <div className="share" ref={container}>
      <button id={toggleId} type="button" className="secondary" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)}>
        {label}
      </button>
      {open && (
        <div className="share-menu" role="group" aria-label={menuLabel}>
          {children(close)}
        </div>
      )}
    </div>
  );
}
