import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { WebsocketProvider } from 'y-websocket';

type Awareness = WebsocketProvider['awareness'];
import type { RemoteDrag } from '../SortableCard';
import { DRAGGING_FIELD } from './BoardDnd';

function readDrags(awareness: Awareness): ReadonlyMap<string, RemoteDrag> {
  const drags = new Map<string, RemoteDrag>();
  for (const [client, state] of awareness.getStates()) {
    if (client === awareness.clientID) continue;
    const dragging = (state as Record<string, unknown>)[DRAGGING_FIELD] as { id?: unknown } | null | undefined;
    const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
    if (typeof dragging?.id === 'string' && typeof user?.name === 'string') {
      drags.set(dragging.id, { name: user.name, color: typeof user.color === 'string' ? user.color : '#868e96' });
    }
  }
  return drags;
}

function sameDrags(a: ReadonlyMap<string, RemoteDrag>, b: ReadonlyMap<string, RemoteDrag>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, drag] of a) {
    const other = b.get(id);
    if (!other || other.name !== drag.name || other.color !== drag.color) return false;
  }
  return true;
}

/** Who else is dragging what, by card or theme id; the same map object until that changes, so cursors moving re-render nothing. */
export function useRemoteDrags(awareness: Awareness): ReadonlyMap<string, RemoteDrag> {
  const store = useMemo(() => ({ value: readDrags(awareness) }), [awareness]);
  const subscribe = useCallback(
    (listener: () => void) => {
      const onChange = () => {
        const next = readDrags(awareness);
        if (sameDrags(next, store.value)) return;
        store.value = next;
        listener();
      };
      awareness.on('change', onChange);
      return () => awareness.off('change', onChange);
    },
    [awareness, store],
  );
  return useSyncExternalStore(subscribe, () => store.value);
}
