import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `pnpm dev` runs the server on 8080 and this dev server, which proxies the API and sync to it. */
const server = `http://localhost:${process.env.HINDSIGHT_SERVER_PORT ?? '8080'}`;

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': server,
      '/sync': { target: server.replace('http', 'ws'), ws: true },
    },
  },
});
