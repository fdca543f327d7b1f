import type { Queryable } from '../../db/database.js';
import type { ErrorClass } from '../../errors.js';

export type RunMode = 'full' | 'incremental' | 'full_fallback' | 'backfill';
export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed';

export interface RunCounts {
  apiCalls: number;
  pages: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected: number;
}

export const emptyCounts = (): RunCounts => ({
  apiCalls: 0, pages: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, rejected: 0,
});

export function addCounts(total: RunCounts, more: Partial<RunCounts>): void {
  for (const key of Object.keys(more) as (keyof RunCounts)[]) total[key] += more[key] ?? 0;
}

/**
 * Opens a run on a leased target. A run left `running` by a process that died is closed as failed
 * first, so the one-active-run-per-target constraint admits the new one.
 */
export async function startRun(
  db: Queryable,
  input: { targetId: number; mode: RunMode; dryRun: boolean; cursorFrom: unknown; latenessMs?: number | null },
): Promise<number> {
  await db.query(
    `update sync_runs set status = 'failed', finished_at = now(), error_class = 'transient',
       error_message = 'interrupted: the process running it stopped; resumed from its checkpoint'
     where target_id = $1 and status = 'running'`,
    [input.targetId],
  );
  const [row] = await db.query<{ id: number }>(
    `insert into sync_runs (target_id, mode, dry_run, cursor_from, lateness_ms) values ($1, $2, $3, $4, $5) returning id`,
    [input.targetId, input.mode, input.dryRun, JSON.stringify(input.cursorFrom ?? null), input.latenessMs ?? null],
  );
  return row!.id;
}

const COUNT_COLUMNS = [['api_calls', 'apiCalls'], ['pages', 'pages'], ['created', 'created'], ['updated', 'updated'], ['unchanged', 'unchanged'], ['deleted', 'deleted'], ['rejected', 'rejected']] as const;

/** `update sync_runs set …` adding counts given as parameters `$from`, `$from+1`, … (see runCountValues). */
export const addRunCountsSql = (from: number): string =>
  COUNT_COLUMNS.map(([column], i) => `${column} = ${column} + $${from + i}`).join(', ');
export const runCountValues = (counts: Partial<RunCounts>): number[] => COUNT_COLUMNS.map(([, key]) => counts[key] ?? 0);

/** Adds counts to the run (in the transaction of what they count). */
export async function addRunCounts(db: Queryable, runId: number, counts: Partial<RunCounts>): Promise<void> {
  await db.query(`update sync_runs set ${addRunCountsSql(2)} where id = $1`, [runId, ...runCountValues(counts)]);
}

export async function finishRun(
  db: Queryable,
  runId: number,
  outcome: { status: Exclude<RunStatus, 'running'>; apiCalls: number; cursorTo?: unknown; errorClass?: ErrorClass; errorMessage?: string },
): Promise<void> {
  await db.query(
    `update sync_runs set status = $2, finished_at = now(), api_calls = $3, cursor_to = $4,
       error_class = $5, error_message = $6
     where id = $1`,
    [
      runId,
      outcome.status,
      outcome.apiCalls,
      JSON.stringify(outcome.cursorTo ?? null),
      outcome.errorClass ?? null,
      outcome.errorMessage ?? null,
    ],
  );
}
