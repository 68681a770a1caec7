import { useSyncExternalStore } from 'react';

export type Route = { readonly page: 'home' } | { readonly page: 'board'; readonly boardId: string } | { readonly page: 'missing' };

function current(): Route {
  const path = window.location.pathname;
  if (path === '/' || path === '') return { page: 'home' };
  const board = /^\/b\/([A-Za-z0-9_-]{1,64})\/?$/.exec(path);
  return board?.[1] ? { page: 'board', boardId: board[1] } : { page: 'missing' };
}

let route = current();
const listeners = new Set<() => void>();
window.addEventListener('popstate', () => {
  route = current();
  for (const listener of listeners) listener();
});

export function navigate(path: string): void {
  history.pushState(null, '', path);
  route = current();
  for (const listener of listeners) listener();
}

export function useRoute(): Route {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => route,
  );
}
