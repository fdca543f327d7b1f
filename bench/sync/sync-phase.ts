/**
 * One timed `runSync` of the bench partner (participants or results): wall time (and its split into database, HTTP and the
 * rest), summed run counts, the calls seen on the wire by endpoint, peak RSS, and a progress line
 * on stderr every few seconds.
 */
import type { SecretBox } from '../../src/secrets.js';
import type { RunReport, SyncContext } from '../../src/sync/context.js';
import { addCounts, emptyCounts } from '../../src/sync/store/runs.js';
import { runSync } from '../../src/scheduler/sync-now.js';
import type { SyncPhase } from './results.js';
import { sampleRss, toMb } from './rss-sampler.js';
import { emptyIoTimes, timeDatabase, timeFetch, type StatementTime } from './timed-io.js';

const PROGRESS_EVERY_MS = 5000;

export interface PhaseSetup {
  ctx: SyncContext;
  box: SecretBox;
  partnerId: number;
  /** Prefixes progress lines, e.g. "[pg] full sync". */
  label: string;
  /** Reads run at the same time (`p88 sync --concurrency`). */
  concurrency: number;
  totalRaces: number;
}

const rounded = (t: StatementTime): StatementTime => ({ calls: t.calls, ms: Math.round(t.ms) });

/** The statements that took longest in total, longest first. */
function topStatements(statements: Record<string, StatementTime>, count = 10): Record<string, StatementTime> {
  const sorted = Object.entries(statements).sort(([, a], [, b]) => b.ms - a.ms).slice(0, count);
  return Object.fromEntries(sorted.map(([sql, t]) => [sql, rounded(t)]));
}

/** V8 heap in use after a full collection (engine processes run with --expose-gc), or null. */
function retainedHeap(): number | null {
  if (typeof globalThis.gc !== 'function') return null;
  globalThis.gc();
  return toMb(process.memoryUsage().heapUsed);
}

/** What one timed run syncs: participants (in full or incrementally) or results. */
export interface PhaseRequest {
  full: boolean;
  results: boolean;
}

export async function timeSync(setup: PhaseSetup, request: PhaseRequest): Promise<SyncPhase> {
  const io = emptyIoTimes();
  const counts = emptyCounts();
  const modes: Record<string, number> = {};
  let races = 0;
  let notSucceeded = 0;
  let discoveryMs = 0;
  let lastProgress = performance.now();
  const startedAt = performance.now();
  const onRun = (report: RunReport) => {
    addCounts(counts, report.counts);
    modes[`${report.kind}:${report.mode}`] = (modes[`${report.kind}:${report.mode}`] ?? 0) + 1;
    if (report.status !== 'succeeded') notSucceeded += 1;
    if (report.kind === 'discovery') discoveryMs = report.durationMs;
    else races += 1;
    if (performance.now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = performance.now();
      const seconds = ((lastProgress - startedAt) / 1000).toFixed(1);
      process.stderr.write(`${setup.label}: ${races}/${setup.totalRaces} races, ${counts.created + counts.updated} written, ` +
        `${counts.apiCalls} calls, ${seconds} s\n`);
    }
  };
  const rss = sampleRss();
  const reports = await runSync(
    { ctx: { ...setup.ctx, db: timeDatabase(setup.ctx.db, io) }, box: setup.box, fetch: timeFetch(io), onRun },
    { partnerId: setup.partnerId, full: request.full, includePast: true, results: request.results, dryRun: false, concurrency: setup.concurrency },
  );
  const durationMs = Math.round(performance.now() - startedAt);
  const peaks = rss.stop();
  const peakRssMb = toMb(peaks.rss);
  const peakHeapUsedMb = toMb(peaks.heapUsed);
  process.stderr.write(`${setup.label}: done in ${(durationMs / 1000).toFixed(1)} s (${reports.length} runs, ${notSucceeded} not succeeded)\n`);
  const retainedHeapMb = retainedHeap();
  const time = { dbMs: Math.round(io.dbMs), httpMs: Math.round(io.httpMs), otherMs: Math.round(durationMs - io.dbMs - io.httpMs) };
  return {
    durationMs, discoveryMs, time, counts, callsByEndpoint: io.callsByEndpoint, runs: reports.length, notSucceeded, modes,
    peakRssMb, peakHeapUsedMb, retainedHeapMb,
    database: { transactions: rounded(io.transactions), topStatements: topStatements(io.statements) },
  };
}
