import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { until } from './helpers';

/** Things to undo after a test, newest first. */
export type Cleanups = (() => Promise<void> | void)[];

/** A test file's list of things to undo, run newest first after each test. */
export function cleanupsAfterEach(): Cleanups {
  const cleanups: Cleanups = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return cleanups;
}

export function wsUrl(base: string): string {
  return `${base.replace('http', 'ws')}/sync`;
}

/** The stock provider, as the app will use it, synced before it is returned; `gc: false` keeps deleted content, as the server does. */
export async function connectClient(cleanups: Cleanups, base: string, boardId: string, token: string, options: { gc?: boolean; timeoutMs?: number } = {}) {
  const doc = new Y.Doc({ gc: options.gc ?? true });
  const provider = new WebsocketProvider(wsUrl(base), boardId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
  });
  cleanups.push(() => {
    provider.destroy();
    doc.destroy();
  });
  await until(() => provider.synced, options.timeoutMs ?? 5000, 'the provider to sync');
  return { doc, provider };
}

/** A raw protocol client, not the app's code: it sends exactly the bytes a test gives it. */
export async function rawClient(cleanups: Cleanups, base: string, path: string) {
  const socket = new WebSocket(`${wsUrl(base)}/${path}`);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  cleanups.push(() => socket.terminate());
  return { socket, closed };
}

/** A y-websocket sync message carrying `update`: messageSync (0), messageYjsUpdate (2), length, bytes. */
export function syncUpdate(update: Uint8Array): Uint8Array {
  const length: number[] = [];
  let n = update.length;
  do {
    length.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return new Uint8Array([0, 2, ...length, ...update]);
}
