import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const SYNC_STEP_1 = 0;

type SyncHandler = WebsocketProvider['messageHandlers'][number];

/**
 * Holds this browser's edits off the wire after each (re)connect until it has answered the
 * server's state vector. The stock provider sends an edit as soon as the socket opens; an
 * edit made then can build on offline changes the server has not received yet, and the
 * gate refuses an update whose dependencies it lacks (R11). The answer to the server's
 * step 1 carries everything the server lacks, held edits included, and every edit after it
 * arrives behind it on the same socket.
 */
export function holdEditsUntilAnswered(provider: WebsocketProvider, doc: Y.Doc): void {
  let answered = false;
  const send = provider._updateHandler;
  const hold = (update: Uint8Array, origin: unknown): void => {
    if (answered) send(update, origin);
  };
  doc.off('update', send);
  doc.on('update', hold);
  const original = provider.messageHandlers[MESSAGE_SYNC] as SyncHandler;
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, ...rest) => {
    const isStep1 = decoding.peekVarUint(decoder) === SYNC_STEP_1;
    original(encoder, decoder, ...rest);
    // The provider sends the answer as soon as this handler returns, before any edit can run.
    if (isStep1) answered = true;
  };
  // Every new socket goes through 'connecting' (and a lost one through 'disconnected'); 'connected' fires on open, before the server's step 1.
  provider.on('status', ({ status }: { status: string }) => {
    if (status !== 'connected') answered = false;
  });
  const destroy = provider.destroy.bind(provider);
  provider.destroy = () => {
    doc.off('update', hold);
    destroy();
  };
}
