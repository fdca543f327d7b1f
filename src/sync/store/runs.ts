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
  // One statement: the insert reads the count of closed runs, so it runs after the update and the
  // one-running-run index sees the old run closed.
  const [row] = await db.query<{ id: number }>(
    `with interrupted as (
       update sync_runs set status = 'failed', finished_at = now(), error_class = 'transient',
         error_message = 'interrupted: the process running it stopped; resumed from its checkpoint'
       where target_id = $1 and status = 'running'
       returning 1
     )
     insert into sync_runs (target_id, mode, dry_run, cursor_from, lateness_ms)
     select $1, $2, $3::boolean, $4::jsonb, $5::bigint from (select count(*) from interrupted) closed
     returning id`,
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

export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>;
  apiCalls: number;
  cursorTo?: unknown;
  errorClass?: ErrorClass;
  errorMessage?: string;
}

/** `update sync_runs set …` ending a run, with the outcome as parameters `$from` … `$from+4` (see runOutcomeValues). */
export const finishRunSql = (from: number): string =>
  `status = $${from}, finished_at = now(), api_calls = $${from + 1}, cursor_to = $${from + 2}, error_class = $${from + 3}, error_message = $${from + 4}`;
export const runOutcomeValues = (outcome: RunOutcome): unknown[] =>
  [outcome.status, outcome.apiCalls, JSON.stringify(outcome.cursorTo ?? null), outcome.errorClass ?? null, outcome.errorMessage ?? null];
