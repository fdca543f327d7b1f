import type { RunReport } from './context.js';
import { addCounts, emptyCounts, type RunCounts } from './store/runs.js';

/**
 * The end-of-sync summary: per partner and race, mode, counts, calls and duration (the fields the
 * predecessor's runsignup_sync_summary.json had), plus totals and the number of failed runs.
 */
export interface SyncSummary {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  dryRun: boolean;
  totals: RunCounts & { runs: number; failed: number; partial: number };
  /** Counts per kind of run: events and races (discovery) are not participants. */
  byKind: Record<string, RunCounts>;
  partners: {
    timingPartnerId: number;
    apiCalls: number;
    runs: {
      connectionId: number;
      kind: string;
      race: RunReport['race'];
      mode: string;
      status: string;
      counts: RunCounts;
      durationMs: number;
      error?: string;
      heldDeletes?: number;
      preview?: RunReport['preview'];
    }[];
  }[];
}

export function summarize(reports: RunReport[], startedAt: Date, finishedAt: Date, dryRun: boolean): SyncSummary {
  const totals = { ...emptyCounts(), runs: reports.length, failed: 0, partial: 0 };
  const partners = new Map<number, SyncSummary['partners'][number]>();
  const byKind: Record<string, RunCounts> = {};
  for (const report of reports) {
    addCounts(totals, report.counts);
    addCounts((byKind[report.kind] ??= emptyCounts()), report.counts);
    if (report.status === 'failed') totals.failed += 1;
    if (report.status === 'partial') totals.partial += 1;
    const partner = partners.get(report.timingPartnerId) ?? { timingPartnerId: report.timingPartnerId, apiCalls: 0, runs: [] };
    partner.apiCalls += report.counts.apiCalls;
    partner.runs.push({
      connectionId: report.connectionId,
      kind: report.kind,
      race: report.race,
      mode: report.mode,
      status: report.status,
      counts: report.counts,
      durationMs: report.durationMs,
      ...(report.error ? { error: `${report.errorClass ?? 'error'}: ${report.error}` } : {}),
      ...(report.heldDeletes ? { heldDeletes: report.heldDeletes } : {}),
      ...(report.preview ? { preview: report.preview } : {}),
    });
    partners.set(report.timingPartnerId, partner);
  }
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    dryRun,
    totals,
    byKind,
    partners: [...partners.values()],
  };
}
