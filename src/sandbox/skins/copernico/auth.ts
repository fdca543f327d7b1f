/**
 * Copernico authentication (providers.md §5.2): the `x-api-key` header, one key per partner
 * (K3; the registration import's auth is [INFERRED] to be the same key).
 */
import type { World } from '../../world/index.js';

/** The partner whose key this is. */
export function keyOwner(world: World, key: string | undefined): number | undefined {
  return world.partners.find((p) => p.accounts.copernico.api_key === key)?.partner;
}
