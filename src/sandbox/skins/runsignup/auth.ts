/**
 * RunSignUp key authentication (providers.md §1.2): the permanent pair as query parameters
 * api_key + api_secret, or the v2 form rsu_api_key + the X-RSU-API-SECRET header. Anything else is
 * error 6 "Key authentication failed".
 */
import type { SkinRequest } from '../../server/request.js';
import type { RsuPartner } from './context.js';
import { ApiError } from './errors.js';

/** api_key + api_secret, or rsu_api_key + the X-RSU-API-SECRET header (providers.md §1.2). */
export function authenticate(partners: readonly RsuPartner[], request: SkinRequest): RsuPartner {
  const params = request.url.searchParams;
  const key = params.get('api_key') ?? params.get('rsu_api_key');
  const secret = params.get('api_secret') ?? request.header('x-rsu-api-secret');
  const partner = partners.find((p) => p.apiKey === key && p.apiSecret === secret);
  if (!partner) throw new ApiError(6);
  return partner;
}
