import { selectLastRestore, selectParticipant, sessionMap } from '@hindsight/shared';
import { useEffect } from 'react';
import type * as Y from 'yjs';
import { useUi } from '../uiStore';
import { versionTime } from './versionLabels';

/**
 * Tells everyone but the restorer when a facilitator restores a version (R68): the board
 * changes under them, and they should know why. Restores from before this page loaded are not news.
 */
export function useRestoreNotice(doc: Y.Doc, myId: string): void {
  const showToast = useUi((state) => state.showToast);
  useEffect(() => {
    let seen = selectLastRestore(doc)?.at ?? 0;
    const session = sessionMap(doc);
    const onChange = () => {
      const note = selectLastRestore(doc);
      if (!note || note.at === seen) return;
      seen = note.at;
      if (note.by === myId) return;
      const who = selectParticipant(doc, note.by)?.name ?? 'A facilitator';
      showToast({ message: `${who} restored the board to how it was at ${versionTime(note.versionTakenAt)}.` });
    };
    session.observe(onChange);
    return () => session.unobserve(onChange);
  }, [doc, myId, showToast]);
}
