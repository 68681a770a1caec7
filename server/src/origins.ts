import type { IncomingMessage } from 'node:http';

/**
 * Whether a request may come from the page that sent it. Browsers always send Origin on
 * websocket upgrades and on cross-site writes; a request from the app's own origin (the
 * Host it was sent to) or from one listed in ALLOWED_ORIGINS passes. Requests without an
 * Origin come from programs, not pages, and carry their own token.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Headers for every file the server serves: no inline script may run, no other site may frame the app (R63). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    // React and dnd-kit set element styles; no style sheet comes from anywhere else.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
