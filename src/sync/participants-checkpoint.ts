/**
 * Where a participants run starts and what it carries from page to page: its checkpoint (saved with
 * every page, so a killed run resumes after the last committed page) and the cursor it leaves behind.
 * The provider's capabilities decide: a provider without a modified-since filter is always read in
 * full, and only a read in ascending key order can tell deletions page by page.
 */
import type { ProviderCapabilities } from '../providers/types.js';
import type { RunOptions, SyncContext } from './context.js';
import type { RunMode } from './store/runs.js';
import type { Target } from './store/targets.js';

/** Position of an unfinished participants run, saved with every page (on every target the run serves). */
export interface Checkpoint {
  mode: RunMode;
  phase: 'participants' | 'removed';
  /** Provider race ids the read covers; a checkpoint of another set of races is not resumed. */
  races: string[];
  resumeAfter: string | null;
  /** Unix seconds when the run first fetched; the next cursor never passes it (minus the lag). */
  fetchStartedAt: number;
  maxModified: number | null;
  /** Keyset reads: stored participants a full read has passed over so far (deleted at the end if it completes). */
  missing: string[];
  /** Other full reads: every key read so far; what is stored but not among them is missing at the end. */
  seen: string[];
  /** The provider's totals as each page reported them (a read whose totals moved is not diffed). */
  totals: number[];
  /** Records the read set aside: with any, absence from the read proves nothing (a rejected record is still there). */
  rejected?: number;
  /** Withdrawals the provider stated (cancellation flags, the removed feed): applied at the end, under the guard. */
  withdrawn: Withdrawal[];
  cursorFrom: number | null;
  /** Set when the read continues from a saved checkpoint. */
  resumed?: boolean;
}

/** A registration the provider says is withdrawn, and how it said so. */
export interface Withdrawal {
  key: string;
  reason: string;
  /** The removed feed names the registration a transfer became (or null); other withdrawals say nothing. */
  newId?: string | null;
}

/** The participants cursor: the modified-since position, and when the removed feed was last read to the end. */
export interface Cursor {
  modifiedSince: number;
  removedReadAt?: string;
}

const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
const sameRaces = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

export function chooseStart(ctx: SyncContext, capabilities: ProviderCapabilities, targets: Target[], races: string[], options: RunOptions): Checkpoint {
  const saved = targets[0]!.checkpoint as Partial<Checkpoint> | null;
  if (saved && !options.dryRun && sameRaces(saved.races ?? races, races)) {
    return { seen: [], totals: [], withdrawn: [], missing: [], ...saved, races, resumed: true } as Checkpoint;
  }
  const cursors = targets.map((t) => t.cursor as Cursor | null);
  const now = ctx.now().getTime();
  const stale = targets.some((t) => !t.lastSuccessAt || now - t.lastSuccessAt.getTime() > ctx.settings.incrementalDays * 86_400_000);
  const incremental = capabilities.participantsCursor !== 'none' && !options.full && !options.backfill && !stale
    && cursors.every((c) => c?.modifiedSince !== undefined);
  return {
    mode: options.backfill ? 'backfill' : incremental ? 'incremental' : 'full',
    phase: 'participants',
    races,
    resumeAfter: null,
    fetchStartedAt: unixSeconds(ctx.now()),
    maxModified: null,
    missing: [],
    seen: [],
    totals: [],
    withdrawn: [],
    // Several races read together start from the oldest of their cursors: re-reading is harmless.
    cursorFrom: incremental ? Math.min(...cursors.map((c) => c!.modifiedSince)) : null,
  };
}

/** The cursor boundary rule: min(max modified seen, fetch start − lag), never moving backwards. */
export function nextModifiedSince(ctx: SyncContext, checkpoint: Checkpoint): number {
  const safe = checkpoint.fetchStartedAt - ctx.settings.cursorLagSeconds;
  const bound = checkpoint.mode === 'incremental' && checkpoint.maxModified !== null ? Math.min(checkpoint.maxModified, safe) : safe;
  return Math.max(bound, checkpoint.cursorFrom ?? bound);
}

/**
 * The cursor each target keeps after a successful run — its one owner, written in the transaction
 * that ends the run. An incremental read that skipped the removed feed (which shares the cursor)
 * keeps the target's old cursor, so the feed's next read starts where it last ended; any other read
 * has covered withdrawals (the feed, a full read's diff, or cancellation flags) and moves it.
 */
export function cursorAfter(ctx: SyncContext, capabilities: ProviderCapabilities, checkpoint: Checkpoint, readFeed: boolean) {
  const skippedFeed = capabilities.removals === 'feed' && checkpoint.mode === 'incremental' && !readFeed;
  const moved: Cursor = { modifiedSince: nextModifiedSince(ctx, checkpoint), removedReadAt: new Date(checkpoint.fetchStartedAt * 1000).toISOString() };
  return (target: Target): Cursor | null => (skippedFeed ? (target.cursor as Cursor | null) : moved);
}

/** Whether absence from a full read means removal: not where the provider flags cancellations instead. */
export function diffsFullReads(capabilities: ProviderCapabilities): boolean {
  return capabilities.removals !== 'cancellation_flag';
}

/** Whether a full read saw the whole list as one consistent snapshot (its deletion diff can be trusted). */
export function sawWholeList(checkpoint: Checkpoint): boolean {
  if ((checkpoint.rejected ?? 0) > 0) return false;
  if (checkpoint.totals.length === 0) return true;
  const first = checkpoint.totals[0]!;
  return checkpoint.totals.every((total) => total === first) && new Set(checkpoint.seen).size >= first;
}
