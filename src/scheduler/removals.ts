import type { Target } from '../sync/store/targets.js';

/**
 * How often a participants run also reads the removed-participants feed. On RunSignUp that is a
 * second call per run, which at the 1-minute race-day cadence doubles race day's calls, while a
 * withdrawal matters less minute by minute than a registration or a bib. So the feed is read when
 * `removedIntervalMs` has passed since its last read; runs in between read participants only and keep
 * the cursor where the feed last ended (the engine's `cursorAfter`), so its next read misses nothing.
 */

/** Kept in the participants cursor next to `modifiedSince`. */
interface RemovalsMark {
  removedReadAt?: string;
}

/** The feed is due when any of the run's targets has not read it within the interval. */
export function removalsDue(targets: Target[], now: Date, intervalMs: number): boolean {
  return targets.some((target) => {
    const readAt = (target.cursor as RemovalsMark | null)?.removedReadAt;
    return !readAt || now.getTime() - Date.parse(readAt) >= intervalMs;
  });
}
