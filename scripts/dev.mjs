// pnpm dev: the server on PORT (default 8080, API and sync only) and Vite's dev server,
// which proxies /api and /sync to it. Ctrl-C stops both.
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '8080';
const children = [
  spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: port, CLIENT_DIR: '' },
  }),
  spawn('pnpm', ['--filter', '@hindsight/client', 'exec', 'vite'], {
    stdio: 'inherit',
    env: { ...process.env, HINDSIGHT_SERVER_PORT: port },
  }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code) => {
  stop();
  process.exitCode = code ?? 0;
});
