/**
 * ChronoTrack Live authentication (providers.md §2.2), all three modes an adapter may use:
 * simple (query client_id + user_id + user_pass = lowercase hex SHA-1 of the password), HTTP Basic
 * login:password plus the client_id query parameter, and OAuth2 — GET (or POST) /oauth2/token with
 * Basic client_id:client_secret and grant_type=password&username&password, then Bearer + client_id.
 * Every mode needs the partner's client_id; a failure is 401 {"error":"invalid credentials"}.
 */
import { HttpError } from '../../server/http-error.js';
import { createHash } from 'node:crypto';
import { jsonReply, type Reply } from '../../server/reply.js';
import { basicCredentials, formOf, type SkinRequest } from '../../server/request.js';
import { jwtOf, TokenStore } from '../../server/tokens.js';
import type { World } from '../../world/index.js';
import { INVALID_CREDENTIALS } from './errors.js';
import type { ResolvedChronoTrackOptions } from './options.js';

interface Account {
  partner: number;
  clientSecret: string;
  username: string;
  password: string;
  passwordSha1: string;
}

export const sha1Hex = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

export class ChronoTrackAuth {
  private readonly accounts = new Map<string, Account>();
  readonly tokens: TokenStore;

  constructor(world: World, options: ResolvedChronoTrackOptions) {
    for (const { partner, accounts } of world.partners) {
      const { client_id, client_secret, username, password } = accounts.chronotrack;
      this.accounts.set(client_id, { partner, clientSecret: client_secret, username, password, passwordSha1: sha1Hex(password) });
    }
    this.tokens = new TokenStore(world.clock, options.tokenLifetimeSeconds, (claims) => jwtOf(world.seed, {
      client_id: claims.owner, iat: claims.issuedAt, exp: claims.expiresAt, jti: `${world.seed}-${claims.serial}`,
    }), world.seed);
  }

  callerOf(request: SkinRequest, tokenEndpoint: boolean): string {
    return (tokenEndpoint ? basicCredentials(request)?.[0] : request.url.searchParams.get('client_id')) ?? '';
  }

  answerToken(request: SkinRequest): Reply {
    const basic = basicCredentials(request);
    const account = basic ? this.accounts.get(basic[0]) : undefined;
    if (!basic || !account || account.clientSecret !== basic[1]) return jsonReply(401, { error: 'invalid_client' });
    const params = request.method === 'POST' ? formOf(request) : request.url.searchParams;
    if (params.get('grant_type') !== 'password') return jsonReply(400, { error: 'unsupported_grant_type' });
    if (params.get('username') !== account.username || params.get('password') !== account.password) {
      return jsonReply(400, { error: 'invalid_grant', error_description: 'Invalid username and password combination' });
    }
    const issued = this.tokens.issue(basic[0]);
    return jsonReply(200, { access_token: issued.accessToken, expires_in: issued.expiresIn, token_type: 'Bearer', refresh_token: issued.refreshToken });
  }

  /** The partner behind a request in any of the three modes; a 401 otherwise. */
  authenticate(request: SkinRequest): { partner: number; clientId: string } {
    const params = request.url.searchParams;
    const clientId = params.get('client_id') ?? '';
    const account = this.accounts.get(clientId);
    if (!account || !this.accepts(request, account, clientId)) throw new HttpError(401, INVALID_CREDENTIALS);
    return { partner: account.partner, clientId };
  }

  private accepts(request: SkinRequest, account: Account, clientId: string): boolean {
    const header = request.header('authorization') ?? '';
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (bearer !== undefined) {
      const check = this.tokens.check(bearer);
      return check !== undefined && !check.expired && check.owner === clientId;
    }
    const basic = basicCredentials(request);
    if (basic) return basic[0] === account.username && basic[1] === account.password;
    const params = request.url.searchParams;
    return params.get('user_id') === account.username && (params.get('user_pass') ?? '').toLowerCase() === account.passwordSha1;
  }

  expire(request: SkinRequest): void {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '')?.[1];
    if (bearer !== undefined) this.tokens.expire(bearer);
  }
}
