import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { WebsocketProvider } from 'y-websocket';

export type Awareness = WebsocketProvider['awareness'];

/** Someone else doing something to a card or theme right now, from awareness: moving it, or editing it. */
export interface RemoteMark {
  readonly name: string;
  readonly color: string;
}

/** The id a presence field names: `{ id }` for a drag, the id itself for editing. */
function markedId(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const id = (value as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : null;
}

function readMarks(awareness: Awareness, field: string): ReadonlyMap<string, RemoteMark> {
  const marks = new Map<string, RemoteMark>();
  for (const [client, state] of awareness.getStates()) {
    if (client === awareness.clientID) continue;
    const id = markedId((state as Record<string, unknown>)[field]);
    const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
    if (id !== null && typeof user?.name === 'string') marks.set(id, { name: user.name, color: typeof user.color === 'string' ? user.color : '#868e96' });
  }
  return marks;
}

function sameMarks(a: ReadonlyMap<string, RemoteMark>, b: ReadonlyMap<string, RemoteMark>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, mark] of a) {
    const other = b.get(id);
    if (!other || other.name !== mark.name || other.color !== mark.color) return false;
  }
  return true;
}

/**
 * Who else is doing `field` to what, by card or theme id. The same map object until that
 * changes, so cursors moving re-render nothing.
 */
export function useRemoteMarks(awareness: Awareness, field: string): ReadonlyMap<string, RemoteMark> {
  const store = useMemo(() => ({ value: readMarks(awareness, field) }), [awareness, field]);
  const subscribe = useCallback(
    (listener: () => void) => {
      const onChange = () => {
        const next = readMarks(awareness, field);
        if (sameMarks(next, store.value)) return;
        store.value = next;
        listener();
      };
      awareness.on('change', onChange);
      return () => awareness.off('change', onChange);
    },
    [awareness, field, store],
  );
  return useSyncExternalStore(subscribe, () => store.value);
}
