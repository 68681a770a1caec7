import { navigate } from '../route';

export function NotFound({ what }: { what: 'board' | 'page' }) {
  return (
    <main className="centered">
      <h1>{what === 'board' ? 'Board not found' : 'Page not found'}</h1>
      <p className="muted">
        {what === 'board'
          ? 'This link does not lead to a board. It may have been mistyped, or the board was deleted.'
          : 'There is nothing at this address.'}
      </p>
      <button type="button" className="primary" onClick={() => navigate('/')}>
        Start a new board
      </button>
    </main>
  );
}
