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

/** Adds one page's counts to the run (in the page's transaction). */
export async function addRunCounts(db: Queryable, runId: number, counts: Partial<RunCounts>): Promise<void> {
  await db.query(
    `update sync_runs set api_calls = api_calls + $2, pages = pages + $3, created = created + $4,
       updated = updated + $5, unchanged = unchanged + $6, deleted = deleted + $7, rejected = rejected + $8
     where id = $1`,
    [
      runId,
      counts.apiCalls ?? 0,
      counts.pages ?? 0,
      counts.created ?? 0,
      counts.updated ?? 0,
      counts.unchanged ?? 0,
      counts.deleted ?? 0,
      counts.rejected ?? 0,
    ],
  );
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
