import { setBoardClock } from '@hindsight/shared';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { serverNow } from './session/serverClock';
import './styles.css';
import './wrapup.css';

// What the board records as made "now" is the server's now: the gate bounds it (R67).
setBoardClock(serverNow);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
