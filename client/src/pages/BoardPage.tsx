import { useEffect, useState } from 'react';
import { api, ApiError, type BoardInfo } from '../api';
import { adoptFacilitatorKeyFromLocation, forgetIdentity, loadIdentity, rememberBoard, rememberedBoard, type Identity } from '../identity';
import { BoardView } from '../board/BoardView';
import { FormError } from './FormError';
import { JoinForm } from './JoinForm';
import { NotFound } from './NotFound';

type Loaded = { kind: 'loading' } | { kind: 'missing' } | { kind: 'failed'; message: string } | { kind: 'ready'; board: BoardInfo };

export function BoardPage({ boardId }: { boardId: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [identity, setIdentity] = useState<Identity | null>(() => loadIdentity(boardId));

  useEffect(() => {
    adoptFacilitatorKeyFromLocation(boardId);
    api.getBoard(boardId).then(
      (board) => {
        rememberBoard(board);
        setLoaded({ kind: 'ready', board });
      },
      (failure: unknown) => {
        if (failure instanceof ApiError && failure.status === 404) return setLoaded({ kind: 'missing' });
        // Unreachable server: a board this browser already holds opens offline from its copy.
        const known = rememberedBoard(boardId);
        setLoaded(known ? { kind: 'ready', board: known } : { kind: 'failed', message: String((failure as Error).message) });
      },
    );
  }, [boardId]);

  if (loaded.kind === 'loading') return <main className="centered muted">Loading the board…</main>;
  if (loaded.kind === 'missing') return <NotFound what="board" />;
  if (loaded.kind === 'failed') {
    return (
      <main className="centered">
        <FormError message={loaded.message} />
      </main>
    );
  }
  if (!identity) return <JoinForm boardId={boardId} title={loaded.board.title} {...(loaded.board.colorsInUse ? { colorsInUse: loaded.board.colorsInUse } : {})} onJoined={setIdentity} />;
  return (
    <BoardView
      board={loaded.board}
      identity={identity}
      onRejoin={() => {
        forgetIdentity(boardId);
        setIdentity(null);
      }}
    />
  );
}
