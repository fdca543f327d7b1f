/**
 * The world's one clock: every modified-at a mutation stamps, every "results so far", every token
 * expiry and every budget window reads it. Real time by default; virtual (frozen until set or
 * advanced, e.g. through POST /_admin/clock) for tests; or driven by the caller's own `now` (the
 * benchmarks' simulated clock), which the sandbox then only reads.
 */

export type ClockMode = 'real' | 'virtual' | 'external';

export interface SandboxClock {
  readonly mode: ClockMode;
  now(): Date;
  /** Unix seconds, possibly fractional. */
  seconds(): number;
  /** Moves a virtual clock; a real one becomes virtual at that instant. */
  set(at: Date): void;
  advance(ms: number): void;
}

export interface ClockOptions {
  /** The caller's clock; the sandbox never moves it. */
  now?: () => Date;
  /** 'virtual' starts frozen at `start`. Default 'real' (ignored when `now` is given). */
  clock?: 'real' | 'virtual';
  start?: Date;
}

export function createClock(options: ClockOptions): SandboxClock {
  if (options.now) return externalClock(options.now);
  return options.clock === 'virtual' ? movableClock(options.start ?? new Date()) : movableClock(undefined);
}

function externalClock(now: () => Date): SandboxClock {
  const refuse = () => {
    throw new RangeError('the sandbox clock is driven by the caller (the now option) and cannot be moved here');
  };
  return { mode: 'external', now, seconds: () => now().getTime() / 1000, set: refuse, advance: refuse };
}

/** Real until first set; virtual (frozen) from then on. */
function movableClock(start: Date | undefined): SandboxClock {
  let virtualMs = start?.getTime();
  const nowMs = () => virtualMs ?? Date.now();
  return {
    get mode(): ClockMode {
      return virtualMs === undefined ? 'real' : 'virtual';
    },
    now: () => new Date(nowMs()),
    seconds: () => nowMs() / 1000,
    set(at) {
      if (!Number.isFinite(at.getTime())) throw new RangeError('clock time is not a valid date');
      virtualMs = at.getTime();
    },
    advance(ms) {
      if (!Number.isFinite(ms)) throw new RangeError('clock advance must be a number of milliseconds');
      virtualMs = nowMs() + ms;
    },
  };
}
