import type { ConnectionState } from '../sync/boardConnection';

function describe(state: ConnectionState): { text: string; tone: 'ok' | 'busy' | 'bad' } {
  switch (state.kind) {
    case 'connected':
      return state.synced ? { text: 'Changes saved', tone: 'ok' } : { text: 'Syncing…', tone: 'busy' };
    case 'connecting':
      return { text: 'Connecting…', tone: 'busy' };
    case 'reconnecting':
      return { text: 'Offline, reconnecting…', tone: 'bad' };
    default:
      return { text: 'Disconnected', tone: 'bad' };
  }
}

/** The connection's state in words, announced politely to screen readers. */
export function StatusLine({ state }: { state: ConnectionState }) {
  const { text, tone } = describe(state);
  return (
    <p className={`status status-${tone}`} role="status" aria-live="polite">
      <span className="status-dot" aria-hidden="true" />
      {text}
    </p>
  );
}
