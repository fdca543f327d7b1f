import { createHash } from 'node:crypto';

/**
 * Hash of a normalised record: what the store compares to skip unchanged rows. The provider's own
 * modification stamps are left out (a bumped stamp with identical content is not a change).
 */
export function contentHash(record: Record<string, unknown>, volatileKeys: readonly string[] = []): string {
  return createHash('md5').update(JSON.stringify(record, (key, value) => (volatileKeys.includes(key) ? undefined : value))).digest('base64url');
}

export const toIso = (date: Date | null): string | null => (date ? date.toISOString() : null);
