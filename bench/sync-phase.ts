/**
 * One timed `runSync` of the bench partner: wall time, summed run counts, the calls seen on the
 * wire by endpoint, peak RSS, and a progress line on stderr every few seconds.
 */
import type { HttpFetch } from '../src/providers/types.js';
import type { SecretBox } from '../src/secrets.js';
import type { RunReport, SyncContext } from '../src/sync/context.js';
import { addCounts, emptyCounts } from '../src/sync/store/runs.js';
import { runSync } from '../src/sync/sync-service.js';
import type { SyncPhase } from './results.js';
import { sampleRss, toMb } from './rss-sampler.js';

const PROGRESS_EVERY_MS = 5000;

export interface PhaseSetup {
  ctx: SyncContext;
  box: SecretBox;
  partnerId: number;
  /** Prefixes progress lines, e.g. "[pg] full sync". */
  label: string;
  totalRaces: number;
}

function endpointOf(url: string): string {
  const path = new URL(url).pathname.replace(/^\/Rest/i, '');
  if (path === '/races') return '/races';
  if (/^\/race\/[^/]+$/.test(path)) return '/race/{id}';
  return path.replace(/^\/race\/[^/]+/, '/race/{id}');
}

/** globalThis.fetch, counting each call by endpoint. */
function countingFetch(byEndpoint: Record<string, number>): HttpFetch {
  return (url, init) => {
    const endpoint = endpointOf(url);
    byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
    return fetch(url, init);
  };
}

export async function timeSync(setup: PhaseSetup, full: boolean): Promise<SyncPhase> {
  const callsByEndpoint: Record<string, number> = {};
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
    { ctx: setup.ctx, box: setup.box, fetch: countingFetch(callsByEndpoint), onRun },
    { partnerId: setup.partnerId, full, includePast: true, results: false, dryRun: false },
  );
  const durationMs = Math.round(performance.now() - startedAt);
  const peakRssMb = toMb(rss.stop());
  process.stderr.write(`${setup.label}: done in ${(durationMs / 1000).toFixed(1)} s (${reports.length} runs, ${notSucceeded} not succeeded)\n`);
  return { durationMs, discoveryMs, counts, callsByEndpoint, runs: reports.length, notSucceeded, modes, peakRssMb };
}
