import { CLOSE } from '@hindsight/shared';
import type { ConnectionState } from '../sync/boardConnection';

function waitingText(waiting: number): string {
  return waiting === 0 ? '' : waiting === 1 ? ', 1 card not sent yet' : `, ${waiting} cards not sent yet`;
}

function describe(state: ConnectionState, waiting: number): { text: string; tone: 'ok' | 'busy' | 'bad' } {
  switch (state.kind) {
    case 'connected':
      return state.synced ? { text: 'Changes saved', tone: 'ok' } : { text: 'Syncing…', tone: 'busy' };
    case 'connecting':
      return { text: 'Connecting…', tone: 'busy' };
    case 'reconnecting':
      return { text: `Reconnecting…${waitingText(waiting)}`, tone: 'bad' };
    case 'offline':
      return { text: `Offline${waitingText(waiting)}`, tone: 'bad' };
    case 'closed':
      // This browser's copy stays on screen: it may be the freshest one left.
      if (state.code === CLOSE.boardDamaged.code) return { text: "Not connected: the server's copy of this board is damaged", tone: 'bad' };
      return { text: 'Disconnected', tone: 'bad' };
    default:
      return { text: 'Disconnected', tone: 'bad' };
  }
}

const STORAGE_TROUBLE = "Not saved: the server's storage is full, read-only or not answering. Your edits are kept here and sent when it recovers.";

/** The connection's state in words, announced politely to screen readers. Offline changes are kept and sent on return. */
export function StatusLine({ state, waiting, storageTrouble = false }: { state: ConnectionState; waiting: number; storageTrouble?: boolean }) {
  const { text, tone } = storageTrouble && (state.kind === 'connected' || state.kind === 'reconnecting') ? { text: STORAGE_TROUBLE, tone: 'bad' as const } : describe(state, waiting);
  return (
    <p className={`status status-${tone}`} role="status" aria-live="polite">
      <span className="status-dot" aria-hidden="true" />
      {text}
    </p>
  );
}
