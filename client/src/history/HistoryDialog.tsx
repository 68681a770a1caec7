import { phaseOf, versionCounts as countsOf, type VersionInfo } from '@hindsight/shared';
import type * as Y from 'yjs';
import { useEffect, useState } from 'react';
import { api } from '../api';
import { FormError } from '../pages/FormError';
import { Dialog } from '../session/Dialog';
import { useUi } from '../uiStore';
import { countsChange, versionCounts, versionReason, versionTime } from './versionLabels';
import { VersionPreview } from './VersionPreview';

interface HistoryDialogProps {
  readonly boardId: string;
  readonly token: string;
  /** An ended session is read-only: versions can be browsed, not restored (R28). */
  readonly ended: boolean;
  /** The live board, to say what a restore would change. */
  readonly doc: Y.Doc;
  readonly onClose: () => void;
}

type Preview = { readonly id: number; readonly state: Uint8Array } | { readonly id: number; readonly error: string };

/** The facilitator's version history (R68): browse, preview read-only, restore, undo the restore. */
export function HistoryDialog({ boardId, token, ended, doc, onClose }: HistoryDialogProps) {
  const [versions, setVersions] = useState<readonly VersionInfo[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const showToast = useUi((state) => state.showToast);

  useEffect(() => {
    api.versions(boardId, token).then(
      ({ versions: list }) => {
        setVersions(list);
        setSelected((current) => current ?? list[0]?.id ?? null);
      },
      (failure: unknown) => setListError(`The history could not be read: ${(failure as Error).message}`),
    );
  }, [boardId, token]);

  useEffect(() => {
    if (selected === null) return;
    let current = true;
    api.versionState(boardId, selected, token).then(
      (state) => current && setPreview({ id: selected, state }),
      (failure: unknown) => current && setPreview({ id: selected, error: (failure as Error).message }),
    );
    return () => {
      current = false;
    };
  }, [boardId, token, selected]);

  const version = versions?.find((entry) => entry.id === selected) ?? null;
  const shown = preview && preview.id === selected ? preview : null;

  const restore = (target: VersionInfo, then: (undo: VersionInfo) => void) => {
    setRestoring(true);
    setRestoreError(null);
    api.restoreVersion(boardId, token, target.id).then(
      ({ undo }) => then(undo),
      (failure: unknown) => {
        setRestoring(false);
        setRestoreError(`The board was not restored: ${(failure as Error).message}`);
      },
    );
  };

  const confirmRestore = () => {
    if (!version) return;
    const time = versionTime(version.takenAt);
    restore(version, (undo) => {
      onClose();
      showToast({
        // Long enough to change one's mind; the list keeps the way back in any case.
        durationMs: 30_000,
        message: `The board is back to how it was at ${time}.`,
        action: {
          label: 'Undo',
          run: () =>
            void api.restoreVersion(boardId, token, undo.id).then(
              () => showToast({ message: 'The restore was undone.' }),
              (failure: unknown) => showToast({ message: `The restore could not be undone: ${(failure as Error).message}` }),
            ),
        },
      });
    });
  };

  return (
    <Dialog title="Version history" onClose={() => (confirming ? setConfirming(false) : onClose())} className="history-dialog">
      <p className="history-intro">
        The board is kept every 5 minutes while people write, before each phase change and before each restore. Restoring brings back the facts, cards, themes,
        analysis and actions; people, roles, the phase and votes stay as they are.
      </p>
      <FormError message={listError} />
      <div className={`history-body ${versions?.length === 0 ? 'empty' : ''}`}>
        <ol className="history-list" aria-label="Versions">
          {versions === null && !listError && <li className="history-note">Loading…</li>}
          {versions?.length === 0 && <li className="history-note">No versions yet: the first is kept after 5 minutes of writing or at the next phase change.</li>}
          {versions?.map((entry) => (
            <li key={entry.id}>
              <button
                type="button"
                aria-pressed={entry.id === selected}
                onClick={() => {
                  setSelected(entry.id);
                  setConfirming(false);
                  setRestoreError(null);
                }}
              >
                <span className="history-time">{versionTime(entry.takenAt)}</span>
                <span className="history-reason">{versionReason(entry, versions)}</span>
                <span className="history-counts">
                  {entry.phase === 'prepare' ? phaseOf(entry.phase).label : `In ${phaseOf(entry.phase).label}`} · {versionCounts(entry)}
                </span>
              </button>
            </li>
          ))}
        </ol>
        <div className="history-preview">
          {version && !shown && <p className="history-note">Loading the board as it was at {versionTime(version.takenAt)}…</p>}
          {shown && 'error' in shown && <FormError message={`This version cannot be shown: ${shown.error}`} />}
          {shown && 'state' in shown && <VersionPreview state={shown.state} />}
        </div>
      </div>
      <FormError message={restoreError} />
      {confirming && version ? (
        <div className="dialog-actions history-confirm">
          <p>
            Restore the board to {versionTime(version.takenAt)}? {countsChange(countsOf(doc), version.counts)} Everyone sees it at once; the board as it is now is kept first, so you can undo.
          </p>
          <button type="button" data-autofocus autoFocus onClick={() => setConfirming(false)}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={restoring} onClick={confirmRestore}>
            {restoring ? 'Restoring…' : 'Restore'}
          </button>
        </div>
      ) : (
        <div className="dialog-actions">
          {ended && <span className="history-note">Reopen the session to restore a version.</span>}
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="button" className="primary" disabled={!version || ended || !shown || !('state' in shown)} onClick={() => setConfirming(true)}>
            Restore this version…
          </button>
        </div>
      )}
    </Dialog>
  );
}

export default HistoryDialog;
