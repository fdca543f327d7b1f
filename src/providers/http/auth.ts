/**
 * How a request carries its credentials, as data each adapter declares: query parameters (RunSignUp,
 * ChronoTrack's simple mode), fixed headers (Copernico's x-api-key, HTTP Basic), or a token obtained
 * from the provider and renewed when it expires (token-auth.ts). Strategies combine (ChronoTrack's
 * bearer token comes with its client_id as a query parameter).
 */
export interface AuthTarget {
  url: URL;
  headers: Headers;
}

/** Which credentials a request used, so a 401 can renew exactly those (e.g. the token's version). */
export type AuthUse = unknown;

export interface Authorizer {
  apply(request: AuthTarget): Promise<AuthUse>;
  /** After a 401 with the credentials of `use`: renews them and says whether a retry may succeed. */
  renew?(use: AuthUse): Promise<boolean>;
}

export const noAuth: Authorizer = { apply: async () => null };

export function queryAuth(params: Record<string, string | undefined>): Authorizer {
  return {
    async apply({ url }) {
      for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
      return null;
    },
  };
}

export function headerAuth(headers: Record<string, string | undefined>): Authorizer {
  return {
    async apply(request) {
      for (const [key, value] of Object.entries(headers)) if (value !== undefined) request.headers.set(key, value);
      return null;
    },
  };
}

export const basicAuthHeader = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Applies every strategy in turn; a 401 is renewed by whichever of them can renew. */
export function combineAuth(...parts: Authorizer[]): Authorizer {
  return {
    async apply(request) {
      const uses: AuthUse[] = [];
      for (const part of parts) uses.push(await part.apply(request));
      return uses;
    },
    async renew(use) {
      let renewed = false;
      for (const [i, part] of parts.entries()) if (part.renew) renewed = (await part.renew((use as AuthUse[])[i])) || renewed;
      return renewed;
    },
  };
}
