/**
 * `--auto-analyze on`: a stand-in for autovacuum's auto-analyze, for databases that have none (this
 * PostgreSQL server runs with autovacuum = off; PGlite has no autovacuum at all), to see how the sync
 * fares with planner statistics. Without them, the participant look-up by key once became a scan of
 * the whole table per page (docs/performance.md). The rule mimics the server defaults: every naptime
 * (60 s), ANALYZE each sync table that grew by more than 10 % (plus ~50 rows) since its last analyze.
 * Growth is read from the relation size, which both engines report.
 */
import type { Database } from '../../src/db/database.js';

const TABLES = ['participants', 'changes', 'sync_runs', 'sync_targets', 'races', 'events'];
/** autovacuum_naptime default. */
export const NAPTIME_MS = 60_000;
/** autovacuum_analyze_scale_factor default. */
const SCALE_FACTOR = 0.1;
/** About autovacuum_analyze_threshold (50 rows) of participants, in bytes. */
const THRESHOLD_BYTES = 64 * 1024;

export interface AutoAnalyzeStats {
  naptimeMs: number;
  runs: number;
  /** Time spent in ANALYZE statements (concurrently with the sync on PostgreSQL, in its queue on PGlite). */
  ms: number;
}

export interface AutoAnalyze {
  stop(): Promise<AutoAnalyzeStats>;
}

export function startAutoAnalyze(db: Database, naptimeMs = NAPTIME_MS): AutoAnalyze {
  const analyzedAt = new Map<string, number>();
  const stats: AutoAnalyzeStats = { naptimeMs, runs: 0, ms: 0 };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let tick: Promise<void> = Promise.resolve();

  async function analyzeGrown(): Promise<void> {
    const sizes = await db.query<{ name: string; bytes: number }>(
      `select relname as name, pg_relation_size(oid)::int8 as bytes from pg_class
       where relkind = 'r' and relnamespace = 'public'::regnamespace and relname = any($1::text[])`,
      [TABLES],
    );
    for (const { name, bytes } of sizes) {
      if (stopped) return;
      if (bytes <= (analyzedAt.get(name) ?? 0) * (1 + SCALE_FACTOR) + THRESHOLD_BYTES) continue;
      const startedAt = performance.now();
      await db.query(`analyze ${name}`);
      stats.ms += performance.now() - startedAt;
      stats.runs += 1;
      analyzedAt.set(name, bytes);
    }
  }

  const schedule = () => {
    timer = setTimeout(() => {
      tick = analyzeGrown().catch((error: unknown) => {
        process.stderr.write(`auto-analyze failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }).finally(() => {
        if (!stopped) schedule();
      });
    }, naptimeMs);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await tick;
      return { ...stats, ms: Math.round(stats.ms) };
    },
  };
}
