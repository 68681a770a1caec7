import { lazy, Suspense } from 'react';
import type { SessionCommand, SessionSnapshot } from '@hindsight/shared';
import type * as Y from 'yjs';
import { api } from '../api';
import { MenuButton } from '../board/MenuButton';
import { forgetIdentity } from '../identity';
import { navigate } from '../route';
import { useUi } from '../uiStore';
import { Dialog } from './Dialog';
import { SettingsDialog } from './SettingsDialog';

/** Loaded when a facilitator first opens it: most people never do. */
const HistoryDialog = lazy(() => import('../history/HistoryDialog'));

interface SessionMenuProps {
  readonly boardId: string;
  readonly title: string;
  readonly token: string;
  readonly session: SessionSnapshot;
  readonly run: (command: SessionCommand) => Promise<boolean>;
  /** The live board, for what a restore would change. */
  readonly doc: Y.Doc;
}

/** The facilitator's menu: settings, version history, ending or reopening the session, deleting the board. */
export function SessionMenu({ boardId, title, token, session, run, doc }: SessionMenuProps) {
  const dialog = useUi((state) => state.sessionDialog);
  const setDialog = useUi((state) => state.openSessionDialog);
  const showToast = useUi((state) => state.showToast);
  const deleteBoard = () => {
    api.deleteBoard(boardId, token).then(
      () => {
        forgetIdentity(boardId);
        navigate('/');
        showToast({ message: `“${title}” was deleted.` });
      },
      (failure: unknown) => showToast({ message: `The board could not be deleted: ${(failure as Error).message}` }),
    );
  };
  return (
    <>
      <MenuButton label="Session" menuLabel="Session">
        {(close) => {
          const choose = (action: () => void) => () => {
            close();
            action();
          };
          return (
            <>
              {!session.ended && (
                <button type="button" onClick={choose(() => setDialog('settings'))}>
                  Settings…
                </button>
              )}
              <button type="button" onClick={choose(() => setDialog('history'))}>
                Version history…
              </button>
              {session.ended ? (
                <button type="button" onClick={choose(() => void run({ type: 'reopenSession' }))}>
                  Reopen the session
                </button>
              ) : (
                <button type="button" onClick={choose(() => setDialog('end'))}>
                  End the session…
                </button>
              )}
              <button type="button" className="danger" onClick={choose(() => setDialog('delete'))}>
                Delete the board…
              </button>
            </>
          );
        }}
      </MenuButton>
      {dialog === 'settings' && <SettingsDialog session={session} run={run} onClose={() => setDialog(null)} />}
      {dialog === 'history' && (
        <Suspense fallback={null}>
          <HistoryDialog boardId={boardId} token={token} ended={session.ended} doc={doc} onClose={() => setDialog(null)} />
        </Suspense>
      )}
      {dialog === 'end' && (
        <Dialog title="End the session?" onClose={() => setDialog(null)}>
          <p>The board becomes read-only for everyone, and the timer stops. You can reopen the session later.</p>
          <div className="dialog-actions">
            <button type="button" data-autofocus onClick={() => setDialog(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => {
                setDialog(null);
                void run({ type: 'endSession' });
              }}
            >
              End the session
            </button>
          </div>
        </Dialog>
      )}
      {dialog === 'delete' && (
        <Dialog title={`Delete “${title}”?`} onClose={() => setDialog(null)}>
          <p>The board, its cards and its session are removed for everyone, for good. Anyone still on it is told it is gone.</p>
          <div className="dialog-actions">
            <button type="button" data-autofocus onClick={() => setDialog(null)}>
              Cancel
            </button>
            <button type="button" className="primary danger" onClick={deleteBoard}>
              Delete the board
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
