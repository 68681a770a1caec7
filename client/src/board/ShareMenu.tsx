import { useEffect, useState } from 'react';
import { api } from '../api';
import { useUi } from '../uiStore';
import { MenuButton } from './MenuButton';

function copy(link: string, what: string): void {
  const showToast = useUi.getState().showToast;
  navigator.clipboard.writeText(link).then(
    () => showToast({ message: `${what} copied.` }),
    () => showToast({ message: `Copy this ${what.toLowerCase()}: ${link}` }),
  );
}

/**
 * The facilitator link, asked of the server as the menu opens: the key changes whenever
 * someone loses the facilitator role, so a key kept in this browser may be stale.
 */
function FacilitatorLinkItem({ boardId, token, close }: { boardId: string; token: string; close: () => void }) {
  const [link, setLink] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    api.facilitatorLink(boardId, token).then(
      ({ url }) => setLink(`${window.location.origin}${url}`),
      (error: unknown) => setFailure((error as Error).message),
    );
  }, [boardId, token]);
  return (
    <button
      type="button"
      disabled={link === null}
      title={failure ?? undefined}
      onClick={() => {
        close();
        if (link) copy(link, 'Facilitator link');
      }}
    >
      {failure ? 'Facilitator link unavailable' : link ? 'Copy facilitator link' : 'Getting the facilitator link…'}
    </button>
  );
}

/** Links to hand out: the board link for participants and, for facilitators, the facilitator link (its key travels in the fragment only). */
export function ShareMenu({ boardId, token, isFacilitator }: { boardId: string; token: string; isFacilitator: boolean }) {
  const base = `${window.location.origin}/b/${boardId}`;
  return (
    <MenuButton label="Share" menuLabel="Share this board">
      {(close) => (
        <>
          <button type="button" onClick={() => (close(), copy(base, 'Participant link'))}>
            Copy participant link
          </button>
          {isFacilitator && <FacilitatorLinkItem boardId={boardId} token={token} close={close} />}
        </>
      )}
    </MenuButton>
  );
}
