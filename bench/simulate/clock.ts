/**
 * The simulation's one clock: the sandbox, the scheduler and the budget all read it, and only the
 * simulation moves it — forward by a simulated cost per API call, or straight to the next thing to
 * happen. Whoever waits for time to pass is woken at every move.
 */
export class VirtualClock {
  private ms: number;
  private waiting: (() => void)[] = [];

  constructor(start: Date) {
    this.ms = start.getTime();
  }

  now = (): Date => new Date(this.ms);

  get time(): number {
    return this.ms;
  }

  advance(ms: number): void {
    this.moveTo(this.ms + ms);
  }

  /** Moves to `ms` if that is later; the clock never runs backwards. */
  moveTo(ms: number): void {
    if (ms <= this.ms) return;
    this.ms = ms;
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }

  /** Resolves at the clock's next move. */
  moved(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
