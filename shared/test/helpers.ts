import * as Y from 'yjs';
import {
  addCard,
  checkEncodedUpdate,
  type ColumnId,
  initBoard,
  putParticipant,
  type Actor,
  type Verdict,
} from '../src/index';

export const FACILITATOR: Actor = { participantId: 'p-facilitator', role: 'facilitator' };
export const ALICE: Actor = { participantId: 'p-alice', role: 'participant' };
export const BOB: Actor = { participantId: 'p-bob', role: 'participant' };

declare const __PROPERTY_RUNS__: number;

/** fast-check runs per property: 200 in CI (the issue asks for at least 200), more on demand. */
export const PROPERTY_RUNS = Math.max(200, __PROPERTY_RUNS__);

/**
 * The server's copy of a board, as the server would create it. The server keeps deleted
 * content (gc off), so a deleted card can be checked when someone restores it.
 */
export function serverBoard(actors: readonly Actor[] = [FACILITATOR, ALICE, BOB], options: { gc?: boolean } = {}): Y.Doc {
  const doc = new Y.Doc({ gc: options.gc ?? false });
  initBoard(doc, { title: 'Checkout outage', createdAt: 1_700_000_000_000 });
  actors.forEach((actor, i) =>
    putParticipant(doc, {
      id: actor.participantId,
      name: actor.participantId.replace('p-', ''),
      color: '#336699',
      role: actor.role,
      joinedAt: 1_700_000_000_000 + i,
    }),
  );
  return doc;
}

/** A client replica that has synced with `source`. */
export function replicaOf(source: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return doc;
}

/** Runs `change` on `doc` and returns the update it produced (merged if several). */
export function updateOf(doc: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array): void => {
    updates.push(update);
  };
  doc.on('update', record);
  try {
    change();
  } finally {
    doc.off('update', record);
  }
  return Y.mergeUpdates(updates);
}

/** What the server does with an incoming update: judge it, and apply it only if allowed. */
export function receive(server: Y.Doc, update: Uint8Array, writer: Actor): Verdict {
  const verdict = checkEncodedUpdate(server, update, writer);
  if (verdict.ok) Y.applyUpdate(server, update);
  return verdict;
}

/** The document's whole state as a comparable string: equal strings, equal stores. */
export function stateOf(doc: Y.Doc): string {
  return Y.encodeStateAsUpdate(doc).join(',');
}

/** The update a fresh replica of `server` produces for `change`: one attempt, one client. */
export function attempt(server: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const doc = replicaOf(server);
  return updateOf(doc, () => change(doc));
}

/** Writes a card map directly, as a hostile client could, bypassing the model's commands. */
export function writeRawCard(doc: Y.Doc, cardId: string, fields: Record<string, unknown>, root = 'cards'): void {
  const card = new Y.Map<unknown>();
  doc.getMap<Y.Map<unknown>>(root).set(cardId, card);
  for (const [key, value] of Object.entries(fields)) card.set(key, value);
}

/** Adds a card through the model's command, for tests that need cards to group; answers its id. */
export function testCard(doc: Y.Doc, actor: Actor, text: string, column: ColumnId = 'lessons-learned'): string {
  const added = addCard(doc, actor, { column, text });
  if (!added.ok) throw new Error(added.error.message);
  return added.value.cardId;
}

/** A whole action's fields, as only the server may write them (R57): for forgeries. */
export function wholeAction(id: string, ref: string, authorId: string): Record<string, unknown> {
  return {
    id,
    ref,
    title: new Y.Text('forged'),
    description: new Y.Text(),
    owner: '',
    due: '',
    priority: 'high',
    status: 'open',
    order: 'a0',
    authorId,
    createdAt: 1,
  };
}

export function wholeTheme(themeId: string, authorId: string): Record<string, unknown> {
  return { id: themeId, title: new Y.Text('Theme'), order: 'a0', authorId, createdAt: 1_700_000_000_000, collapsed: false };
}

export function wholeCard(cardId: string, authorId: string): Record<string, unknown> {
  return {
    id: cardId,
    column: 'went-well',
    text: new Y.Text('raw'),
    authorId,
    createdAt: 1_700_000_000_000,
    order: 'a0',
  };
}
