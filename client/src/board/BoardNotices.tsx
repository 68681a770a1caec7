import { useEffect, useRef } from 'react';
import { navigate } from '../route';
import { useUi } from '../uiStore';

export function Rejoin({ reason, onRejoin }: { reason: string; onRejoin: () => void }) {
  if (reason.startsWith('R27')) {
    return (
      <main className="centered">
        <h1>You were removed from this board</h1>
        <p className="muted">A facilitator removed you. Your cards stay on the board.</p>
        <button type="button" className="primary" onClick={() => navigate('/')}>
          Go to the start page
        </button>
      </main>
    );
  }
  return (
    <main className="centered">
      <h1>Please join again</h1>
      <p className="muted">This browser's pass for the board is no longer valid.</p>
      <button type="button" className="primary" onClick={onRejoin}>
        Join again
      </button>
    </main>
  );
}

/** Tells you when your role changes, once the board has synced (a copy loaded from this browser may be stale). */
export function useRoleNotice(isFacilitator: boolean, synced: boolean): void {
  const showToast = useUi((ui) => ui.showToast);
  const previous = useRef<boolean | null>(null);
  useEffect(() => {
    if (!synced) return;
    if (previous.current !== null && previous.current !== isFacilitator) {
      showToast({ message: isFacilitator ? 'You are now a facilitator: the session controls are yours.' : 'You are no longer a facilitator.' });
    }
    previous.current = isFacilitator;
  }, [isFacilitator, synced, showToast]);
}
