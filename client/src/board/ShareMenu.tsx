import { useCallback, useRef, useState } from 'react';
import { loadFacilitatorKey } from '../identity';
import { useUi } from '../uiStore';
import { useDismiss } from './useDismiss';

/**
 * Links to hand out: the plain board link for participants and, for a facilitator whose
 * browser holds the key, the facilitator link (the key travels in the fragment only).
 */
export function ShareMenu({ boardId, isFacilitator }: { boardId: string; isFacilitator: boolean }) {
  const [open, setOpen] = useState(false);
  const container = useRef<HTMLDivElement>(null);
  useDismiss(open, useCallback(() => setOpen(false), []), container);
  const showToast = useUi((state) => state.showToast);
  const base = `${window.location.origin}/b/${boardId}`;
  const key = isFacilitator ? loadFacilitatorKey(boardId) : null;
  const copy = (link: string, what: string) => {
    setOpen(false);
    navigator.clipboard.writeText(link).then(
      () => showToast({ message: `${what} copied.` }),
      () => showToast({ message: `Copy this ${what.toLowerCase()}: ${link}` }),
    );
  };
  return (
    <div className="share" ref={container}>
      <button type="button" className="secondary" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)}>
        Share
      </button>
      {open && (
        <div className="share-menu" role="group" aria-label="Share this board">
          <button type="button" onClick={() => copy(base, 'Participant link')}>
            Copy participant link
          </button>
          {key && (
            <button type="button" onClick={() => copy(`${base}#fk=${encodeURIComponent(key)}`, 'Facilitator link')}>
              Copy facilitator link
            </button>
          )}
        </div>
      )}
    </div>
  );
}
