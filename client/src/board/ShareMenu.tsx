import { loadFacilitatorKey } from '../identity';
import { useUi } from '../uiStore';
import { MenuButton } from './MenuButton';

/**
 * Links to hand out: the plain board link for participants and, for a facilitator whose
 * browser holds the key, the facilitator link (the key travels in the fragment only).
 */
export function ShareMenu({ boardId, isFacilitator }: { boardId: string; isFacilitator: boolean }) {
  const showToast = useUi((state) => state.showToast);
  const base = `${window.location.origin}/b/${boardId}`;
  const key = isFacilitator ? loadFacilitatorKey(boardId) : null;
  const copy = (link: string, what: string) => {
    navigator.clipboard.writeText(link).then(
      () => showToast({ message: `${what} copied.` }),
      () => showToast({ message: `Copy this ${what.toLowerCase()}: ${link}` }),
    );
  };
  return (
    <MenuButton label="Share" menuLabel="Share this board">
      {(close) => (
        <>
          <button type="button" onClick={() => (close(), copy(base, 'Participant link'))}>
            Copy participant link
          </button>
          {key && (
            <button type="button" onClick={() => (close(), copy(`${base}#fk=${encodeURIComponent(key)}`, 'Facilitator link'))}>
              Copy facilitator link
            </button>
          )}
        </>
      )}
    </MenuButton>
  );
}
