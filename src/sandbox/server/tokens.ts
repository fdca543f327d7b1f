/**
 * Access and refresh tokens for the providers that issue them (Race Roster, Haku, ChronoTrack's
 * OAuth mode): issued on the world's clock, expiring after the skin's lifetime, and each refresh
 * token good for exactly one refresh (the old access token stays valid until it expires). Tokens
 * are JWT-shaped and deterministic: the n-th token of a sandbox is the same bytes every run.
 */
import type { SandboxClock } from '../world/clock.js';
import { createRandom, hashSeed } from '../world/random.js';

export interface IssuedToken {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface TokenClaims {
  owner: string;
  serial: number;
  issuedAt: number;
  expiresAt: number;
}

interface TokenRecord {
  owner: string;
  expiresAt: number;
}

export type TokenCheck = { owner: string; expired: boolean } | undefined;

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** header.payload.signature, like a JWT (the signature is a seeded hash, not a real one). */
export function jwtOf(seed: number, payload: Record<string, unknown>): string {
  const signature = createRandom(hashSeed(seed, 'jwt', JSON.stringify(payload))).hex(43);
  return `${base64url({ typ: 'JWT', alg: 'RS256' })}.${base64url(payload)}.${signature}`;
}

export class TokenStore {
  private readonly access = new Map<string, TokenRecord>();
  private readonly refresh = new Map<string, string>();
  private serial = 0;

  constructor(
    private readonly clock: SandboxClock,
    private readonly lifetimeSeconds: number,
    private readonly mint: (claims: TokenClaims) => string,
    private readonly seed: number,
  ) {}

  issue(owner: string): IssuedToken {
    this.serial += 1;
    const issuedAt = Math.floor(this.clock.seconds());
    const expiresAt = issuedAt + this.lifetimeSeconds;
    const accessToken = this.mint({ owner, serial: this.serial, issuedAt, expiresAt });
    const refreshToken = createRandom(hashSeed(this.seed, 'refresh', owner, this.serial)).hex(80);
    this.access.set(accessToken, { owner, expiresAt });
    this.refresh.set(refreshToken, owner);
    return { accessToken, refreshToken, expiresIn: this.lifetimeSeconds };
  }

  check(accessToken: string): TokenCheck {
    const record = this.access.get(accessToken);
    if (!record) return undefined;
    return { owner: record.owner, expired: this.clock.seconds() >= record.expiresAt };
  }

  /** A new token pair for a refresh token's owner; the refresh token is spent. Undefined when unknown or spent. */
  useRefreshToken(refreshToken: string, owner: string): IssuedToken | undefined {
    if (this.refresh.get(refreshToken) !== owner) return undefined;
    this.refresh.delete(refreshToken);
    return this.issue(owner);
  }

  /** The expired_token fault: this token is expired from now on. */
  expire(accessToken: string): void {
    const record = this.access.get(accessToken);
    if (record) record.expiresAt = Math.min(record.expiresAt, Math.floor(this.clock.seconds()));
  }
}
