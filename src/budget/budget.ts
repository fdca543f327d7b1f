import type { Database, Queryable } from '../db/database.js';
import { SyncError } from '../errors.js';

/**
 * A connection's API budget, shared by every worker and every `p88 sync` through the database: the
 * calls of each of the last 60 minutes are counted in the connection's `budgets` row, and a call is
 * allowed only while the hour so counted stays within the budget. So a burst is fine (a manual full
 * sync may use the hour's budget at once) but no hour ever sees more calls than the budget.
 *
 * While the connection has race-day targets, a reserve is kept for them. Before race day has a plan
 * (scheduler/race-day-plan.ts), the reserve is the fixed `reserve_share` of the hour. Once it has one,
 * the reserve is what the plan will still spend: race day's planned calls an hour not yet in the
 * window, plus a few minutes of them as headroom. What race day will not use is lent to other work,
 * and since every race-day call it is yet to make stays reserved, lending never delays race day.
 */
const MINUTE_MS = 60_000;
/**
 * Whole minutes are counted, so the window keeps the current minute and the 60 before it: any true
 * sliding hour then lies inside what is counted, and can never hold more calls than the budget.
 */
const WINDOW_MINUTES = 61;
/** A race-day plan older than this is not trusted to lend the reserve (the fixed share applies). */
const PLAN_FRESH_MS = 10 * MINUTE_MS;
/** Minutes of race day's planned calls always kept free of other work, for its jitter. */
const HEADROOM_MINUTES = 5;

/**
 * Who spends: race-day work (the whole hour, counted as race day's), work that may use the whole
 * hour (an operator's sync, or any work while no reserve is held), or other work while a reserve is.
 */
export type SpendClass = 'race_day' | 'whole_hour' | 'outside_reserve';

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
  race_day_counts: number[];
  window_minute: number;
  paused_until: Date | null;
  spent_total: number;
  race_day_need: number | null;
  race_day_need_at: Date | null;
}

/** Per-minute counts moved forward to `minute`: minutes that left the window are zeroed. */
function slide(row: BudgetRow, minute: number, stored: number[] = row.minute_counts): number[] {
  // Sized to the window whatever the stored array holds (a row written with another window length).
  const counts = Array.from({ length: WINDOW_MINUTES }, (_, i) => stored[i] ?? 0);
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

/** `minute`: the window minute the calls were counted in. */
export type SpendOutcome = { ok: true; minute: number } | { ok: false; retryAt: Date; reason: string };

export interface ReserveInputs {
  capacity: number;
  reserveShare: number;
  /** Race day's planned calls an hour, or null without a fresh plan. */
  raceDayNeed: number | null;
  /** Race-day calls already in the window. */
  raceDayUsed: number;
}

/**
 * Calls the window may hold before other work must wait. Without a plan: (1 − reserve share) of the
 * hour. With one: all of it, less race day's planned calls not yet made and a few minutes of them as
 * headroom — never less than the fixed rule leaves when race day needs no more than the reserve.
 */
export function outsideReserveLimit({ capacity, reserveShare, raceDayNeed, raceDayUsed }: ReserveInputs): number {
  const fixed = Math.floor(capacity * (1 - reserveShare));
  if (raceDayNeed === null) return fixed;
  const headroom = Math.ceil((raceDayNeed / 60) * HEADROOM_MINUTES);
  const lent = Math.floor(capacity - Math.max(0, raceDayNeed - raceDayUsed) - headroom);
  return Math.max(0, raceDayNeed <= capacity * reserveShare ? Math.max(fixed, lent) : lent);
}

const freshNeed = (row: BudgetRow, now: Date): number | null =>
  row.race_day_need !== null && row.race_day_need_at !== null && now.getTime() - row.race_day_need_at.getTime() <= PLAN_FRESH_MS
    ? row.race_day_need
    : null;

/**
 * Spends `calls` from the budget atomically (the row is locked for the read-modify-write), or says when
 * they will be available. Race-day work and whole-hour work may use the reserve; other work may not.
 */
export async function trySpend(
  db: Database, connectionId: number, now: Date, spender: SpendClass, calls = 1, options: { spent?: number } = {},
): Promise<SpendOutcome> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<BudgetRow>('select * from budgets where connection_id = $1 for update', [connectionId]);
    if (!row) throw new SyncError('bug', `connection ${connectionId} has no budget row`);
    if (row.paused_until && row.paused_until > now) return { ok: false, retryAt: row.paused_until, reason: 'paused after the provider throttled us' };
    // A worker whose clock is behind counts into the newest minute rather than reopening an old one.
    const minute = Math.max(row.window_minute, Math.floor(now.getTime() / MINUTE_MS));
    const counts = slide(row, minute);
    const raceDayCounts = slide(row, minute, row.race_day_counts);
    const used = counts.reduce((a, b) => a + b, 0);
    const limit = spender === 'outside_reserve'
      ? outsideReserveLimit({
        capacity: row.capacity, reserveShare: row.reserve_share, raceDayNeed: freshNeed(row, now),
        raceDayUsed: raceDayCounts.reduce((a, b) => a + b, 0),
      })
      : row.capacity;
    if (used + calls > limit) {
      const reason = spender === 'outside_reserve' ? 'used up outside the race-day reserve' : 'used up for this hour';
      return { ok: false, retryAt: whenFree(counts, minute, limit, calls), reason };
    }
    counts[minute % WINDOW_MINUTES]! += calls;
    if (spender === 'race_day') raceDayCounts[minute % WINDOW_MINUTES]! += calls;
    await tx.query(
      `update budgets set minute_counts = $2, race_day_counts = $3, window_minute = $4, tokens = $5, spent_total = spent_total + $6,
         updated_at = $7
       where connection_id = $1`,
      [connectionId, counts, raceDayCounts, minute, row.capacity - used - calls, options.spent ?? calls, now],
    );
    return { ok: true, minute };
  });
}

/**
 * Settles a block (spendInBlocks): `used` calls join the spent total, and the `unused` ones counted in
 * `minute` leave the window again, while that minute's slot still belongs to it.
 */
async function settleBlock(db: Queryable, connectionId: number, spender: SpendClass, block: { minute: number; used: number; unused: number }): Promise<void> {
  const inWindow = `window_minute < $2 + ${WINDOW_MINUTES}`;
  await db.query(
    `update budgets set
       minute_counts[$3] = case when ${inWindow} then greatest(0, minute_counts[$3] - $4) else minute_counts[$3] end,
       race_day_counts[$3] = case when $6 and ${inWindow} then greatest(0, race_day_counts[$3] - $4) else race_day_counts[$3] end,
       spent_total = spent_total + $5
     where connection_id = $1`,
    [connectionId, block.minute, (block.minute % WINDOW_MINUTES) + 1, block.unused, block.used, spender === 'race_day'],
  );
}

/** Race day's planned calls an hour (scheduler/race-day-plan.ts), which decides what of the reserve is lent. */
export async function recordRaceDayNeed(db: Queryable, connectionId: number, callsPerHour: number, now: Date): Promise<void> {
  await db.query('update budgets set race_day_need = $2, race_day_need_at = $3 where connection_id = $1', [connectionId, callsPerHour, now]);
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

/** Calls a block takes from the budget at once (spendInBlocks). */
const BLOCK_CALLS = 20;

/**
 * The `beforeCall` of a handle doing bulk work (a manual sync's lane): the budget is spent up to
 * BLOCK_CALLS calls at a time and the calls handed out from the block without a transaction each. A
 * block's calls are made only within the minute they are counted in, so the sliding hour holds
 * exactly as for single calls; what is left of it when the minute turns, or at `release`, goes back.
 * When the hour has no room for a block the size halves, down to single calls, so near the limit it
 * is refused exactly as spendBeforeEachCall is. A process that dies holding a block leaves its unused
 * calls counted (the safe side) and not in the spent total.
 */
export function spendInBlocks(db: Database, connectionId: number, now: () => Date, spender: SpendClass): { beforeCall: () => Promise<void>; release: () => Promise<void> } {
  let block = { minute: 0, size: 0, left: 0 };
  let size = BLOCK_CALLS;
  const release = async () => {
    if (block.size === 0) return;
    const { minute, size: taken, left } = block;
    block = { minute: 0, size: 0, left: 0 };
    if (taken > 1) await settleBlock(db, connectionId, spender, { minute, used: taken - left - 1, unused: left });
  };
  const take = async () => {
    const at = now();
    if (block.left > 0 && Math.floor(at.getTime() / MINUTE_MS) <= block.minute) {
      block.left -= 1;
      return;
    }
    await release();
    for (;;) {
      // The first call of a block is in the spent total at once, the rest when the block is settled.
      const outcome = await trySpend(db, connectionId, at, spender, size, { spent: 1 });
      if (outcome.ok) {
        block = { minute: outcome.minute, size, left: size - 1 };
        return;
      }
      if (size === 1) throw new BudgetExhausted(outcome.retryAt, now(), outcome.reason);
      size = Math.max(1, Math.floor(size / 2));
    }
  };
  // One call at a time takes from the block, so two calls in flight on the handle never take two blocks.
  let turn: Promise<unknown> = Promise.resolve();
  const beforeCall = (): Promise<void> => {
    const mine = turn.then(take);
    turn = mine.catch(() => undefined);
    return mine;
  };
  return { beforeCall, release };
}

/**
 * The `beforeCall` of a connection handle: every provider call first spends one call of the budget,
 * or throws BudgetExhausted (the run checkpoints and ends partial) when none is left.
 */
export function spendBeforeEachCall(db: Database, connectionId: number, now: () => Date, spender: SpendClass): () => Promise<void> {
  return async () => {
    const outcome = await trySpend(db, connectionId, now(), spender);
    if (!outcome.ok) throw new BudgetExhausted(outcome.retryAt, now(), outcome.reason);
  };
}
