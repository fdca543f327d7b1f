import type { Queryable } from '../db/database.js';
import type { ConnectionHandle, RunReport } from '../sync/context.js';
import type { Target } from '../sync/store/targets.js';
import { holdCursors, stampRemovalsRead } from './queue.js';

/**
 * How often a participants run also reads the removed-participants feed. On RunSignUp that is a
 * second call per run, which at the 1-minute race-day cadence doubles race day's calls, while a
 * withdrawal matters less minute by minute than a registration or a bib. So the feed is read when
 * `removedIntervalMs` has passed since its last read; runs in between read participants only and then
 * hold the cursor where the feed last ended, so its next read misses nothing (the participants read
 * re-reads those few minutes of changes, which are unchanged by hash and not written again).
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

/** The same connection without the removed feed: `syncParticipants` then reads participants only. */
export function withoutRemovedFeed(handle: ConnectionHandle): ConnectionHandle {
  return { ...handle, adapter: { ...handle.adapter, removedParticipants: undefined } };
}

/**
 * After a successful run: an incremental read that skipped the feed holds the cursors back (the
 * targets still carry the cursors they were leased with); any other read has covered withdrawals —
 * the feed, or a full read's deletion diff — and is stamped.
 */
export async function settleRemovals(db: Queryable, targets: Target[], reports: RunReport[], readFeed: boolean, startedAt: Date): Promise<void> {
  if (reports.length === 0 || reports.some((r) => r.status !== 'succeeded' || r.dryRun)) return;
  if (!readFeed && reports[0]!.mode === 'incremental') await holdCursors(db, targets);
  else await stampRemovalsRead(db, targets.map((t) => t.id), startedAt);
}
