import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a token proves: this participant joined this board. Roles are looked up, never carried. */
export interface TokenClaims {
  readonly boardId: string;
  readonly participantId: string;
}

/** Unguessable ids and keys: 16 random bytes (128 bits), base64url. */
export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

/** Facilitator keys are stored only as this hash. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** The signing secret: given, or created once under the data directory and kept there. */
export function loadSecret(dataDir: string, given: string | undefined): string {
  if (given) return given;
  const path = join(dataDir, 'secret');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomId(32);
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}

export class TokenSigner {
  constructor(private readonly secret: string) {}

  /**
   * A board's facilitator key, derived from the secret and the key's version: the server can
   * show the current key to facilitators without keeping it anywhere, and replaces it by
   * counting the version up. Storage keeps only its hash.
   */
  facilitatorKey(boardId: string, version: number): string {
    return createHmac('sha256', this.secret).update(`facilitator-key\n${boardId}\n${version}`).digest('base64url').slice(0, 32);
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(payload).digest();
  }

  sign(claims: TokenClaims): string {
    const payload = Buffer.from(JSON.stringify({ b: claims.boardId, p: claims.participantId })).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  /** The claims of a token this server signed, or null for anything else. */
  verify(token: string): TokenClaims | null {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = this.mac(payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null) return null;
      const { b, p } = parsed as Record<string, unknown>;
      return typeof b === 'string' && typeof p === 'string' ? { boardId: b, participantId: p } : null;
    } catch {
      return null;
    }
  }
}
