/**
 * Failed authentication attempts per client address: more than `limit` in `windowMs` blocks the
 * address for `blockMs` (429 with Retry-After), so a token cannot be guessed at speed. In memory: each
 * serve process counts its own clients, which is what a guess against it has to go through.
 */
export interface FailureLimitOptions {
  limit: number;
  windowMs: number;
  blockMs: number;
  now?: () => number;
}

export class AuthFailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly blocked = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: FailureLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds the address must still wait, or 0. */
  blockedFor(address: string): number {
    const until = this.blocked.get(address);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return left;
    this.blocked.delete(address);
    return 0;
  }

  /** Counts a failure; true when it has just blocked the address. */
  recordFailure(address: string): boolean {
    const now = this.now();
    const recent = (this.failures.get(address) ?? []).filter((at) => now - at < this.options.windowMs);
    recent.push(now);
    this.failures.set(address, recent);
    if (recent.length <= this.options.limit) return false;
    this.blocked.set(address, now + this.options.blockMs);
    this.failures.delete(address);
    this.prune(now);
    return true;
  }

  /** Old entries go, so a scan from many addresses does not grow the maps for ever. */
  private prune(now: number): void {
    for (const [address, times] of this.failures) if (times.every((at) => now - at >= this.options.windowMs)) this.failures.delete(address);
  }
}
