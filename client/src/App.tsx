import { Toast } from './board/Toast';
import { BoardPage } from './pages/BoardPage';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';
import { useRoute } from './route';

function Page() {
  const route = useRoute();
  if (route.page === 'home') return <Home />;
  if (route.page === 'board') return <BoardPage key={route.boardId} boardId={route.boardId} />;
  return <NotFound what="page" />;
}

/** The page for the address, and the one toast, which outlives a page change ("Board deleted"). */
export function App() {
  return (
    <>
      <Page />
      <Toast />
    </>
  );
}
