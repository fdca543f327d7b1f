/**
 * Race Roster authentication (providers.md §3.2): POST /api/oauth/authorize with a form body,
 * `grant_type=access_token` + client_id, client_secret, username, password (the unusual
 * password-style grant two working clients use), or `grant_type=refresh_token` + the refresh token,
 * which works once. The answer is {token_type, expires_in, access_token, refresh_token}, wrapped as
 * the tokenEnvelope switch says; errors are Passport's. API calls carry `Authorization: Bearer`; a
 * missing, unknown or expired token is a 401.
 */
import { HttpError } from '../../server/http-error.js';
import { jsonReply, type Reply } from '../../server/reply.js';
import { formOf, type SkinRequest } from '../../server/request.js';
import { jwtOf, TokenStore } from '../../server/tokens.js';
import type { World } from '../../world/index.js';
import { MESSAGES, TokenError, tokenErrorReply } from './errors.js';
import type { ResolvedRaceRosterOptions } from './options.js';

interface Client {
  partner: number;
  clientSecret: string;
  username: string;
  password: string;
}

const bearerOf = (request: SkinRequest): string | undefined => /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '')?.[1];

export class RaceRosterAuth {
  private readonly clients = new Map<string, Client>();
  readonly tokens: TokenStore;

  constructor(
    world: World,
    private readonly options: ResolvedRaceRosterOptions,
  ) {
    for (const { partner, accounts } of world.partners) {
      const { client_id, client_secret, username, password } = accounts.raceroster;
      this.clients.set(client_id, { partner, clientSecret: client_secret, username, password });
    }
    this.tokens = new TokenStore(world.clock, options.tokenLifetimeSeconds, (claims) => jwtOf(world.seed, {
      aud: claims.owner,
      jti: `${world.seed}-${claims.serial}`,
      iat: claims.issuedAt,
      nbf: claims.issuedAt,
      exp: claims.expiresAt,
      sub: String(5_778_000 + (this.clients.get(claims.owner)?.partner ?? 0)),
      scopes: ['timer'],
    }), world.seed);
  }

  /** The client a request speaks for: the form's client_id at the token endpoint, the token's owner on the API. */
  callerOf(request: SkinRequest, tokenEndpoint: boolean): string {
    if (tokenEndpoint) return formOf(request).get('client_id') ?? '';
    const token = bearerOf(request);
    return (token === undefined ? undefined : this.tokens.check(token)?.owner) ?? '';
  }

  answerToken(request: SkinRequest): Reply {
    if (request.method !== 'POST') return jsonReply(405, { message: MESSAGES[405] });
    try {
      const form = formOf(request);
      const grant = form.get('grant_type');
      if (grant !== 'access_token' && grant !== 'refresh_token') {
        throw new TokenError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.', 'Check that all required parameters have been provided');
      }
      const clientId = form.get('client_id') ?? '';
      const client = this.clients.get(clientId);
      if (!client || client.clientSecret !== form.get('client_secret')) {
        throw new TokenError(401, 'invalid_client', 'Client authentication failed', '');
      }
      const issued = grant === 'access_token' ? this.passwordGrant(form, clientId, client) : this.refreshGrant(form, clientId);
      const token = { token_type: 'Bearer', expires_in: issued.expiresIn, access_token: issued.accessToken, refresh_token: issued.refreshToken };
      const envelope = this.options.tokenEnvelope;
      return jsonReply(200, envelope === 'bare' ? token : { data: envelope === 'data-array' ? [token] : token });
    } catch (error) {
      if (error instanceof TokenError) return tokenErrorReply(error);
      throw error;
    }
  }

  private passwordGrant(form: URLSearchParams, clientId: string, client: Client) {
    if (!form.get('username') || !form.get('password')) {
      throw new TokenError(400, 'invalid_request', 'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.', 'Check the `username` parameter');
    }
    if (form.get('username') !== client.username || form.get('password') !== client.password) {
      throw new TokenError(400, 'invalid_grant', 'The user credentials were incorrect.', '');
    }
    return this.tokens.issue(clientId);
  }

  private refreshGrant(form: URLSearchParams, clientId: string) {
    const issued = this.tokens.useRefreshToken(form.get('refresh_token') ?? '', clientId);
    if (!issued) throw new TokenError(400, 'invalid_grant', 'The refresh token is invalid.', 'Token has been revoked');
    return issued;
  }

  /** The partner behind a valid bearer token; a 401 otherwise. */
  authenticate(request: SkinRequest): { partner: number; clientId: string } {
    const token = bearerOf(request);
    const check = token === undefined ? undefined : this.tokens.check(token);
    if (!check || check.expired) throw new HttpError(401, MESSAGES[401]);
    return { partner: this.clients.get(check.owner)?.partner ?? 0, clientId: check.owner };
  }

  expire(request: SkinRequest): void {
    const token = bearerOf(request);
    if (token !== undefined) this.tokens.expire(token);
  }
}
