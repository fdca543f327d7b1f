/**
 * Credentials that are a token the provider hands out (Race Roster's 24 h JWT, Haku's Cognito token,
 * ChronoTrack's OAuth bearer). The token lives in the database, sealed, shared by every process of
 * the connection, so workers do not log in per call or per process. When it is missing, about to
 * expire, or refused with a 401, one caller renews it — the refresh token first, then a new grant —
 * while the others wait for its result: the store's claim is a conditional update of the token row,
 * so two workers that find it expired at once renew it once. Token calls are ordinary provider calls
 * (they go through the same fetch, so they spend the budget).
 */
import { SyncError } from '../../errors.js';
import type { Authorizer, AuthTarget } from './auth.js';

export interface ProviderToken {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date;
}

export interface StoredToken {
  /** Null while no token has been obtained. */
  token: ProviderToken | null;
  /** Bumped by every renewal: a 401 renews the version it was refused with, not a newer one. */
  version: number;
}

/** The connection's token row (src/sync/store/tokens.ts implements it on the database). */
export interface TokenStore {
  read(): Promise<StoredToken>;
  /** Takes the renewal of `version` for this process; false when another renewed it already or is renewing. */
  claimRenewal(version: number): Promise<boolean>;
  /** Stores a renewed token and ends the claim; returns the new version. */
  save(token: ProviderToken): Promise<StoredToken>;
  /** Ends the claim without a new token (the renewal failed). */
  abandonRenewal(): Promise<void>;
}

export interface TokenGrant {
  /** A new token from the long-lived credentials (password or client-credentials grant). */
  obtain(): Promise<ProviderToken>;
  /** A new token from a refresh token; refresh tokens may work only once. */
  refresh?(refreshToken: string): Promise<ProviderToken>;
}

/** A token closer to its expiry than this is renewed before it is used. */
const EXPIRY_MARGIN_MS = 60_000;
const WAIT_POLL_MS = 200;
/** How long a caller waits for another process's renewal before trying itself (its claim expires too). */
const WAIT_LIMIT_MS = 45_000;

export function tokenAuth(options: {
  store: TokenStore;
  grant: TokenGrant;
  /** Puts the token on the request: `Authorization: Bearer …` (Race Roster) or the raw token (Haku). */
  attach: (request: AuthTarget, accessToken: string) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): Authorizer {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let cached: StoredToken | null = null;

  const usable = (stored: StoredToken | null): stored is StoredToken & { token: ProviderToken } =>
    stored?.token != null && stored.token.expiresAt.getTime() - now() > EXPIRY_MARGIN_MS;

  async function renewFrom(version: number): Promise<StoredToken & { token: ProviderToken }> {
    for (const deadline = now() + WAIT_LIMIT_MS; ;) {
      if (await options.store.claimRenewal(version)) return (cached = await renewClaimed()) as StoredToken & { token: ProviderToken };
      const current = await options.store.read();
      if (current.version !== version && usable(current)) return (cached = current);
      if (now() > deadline) throw new SyncError('transient', 'another process is renewing the provider token and has not finished');
      await sleep(WAIT_POLL_MS);
    }
  }

  async function renewClaimed(): Promise<StoredToken> {
    try {
      const refreshToken = cached?.token?.refreshToken ?? (await options.store.read()).token?.refreshToken;
      return await options.store.save(await renewToken(refreshToken ?? null));
    } catch (error) {
      await options.store.abandonRenewal();
      throw error;
    }
  }

  /** The refresh token first (it may have been used already, or expired), then a new grant. */
  async function renewToken(refreshToken: string | null): Promise<ProviderToken> {
    if (refreshToken && options.grant.refresh) {
      try {
        return await options.grant.refresh(refreshToken);
      } catch (error) {
        if (!(error instanceof SyncError) || error.errorClass !== 'auth') throw error;
      }
    }
    return options.grant.obtain();
  }

  return {
    async apply(request) {
      const known = usable(cached) ? cached : await options.store.read();
      const stored = usable(known) ? known : await renewFrom(known.version);
      cached = stored;
      options.attach(request, stored.token.accessToken);
      return stored.version;
    },
    async renew(use) {
      await renewFrom(use as number);
      return true;
    },
  };
}

/** A token store held in memory, for a process of its own (adapter tests, a one-off call). */
export function memoryTokenStore(): TokenStore {
  let stored: StoredToken = { token: null, version: 0 };
  let claimed = false;
  return {
    read: async () => stored,
    async claimRenewal(version) {
      if (claimed || version !== stored.version) return false;
      return (claimed = true);
    },
    async save(token) {
      claimed = false;
      return (stored = { token, version: stored.version + 1 });
    },
    async abandonRenewal() {
      claimed = false;
    },
  };
}
