/**
 * API tokens: `p88_` and 32 random bytes (base64url). What is stored is the SHA-256 of the token —
 * enough for a secret of that entropy, and cheap to check on every request.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { SyncError } from '../errors.js';
import { getPartner } from '../tenants/partners.js';
import { findLiveToken, insertToken, touchToken, type ApiToken, type TokenScope } from './store.js';

const PREFIX = 'p88_';
/** `last_used_at` is written at most this often per token, so reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface CreatedToken {
  token: ApiToken;
  /** The secret itself: shown once, never stored. */
  secret: string;
}

export async function createToken(
  db: Queryable,
  input: { partnerId: number | null; scope: TokenScope; name?: string | null },
): Promise<CreatedToken> {
  if ((input.scope === 'admin') !== (input.partnerId === null)) {
    throw new SyncError('config', 'an admin token has no partner, and a partner token is read or trigger');
  }
  if (input.partnerId !== null && !(await getPartner(db, input.partnerId))) {
    throw new SyncError('config', `No timing partner with id ${input.partnerId}; see \`p88 partner list\``);
  }
  const secret = PREFIX + randomBytes(32).toString('base64url');
  const token = await insertToken(db, {
    partnerId: input.partnerId, scope: input.scope, name: input.name ?? null, hash: hashToken(secret), prefix: secret.slice(0, PREFIX.length + 6),
  });
  return { token, secret };
}

/** Checks presented tokens against the database on every request, so a revocation holds at once. */
export class TokenVerifier {
  private readonly touched = new Map<number, number>();

  constructor(private readonly db: Queryable, private readonly clock: () => number = Date.now) {}

  async verify(secret: string): Promise<ApiToken | undefined> {
    if (!secret.startsWith(PREFIX) || secret.length > 100) return undefined;
    const token = await findLiveToken(this.db, hashToken(secret));
    if (token) this.noteUse(token.id);
    return token;
  }

  private noteUse(id: number): void {
    const now = this.clock();
    if (now - (this.touched.get(id) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.touched.set(id, now);
    void touchToken(this.db, id).catch(() => undefined);
  }
}
