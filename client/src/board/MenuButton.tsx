import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useDismiss } from './useDismiss';

interface MenuButtonProps {
  readonly label: string;
  readonly menuLabel: string;
  /** The menu's items; `close` shuts the menu before an item acts. */
  readonly children: (close: () => void) => ReactNode;
}

/** A header button with a popover menu that closes on Escape or a press outside it. */
export function MenuButton({ label, menuLabel, children }: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const container = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, container);
  return (
    <div className="share" ref={container}>
      <button type="button" className="secondary" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)}>
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
