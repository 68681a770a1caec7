import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pathOf } from './http';
import { SECURITY_HEADERS } from './origins';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves the built client from `root`: files as they are (hashed assets cached for a year),
 * and index.html for any other GET that is not an API or sync path, so links like /b/:id
 * open the app. Paths never leave `root`.
 */
export function createStaticHandler(root: string) {
  const base = normalize(root + sep);
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let pathname: string;
    try {
      pathname = decodeURIComponent(pathOf(req.url));
    } catch {
      return false;
    }
    const candidate = normalize(join(base, pathname));
    const file = candidate.startsWith(base) && (await isFile(candidate)) ? candidate : join(base, 'index.html');
    if (!(await isFile(file))) return false;
    const immutable = file.startsWith(join(base, 'assets') + sep);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SECURITY_HEADERS,
    });
    if (req.method === 'HEAD') return (res.end(), true);
    createReadStream(file).pipe(res);
    return true;
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
