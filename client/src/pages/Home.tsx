import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { FormError } from './FormError';
import { saveFacilitatorKey } from '../identity';
import { navigate } from '../route';

/** Landing page: start a post-mortem board. The creator's browser keeps the facilitator key. */
export function Home() {
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const board = await api.createBoard(title);
      saveFacilitatorKey(board.id, board.facilitatorKey);
      navigate(`/b/${board.id}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  }

  async function importFile(file: File) {
    setBusy(true);
    setImportError(null);
    try {
      let body: unknown;
      try {
        body = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not a JSON file. Choose a board exported from Hindsight as JSON.`);
      }
      const board = await api.importBoard(body);
      saveFacilitatorKey(board.id, board.facilitatorKey);
      navigate(`/b/${board.id}`);
    } catch (failure) {
      setImportError(`${file.name}: ${failure instanceof Error ? failure.message : String(failure)}`);
      setBusy(false);
    }
  }

  return (
    <main className="centered">
      <h1 className="brand">Hindsight</h1>
      <p className="muted">A live board for blameless incident post-mortems.</p>
      <form className="card-form" onSubmit={(event) => void create(event)}>
        <label htmlFor="board-title">What incident is this post-mortem about?</label>
        <input
          id="board-title"
          value={title}
          maxLength={200}
          placeholder="Checkout outage, 9 February"
          onChange={(event) => setTitle(event.target.value)}
          autoFocus
          required
        />
        <FormError message={error} />
        <button type="submit" className="primary" disabled={busy || title.trim() === ''}>
          {busy ? 'Creating…' : 'Create board'}
        </button>
      </form>
      <p className="import-board">
        <label htmlFor="import-board">Or continue from a board exported as JSON:</label>{' '}
        <input
          id="import-board"
          type="file"
          accept="application/json,.json"
          disabled={busy}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </p>
      <FormError message={importError} />
    </main>
  );
}
