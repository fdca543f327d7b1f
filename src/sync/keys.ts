/**
 * Order of provider keys inside a keyset-paged read: numerically when both are integers (RunSignUp
 * registration ids), as text otherwise. `null` bounds are open ends.
 */
export function compareKeys(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isInRange(key: string, after: string | null, through: string | null): boolean {
  return (after === null || compareKeys(key, after) > 0) && (through === null || compareKeys(key, through) <= 0);
}
