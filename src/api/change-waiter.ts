/**
 * Long-polls of the change feed share one poll of the feed's head (the newest change id of any
 * partner), made only while someone waits: a hundred waiting displays cost one cheap query per tick,
 * not a hundred. The embedded database has no LISTEN/NOTIFY across its socket the way a server does,
 * and a 100 ms poll keeps a bib assignment within well under a second of its commit on both engines.
 */
import type { Queryable } from '../db/database.js';
import { readChangeHead } from '../read/changes.js';

interface Waiter {
  beyond: number;
  wake: (moved: boolean) => void;
}

export class ChangeWaiter {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;
  /** The head seen by the last poll, for /metrics. */
  lastHead = 0;

  constructor(private readonly db: Queryable, private readonly pollMs = 100) {}

  /** The head now (a fresh read). */
  async head(): Promise<number> {
    this.lastHead = await readChangeHead(this.db);
    return this.lastHead;
  }

  /**
   * Resolves true once the head is beyond `head`; false after `waitMs`, on `signal`, or on stop —
   * whichever comes first.
   */
  waitBeyond(head: number, waitMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.stopped || waitMs <= 0 || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const giveUp = () => waiter.wake(false);
      const waiter: Waiter = {
        beyond: head,
        wake: (moved) => {
          clearTimeout(deadline);
          signal?.removeEventListener('abort', giveUp);
          this.waiters.delete(waiter);
          resolve(moved);
        },
      };
      const deadline = setTimeout(giveUp, waitMs);
      signal?.addEventListener('abort', giveUp, { once: true });
      this.waiters.add(waiter);
      this.schedule();
    });
  }

  /** Wakes every waiter (they answer with what they have) and polls no more: the server is stopping. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const waiter of [...this.waiters]) waiter.wake(false);
  }

  private schedule(): void {
    if (this.timer || this.polling || this.stopped || this.waiters.size === 0) return;
    this.timer = setTimeout(() => void this.poll(), this.pollMs);
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    this.polling = true;
    try {
      const head = await this.head();
      for (const waiter of [...this.waiters]) if (head > waiter.beyond) waiter.wake(true);
    } catch {
      // The database is briefly away (an embedded owner handing over): the next tick tries again.
    } finally {
      this.polling = false;
      this.schedule();
    }
  }
}
