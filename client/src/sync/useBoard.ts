import {
  selectActions,
  selectLinks,
  selectNotes,
  selectWhys,
  type ActionSnapshot,
  type LinkIndex,
  type WhySnapshot,
  createLayoutSelector,
  readVotes,
  ROOT,
  selectTally,
  type ItemKey,
  type ItemTotal,
  type Vote,
  selectColumns,
  selectFacts,
  selectParticipants,
  selectSession,
  selectTimeline,
  type FactsSnapshot,
  type TimelineEvent,
  type CardSnapshot,
  type ColumnId,
  type ParticipantSnapshot,
  type SessionSnapshot,
  type BoardLayout,
} from '@hindsight/shared';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { BoardConnection, type ConnectionSnapshot } from './boardConnection';

function syncUrl(): string {
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/sync`;
}

/**
 * Connections shared by key. A component holds its connection from its effect; one nobody
 * holds is closed a moment later, so StrictMode's remount reuses it instead of reconnecting,
 * and one created by a render that never committed does not leak.
 */
const shared = new Map<string, { connection: BoardConnection; holders: number; timer: ReturnType<typeof setTimeout> | null }>();

function closeUnlessHeld(key: string): void {
  const entry = shared.get(key);
  if (!entry || entry.holders > 0) return;
  if (entry.timer) clearTimeout(entry.timer);
  entry.timer = setTimeout(() => {
    if (entry.holders > 0) return;
    entry.connection.destroy();
    shared.delete(key);
  }, 1000);
}

function obtain(boardId: string, token: string, participantId: string): { key: string; connection: BoardConnection } {
  const key = `${boardId}\n${token}`;
  let entry = shared.get(key);
  if (!entry) {
    entry = { connection: new BoardConnection({ serverUrl: syncUrl(), boardId, token, participantId }), holders: 0, timer: null };
    shared.set(key, entry);
    closeUnlessHeld(key);
  }
  return { key, connection: entry.connection };
}

/** The board's live connection, open for as long as a component holds it. */
export function useBoardConnection(boardId: string, token: string, participantId: string): BoardConnection {
  const { key, connection } = useMemo(() => obtain(boardId, token, participantId), [boardId, token, participantId]);
  useEffect(() => {
    const entry = shared.get(key);
    if (!entry) return;
    entry.holders++;
    if (entry.timer) clearTimeout(entry.timer);
    return () => {
      entry.holders--;
      closeUnlessHeld(key);
    };
  }, [key]);
  return connection;
}

/** The connection's document, state and refusal; the document is a fresh one after a refusal. */
export function useConnectionView(connection: BoardConnection): ConnectionSnapshot {
  return useSyncExternalStore(connection.subscribe, () => connection.snapshot);
}

/**
 * A selector's snapshot of the document, recomputed only when one of the root types it
 * reads changes: typing on a card does not recompute the session or the participants.
 */
export function useDocSelector<T>(doc: Y.Doc, select: (doc: Y.Doc) => T, roots: readonly string[]): T {
  const store = useMemo(() => ({ value: select(doc) }), [doc, select]);
  const key = roots.join(',');
  const subscribe = useCallback(
    (listener: () => void) => {
      const onChange = () => {
        store.value = select(doc);
        listener();
      };
      const types = key.split(',').map((name) => doc.getMap(name));
      for (const type of types) type.observeDeep(onChange);
      return () => {
        for (const type of types) type.unobserveDeep(onChange);
      };
    },
    [doc, select, store, key],
  );
  return useSyncExternalStore(subscribe, () => store.value);
}

const CARD_ROOTS = [ROOT.cards];
const LAYOUT_ROOTS = [ROOT.cards, ROOT.themes];
// Roles and removal live in the session map, so participants depend on it too.
const PARTICIPANT_ROOTS = [ROOT.participants, ROOT.session];
const SESSION_ROOTS = [ROOT.session];
const FACTS_ROOTS = [ROOT.facts];
const TIMELINE_ROOTS = [ROOT.timeline];
const VOTE_ROOTS = [ROOT.votes, ROOT.voteMarks];
const TALLY_ROOTS = [ROOT.tally];
const WHY_ROOTS = [ROOT.whys];
const NOTES_ROOTS = [ROOT.notes];
const LINK_ROOTS = [ROOT.links];
const ACTION_ROOTS = [ROOT.actions];


export function useColumns(doc: Y.Doc): Readonly<Record<ColumnId, readonly CardSnapshot[]>> {
  return useDocSelector(doc, selectColumns, CARD_ROOTS);
}

/**
 * Where every card shows: columns and themes (R45). The selector keeps the objects of what
 * did not change, so a remote move re-renders only the columns and themes it touched.
 */
export function useLayout(doc: Y.Doc): BoardLayout {
  // The selector remembers the last layout; it only ever reuses objects equal to fresh ones.
  const [select] = useState(createLayoutSelector);
  return useDocSelector(doc, select, LAYOUT_ROOTS);
}

export function useParticipants(doc: Y.Doc): readonly ParticipantSnapshot[] {
  return useDocSelector(doc, selectParticipants, PARTICIPANT_ROOTS);
}

export function useSession(doc: Y.Doc): SessionSnapshot {
  return useDocSelector(doc, selectSession, SESSION_ROOTS);
}

export function useFacts(doc: Y.Doc): FactsSnapshot {
  return useDocSelector(doc, selectFacts, FACTS_ROOTS);
}

export function useTimeline(doc: Y.Doc): readonly TimelineEvent[] {
  return useDocSelector(doc, selectTimeline, TIMELINE_ROOTS);
}

/** Your dots, from your private room, in the order they count (R48). */
export function useMyVotes(privateRoom: Y.Doc): readonly Vote[] {
  return useDocSelector(privateRoom, readVotes, VOTE_ROOTS);
}

/** The totals the server wrote into the board: empty until the reveal, unless shown live (R50). */
export function useTally(doc: Y.Doc): ReadonlyMap<ItemKey, ItemTotal> {
  return useDocSelector(doc, selectTally, TALLY_ROOTS);
}

/** Every theme's five whys, each chain in order. */
export function useWhys(doc: Y.Doc): ReadonlyMap<string, readonly WhySnapshot[]> {
  return useDocSelector(doc, selectWhys, WHY_ROOTS);
}

/** Every theme's discussion notes as plain text (R54). */
export function useNotes(doc: Y.Doc): ReadonlyMap<string, string> {
  return useDocSelector(doc, selectNotes, NOTES_ROOTS);
}

export function useLinks(doc: Y.Doc): LinkIndex {
  return useDocSelector(doc, selectLinks, LINK_ROOTS);
}

/** The actions in the one order (R57). */
export function useActions(doc: Y.Doc): readonly ActionSnapshot[] {
  return useDocSelector(doc, selectActions, ACTION_ROOTS);
}

function onlineIds(provider: WebsocketProvider): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const state of provider.awareness.getStates().values()) {
    const id = (state as { user?: { id?: unknown } }).user?.id;
    if (typeof id === 'string') ids.add(id);
  }
  return ids;
}

/** Participant ids with at least one open connection, from the provider's awareness. */
export function useOnline(provider: WebsocketProvider): ReadonlySet<string> {
  const store = useMemo(() => ({ value: onlineIds(provider) }), [provider]);
  const subscribe = useCallback(
    (listener: () => void) => {
      const onChange = () => {
        store.value = onlineIds(provider);
        listener();
      };
      provider.awareness.on('change', onChange);
      return () => provider.awareness.off('change', onChange);
    },
    [provider, store],
  );
  return useSyncExternalStore(subscribe, () => store.value);
}
