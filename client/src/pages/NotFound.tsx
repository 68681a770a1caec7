import { navigate } from '../route';

export function NotFound({ what, deleted = false }: { what: 'board' | 'page'; deleted?: boolean }) {
  return (
    <main className="centered">
      <h1>{deleted ? 'This board was deleted' : what === 'board' ? 'Board not found' : 'Page not found'}</h1>
      <p className="muted">
        {deleted
          ? 'A facilitator deleted the board, so it is gone for everyone, this browser included.'
          : what === 'board'
            ? 'This link does not lead to a board. It may have been mistyped, or the board was deleted.'
            : 'There is nothing at this address.'}
      </p>
      <button type="button" className="primary" onClick={() => navigate('/')}>
        Start a new board
      </button>
    </main>
  );
}
