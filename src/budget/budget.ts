import type { Database, Queryable } from '../db/database.js';
import { SyncError } from '../errors.js';

/**
 * A connection's API budget, shared by every worker and every `p88 sync` through the database: the
 * calls of each of the last 60 minutes are counted in the connection's `budgets` row, and a call is
 * allowed only while the hour so counted stays within the budget. So a burst is fine (a manual full
 * sync may use the hour's budget at once) but no hour ever sees more calls than the budget. While the
 * connection has race-day targets, other work may use only (1 − reserve) of the hour.
 */
const MINUTE_MS = 60_000;
/**
 * Whole minutes are counted, so the window keeps the current minute and the 60 before it: any true
 * sliding hour then lies inside what is counted, and can never hold more calls than the budget.
 */
const WINDOW_MINUTES = 61;

/** Thrown when a call would overspend: the run checkpoints and ends `partial`, due again at `retryAt`. */
export class BudgetExhausted extends SyncError {
  constructor(readonly retryAt: Date, now: Date, reason: string) {
    super('rate_limited', `call budget ${reason}; next call possible at ${retryAt.toISOString()}`, {
      retryAfterMs: Math.max(0, retryAt.getTime() - now.getTime()),
    });
    this.name = 'BudgetExhausted';
  }
}

/** Creates the connection's budget row, or updates its size and reserve; counts already made stay. */
export async function ensureBudget(db: Queryable, connectionId: number, callsPerHour: number, reserveShare: number, now: Date): Promise<void> {
  await db.query(
    `insert into budgets (connection_id, capacity, refill_per_sec, tokens, reserve_share, updated_at)
     values ($1, $2::float8, $2::float8 / 3600, $2::float8, $3::float8, $4)
     on conflict (connection_id) do update set capacity = excluded.capacity, refill_per_sec = excluded.refill_per_sec,
       reserve_share = excluded.reserve_share
     where budgets.capacity is distinct from excluded.capacity or budgets.reserve_share is distinct from excluded.reserve_share`,
    [connectionId, callsPerHour, reserveShare, now],
  );
}

interface BudgetRow {
  capacity: number;
  reserve_share: number;
  minute_counts: number[];
  window_minute: number;
  paused_until: Date | null;
  spent_total: number;
}

/** The per-minute counts moved forward to `minute`: minutes that left the window are zeroed. */
function slide(row: BudgetRow, minute: number): number[] {
  // Sized to the window whatever the stored array holds (a row written with another window length).
  const counts = Array.from({ length: WINDOW_MINUTES }, (_, i) => row.minute_counts[i] ?? 0);
  const gone = Math.min(WINDOW_MINUTES, Math.max(0, minute - row.window_minute));
  for (let m = row.window_minute + 1; m <= row.window_minute + gone; m++) counts[m % WINDOW_MINUTES] = 0;
  return counts;
}

/** When enough of the oldest minutes have left the window for `calls` more under `limit`. */
function whenFree(counts: number[], minute: number, limit: number, calls: number): Date {
  let used = counts.reduce((a, b) => a + b, 0);
  for (let m = minute - WINDOW_MINUTES + 1; m <= minute; m++) {
    used -= counts[((m % WINDOW_MINUTES) + WINDOW_MINUTES) % WINDOW_MINUTES]!;
    if (used + calls <= limit) return new Date((m + WINDOW_MINUTES) * MINUTE_MS);
  }
  return new Date((minute + WINDOW_MINUTES) * MINUTE_MS);
}

export type SpendOutcome = { ok: true } | { ok: false; retryAt: Date; reason: string };

/**
 * Spends `calls` from the budget atomically (the row is locked for the read-modify-write), or says when
 * they will be available. `raceDay` work may use the reserve; other work may not.
 */
export async function trySpend(db: Database, connectionId: number, now: Date, raceDay: boolean, calls = 1): Promise<SpendOutcome> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<BudgetRow>('select * from budgets where connection_id = $1 for update', [connectionId]);
    if (!row) throw new SyncError('bug', `connection ${connectionId} has no budget row`);
    if (row.paused_until && row.paused_until > now) return { ok: false, retryAt: row.paused_until, reason: 'paused after the provider throttled us' };
    // A worker whose clock is behind counts into the newest minute rather than reopening an old one.
    const minute = Math.max(row.window_minute, Math.floor(now.getTime() / MINUTE_MS));
    const counts = slide(row, minute);
    const used = counts.reduce((a, b) => a + b, 0);
    const limit = raceDay ? row.capacity : Math.floor(row.capacity * (1 - row.reserve_share));
    if (used + calls > limit) {
      const reason = raceDay ? 'used up for this hour' : `used up outside the ${Math.round(row.reserve_share * 100)} % race-day reserve`;
      return { ok: false, retryAt: whenFree(counts, minute, limit, calls), reason };
    }
    counts[minute % WINDOW_MINUTES]! += calls;
    await tx.query(
      `update budgets set minute_counts = $2, window_minute = $3, tokens = $4, spent_total = spent_total + $5, updated_at = $6
       where connection_id = $1`,
      [connectionId, counts, minute, row.capacity - used - calls, calls, now],
    );
    return { ok: true };
  });
}

/** A provider throttle answer pauses the budget for every worker until the provider's reset. */
export async function pauseBudget(db: Queryable, connectionId: number, until: Date): Promise<void> {
  await db.query(
    'update budgets set paused_until = greatest(coalesce(paused_until, $2), $2) where connection_id = $1',
    [connectionId, until],
  );
}

export interface BudgetState {
  callsPerHour: number;
  usedThisHour: number;
  left: number;
  pausedUntil: Date | null;
  spentTotal: number;
}

export async function readBudget(db: Queryable, connectionId: number, now: Date): Promise<BudgetState | undefined> {
  const [row] = await db.query<BudgetRow>('select * from budgets where connection_id = $1', [connectionId]);
  if (!row) return undefined;
  const used = slide(row, Math.max(row.window_minute, Math.floor(now.getTime() / MINUTE_MS))).reduce((a, b) => a + b, 0);
  return {
    callsPerHour: row.capacity,
    usedThisHour: used,
    left: Math.max(0, row.capacity - used),
    pausedUntil: row.paused_until && row.paused_until > now ? row.paused_until : null,
    spentTotal: row.spent_total,
  };
}

/**
 * The `beforeCall` of a connection handle: every provider call first spends one call of the budget,
 * or throws BudgetExhausted (the run checkpoints and ends partial) when none is left.
 */
export function spendBeforeEachCall(db: Database, connectionId: number, now: () => Date, raceDay: boolean): () => Promise<void> {
  return async () => {
    const outcome = await trySpend(db, connectionId, now(), raceDay);
    if (!outcome.ok) throw new BudgetExhausted(outcome.retryAt, now(), outcome.reason);
  };
}
