/**
 * PGlite has one database session. Every user of it — this process's own queries and each client
 * connection of the wire server — takes this lock for one unit of work (a statement, or a protocol
 * exchange up to its Sync), in arrival order. A holder inside a transaction block keeps the lock
 * until the block ends, so no one else's statement can slip into someone else's transaction.
 */
export class SessionLock {
  private holder: symbol | null = null;
  private readonly waiting: { who: symbol; grant: () => void; refuse: (error: Error) => void }[] = [];

  /** Waits until `who` holds the lock (at once when it already does). */
  async acquire(who: symbol): Promise<void> {
    if (this.holder === who) return;
    if (this.holder === null && this.waiting.length === 0) {
      this.holder = who;
      return;
    }
    await new Promise<void>((grant, refuse) => this.waiting.push({ who, grant, refuse }));
  }

  /** Gives the lock to the next waiter; a no-op when `who` does not hold it. */
  release(who: symbol): void {
    if (this.holder !== who) return;
    const next = this.waiting.shift();
    this.holder = next?.who ?? null;
    next?.grant();
  }

  /** Withdraws a waiter (its connection closed): its `acquire` rejects with `error`. */
  withdraw(who: symbol, error: Error): void {
    const index = this.waiting.findIndex((w) => w.who === who);
    if (index >= 0) this.waiting.splice(index, 1)[0]!.refuse(error);
  }

  heldBy(who: symbol): boolean {
    return this.holder === who;
  }

  /** Runs `work` holding the lock, then releases it. */
  async run<T>(who: symbol, work: () => Promise<T>): Promise<T> {
    await this.acquire(who);
    try {
      return await work();
    } finally {
      this.release(who);
    }
  }
}
