/**
 * A skin's optional per-credential call budget: a token bucket holding `callsPerHour` tokens,
 * refilled continuously on the world's clock, so tests can run an hour of budget in virtual time.
 * Each skin answers "over budget" its provider's way (RunSignUp error 14 or 429, others 429).
 */

export type BudgetDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class CallBudget {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perSecond: number;

  constructor(
    private readonly callsPerHour: number,
    private readonly now: () => Date,
  ) {
    this.perSecond = callsPerHour / 3600;
  }

  take(key: string): BudgetDecision {
    const at = this.now().getTime() / 1000;
    const bucket = this.buckets.get(key) ?? { tokens: this.callsPerHour, updatedAt: at };
    // A clock moved backwards refills nothing rather than draining the bucket.
    bucket.tokens = Math.min(this.callsPerHour, bucket.tokens + Math.max(0, at - bucket.updatedAt) * this.perSecond);
    bucket.updatedAt = at;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond)) };
  }
}
