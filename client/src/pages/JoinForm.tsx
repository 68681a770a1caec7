import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { colorName, PARTICIPANT_COLORS } from '../colors';
import { FormError } from './FormError';
import { forgetFacilitatorKey, loadFacilitatorKey, saveIdentity, type Identity } from '../identity';

export function pickFreeColor(inUse: readonly string[], random: () => number = Math.random): string {
  const free = PARTICIPANT_COLORS.filter((color) => !inUse.includes(color));
  const pool = free.length > 0 ? free : PARTICIPANT_COLORS;
  return pool[Math.floor(random() * pool.length)] ?? PARTICIPANT_COLORS[0];
}

/** Asks for a display name and a color; the server writes the participant record. */
export function JoinForm({ boardId, title, colorsInUse = [], onJoined }: { boardId: string; title: string; colorsInUse?: readonly string[]; onJoined: (identity: Identity) => void }) {
  const [name, setName] = useState('');
  // A color nobody on the board wears yet, while one is left: cursors, author dots and highlights read better when people differ.
  const [color, setColor] = useState<string>(() => pickFreeColor(colorsInUse));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [facilitatorKey, setFacilitatorKey] = useState(() => loadFacilitatorKey(boardId));

  async function join(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const joined = await api.join(boardId, { name, color, ...(facilitatorKey ? { facilitatorKey } : {}) });
      const identity = { participantId: joined.participantId, token: joined.token, name: name.trim(), color };
      saveIdentity(boardId, identity);
      onJoined(identity);
    } catch (failure) {
      setBusy(false);
      if (failure instanceof ApiError && failure.status === 403 && facilitatorKey) {
        // The key changes whenever someone loses the facilitator role; this link is from before.
        forgetFacilitatorKey(boardId);
        setFacilitatorKey(null);
        return setError('This facilitator link is out of date: the facilitator role has changed hands since. Join as a participant; a facilitator can make you a co-facilitator.');
      }
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return (
    <main className="centered">
      <p className="muted">You are joining</p>
      <h1>{title}</h1>
      <form className="card-form" onSubmit={(event) => void join(event)}>
        <label htmlFor="display-name">Your name, as others will see it</label>
        <input id="display-name" value={name} maxLength={60} onChange={(event) => setName(event.target.value)} autoFocus required />
        <fieldset className="swatches">
          <legend>Your color</legend>
          {PARTICIPANT_COLORS.map((swatch) => (
            <label key={swatch} className="swatch" style={{ background: swatch }}>
              <input type="radio" name="color" value={swatch} checked={color === swatch} onChange={() => setColor(swatch)} aria-label={`Color ${colorName(swatch)}`} />
            </label>
          ))}
        </fieldset>
        {facilitatorKey && <p className="muted">You will join as a facilitator.</p>}
        <FormError message={error} />
        <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
          {busy ? 'Joining…' : 'Join the board'}
        </button>
      </form>
    </main>
  );
}
