/**
 * Haku authentication (providers.md §4.1): a Cognito-style token endpoint, POST /oauth2/token with
 * HTTP Basic client_id:client_secret and a form body grant_type=client_credentials, answering
 * {access_token, expires_in, token_type}. It is served on the skin's own port (the adapter is given
 * its URL). API calls carry the raw token in `Authorization` — no "Bearer " prefix: a header that
 * has one is a 401, as is a missing, unknown or expired token.
 */
import { HttpError } from '../../server/http-error.js';
import { jsonReply, type Reply } from '../../server/reply.js';
import { basicCredentials, formOf, type SkinRequest } from '../../server/request.js';
import { jwtOf, TokenStore } from '../../server/tokens.js';
import type { World } from '../../world/index.js';
import { EXPIRED, UNAUTHORIZED } from './errors.js';
import type { ResolvedHakuOptions } from './options.js';

const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_hakuSandbox';

export class HakuAuth {
  private readonly secrets = new Map<string, { partner: number; secret: string }>();
  readonly tokens: TokenStore;

  constructor(world: World, options: ResolvedHakuOptions) {
    for (const { partner, accounts } of world.partners) this.secrets.set(accounts.haku.client_id, { partner, secret: accounts.haku.client_secret });
    this.tokens = new TokenStore(world.clock, options.tokenLifetimeSeconds, (claims) => jwtOf(world.seed, {
      sub: claims.owner, token_use: 'access', scope: 'haku/api.read', auth_time: claims.issuedAt, iss: ISSUER,
      exp: claims.expiresAt, iat: claims.issuedAt, version: 2, jti: `${world.seed}-${claims.serial}`, client_id: claims.owner,
    }), world.seed);
  }

  /** The client a request speaks for: the Basic user at the token endpoint, the token's owner on the API. */
  callerOf(request: SkinRequest, tokenEndpoint: boolean): string {
    if (tokenEndpoint) return basicCredentials(request)?.[0] ?? '';
    const token = request.header('authorization');
    return (token === undefined ? undefined : this.tokens.check(token)?.owner) ?? '';
  }

  answerToken(request: SkinRequest): Reply {
    if (request.method !== 'POST') return jsonReply(405, { error: 'invalid_request' });
    const basic = basicCredentials(request);
    if (!basic) return jsonReply(400, { error: 'invalid_request' });
    const client = this.secrets.get(basic[0]);
    if (!client || client.secret !== basic[1]) return jsonReply(400, { error: 'invalid_client' });
    if (formOf(request).get('grant_type') !== 'client_credentials') return jsonReply(400, { error: 'unsupported_grant_type' });
    const issued = this.tokens.issue(basic[0]);
    return jsonReply(200, { access_token: issued.accessToken, expires_in: issued.expiresIn, token_type: 'Bearer' });
  }

  /** The partner behind the raw token in Authorization; a 401 otherwise. */
  authenticate(request: SkinRequest): { partner: number; clientId: string } {
    const header = request.header('authorization');
    const check = header === undefined ? undefined : this.tokens.check(header);
    if (!check) throw new HttpError(401, UNAUTHORIZED);
    if (check.expired) throw new HttpError(401, EXPIRED);
    return { partner: this.secrets.get(check.owner)?.partner ?? 0, clientId: check.owner };
  }

  expire(request: SkinRequest): void {
    const header = request.header('authorization');
    if (header !== undefined) this.tokens.expire(header);
  }
}
