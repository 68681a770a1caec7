import { BoardPage } from './pages/BoardPage';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';
import { useRoute } from './route';

export function App() {
  const route = useRoute();
  if (route.page === 'home') return <Home />;
  if (route.page === 'board') return <BoardPage key={route.boardId} boardId={route.boardId} />;
  return <NotFound what="page" />;
}
