import type { Command } from 'commander';
import { SyncError } from '../../errors.js';
import type { RunReport } from '../../sync/context.js';
import { summarize, type SyncSummary } from '../../sync/summary.js';
import { runSync, type SyncRequest } from '../../scheduler/sync-now.js';
import type { App } from '../../app.js';
import { formatTable, printJson, type Output } from '../output.js';
import { parseConcurrency, parseId, type CommandRunner } from './shared.js';

interface SyncFlags {
  partner: string;
  connection?: string;
  race?: string;
  full?: boolean;
  incrementalDays?: string;
  includePast?: boolean;
  results?: boolean;
  bib?: string;
  dryRun?: boolean;
  verbose?: boolean;
  allowMassDelete?: boolean;
  /** Defaulted by commander, on both commands. */
  concurrency: string;
  json?: boolean;
}

export function registerSync(program: Command, run: CommandRunner): void {
  const common = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .requiredOption('--partner <id>', 'timing partner id')
      .option('--connection <id>', 'only this connection of the partner')
      .option('--race <id>', "only this race (the provider's race or event id)")
      .option('--include-past', name === 'results' ? 'every started race, not only those of the last 7 days' : 'also sync races that have already started')
      .option('--dry-run', 'read from the provider and report what would change, writing nothing')
      .option('--verbose', 'with --dry-run: list every record that would change, not only the counts')
      .option('--json', 'print the summary as one JSON object');
  common('sync', 'discover events, then sync participants (or results) of each race')
    .option('--full', 'read every record instead of the changes since the last sync')
    .option('--incremental-days <n>', 'do a full read when the last success is older than this (default 7)')
    .option('--bib <n>', 'refresh only the participant holding this bib')
    .option('--allow-mass-delete', 'apply deletions even above the mass-delete guard')
    .option('--results', 'collect results of started races instead of participants')
    .option('--concurrency <n>', 'reads run at the same time (each race or event is still read by one)', '2')
    .action((flags: SyncFlags) => run(flags, (app, out) => syncCommand(app, out, flags)));
  common('results', 'discover events, then collect the results of started races (same as sync --results)')
    .option('--concurrency <n>', 'reads run at the same time (each race is still read by one)', '2')
    .action((flags: SyncFlags) => run(flags, (app, out) => syncCommand(app, out, { ...flags, results: true })));
}

function checkFlags(flags: SyncFlags): void {
  if (flags.results && flags.bib !== undefined) throw new SyncError('config', '--bib refreshes one participant; it cannot be combined with --results');
  if (flags.results && flags.allowMassDelete) throw new SyncError('config', '--allow-mass-delete applies to participants; results have no mass-delete guard');
  if (flags.bib !== undefined && flags.full) throw new SyncError('config', '--bib refreshes one participant; it cannot be combined with --full');
  if (flags.bib !== undefined && flags.bib.trim() === '') throw new SyncError('config', '--bib needs a bib number');
  if (flags.verbose && !flags.dryRun) throw new SyncError('config', '--verbose lists what a dry run would change; add --dry-run');
}

async function syncCommand(app: App, out: Output, flags: SyncFlags): Promise<number> {
  checkFlags(flags);
  const concurrency = parseConcurrency(flags.concurrency);
  const request: SyncRequest = {
    partnerId: parseId(flags.partner, '--partner'),
    connectionId: flags.connection === undefined ? undefined : parseId(flags.connection, '--connection'),
    race: flags.race,
    full: Boolean(flags.full),
    includePast: Boolean(flags.includePast),
    results: Boolean(flags.results),
    bib: flags.bib,
    dryRun: Boolean(flags.dryRun),
    allowMassDelete: Boolean(flags.allowMassDelete),
    concurrency,
  };
  const incrementalDays = flags.incrementalDays === undefined ? app.config.incrementalDays : Number(flags.incrementalDays);
  if (!Number.isFinite(incrementalDays) || incrementalDays <= 0) throw new SyncError('config', `--incremental-days must be a positive number, got "${flags.incrementalDays}"`);
  return withStopSignal(async (signal) => {
    const ctx = app.syncContext({ signal, incrementalDays });
    const startedAt = new Date();
    const deps = { ctx, box: app.box, fetch: globalThis.fetch, reserveShare: app.config.reserveShare, authFailureLimit: app.config.authFailureLimit };
    const reports = await runSync({ ...deps, onRun: (r) => progress(out, r) }, request);
    refuseUnknownRace(request, reports);
    const summary = summarize(flags.verbose ? reports : reports.map(({ preview: _, ...r }) => r), startedAt, new Date(), request.dryRun);
    if (out.json) printJson(out, summary);
    else out.write(formatSummary(summary) + (flags.verbose ? formatPreview(summary) : ''));
    if (request.results && !request.includePast && !reports.some((r) => r.race)) {
      out.progress(`No race of partner ${request.partnerId} started in the last 7 days; add --include-past to collect older results.\n`);
    }
    return exitCodeOf(summary);
  });
}

/** `--race` that matched nothing (after a discovery that worked) is a mistake to report, not an empty success. */
function refuseUnknownRace(request: SyncRequest, reports: RunReport[]): void {
  const discoveryFailed = reports.some((r) => r.kind === 'discovery' && r.status !== 'succeeded');
  if (request.race === undefined || discoveryFailed || reports.some((r) => r.race)) return;
  throw new SyncError('config', `No race or event "${request.race}" of partner ${request.partnerId}${request.results ? ' has started' : ' is still ahead'}; ` +
    `see \`p88 status --partner ${request.partnerId}\`${request.includePast ? '' : ', or add --include-past'}`);
}

/** 0 all done; 2 done in part; 1 when nothing succeeded (every run failed). */
export function exitCodeOf(summary: SyncSummary): number {
  const t = summary.totals;
  if (t.runs > 0 && t.failed === t.runs) return 1;
  return t.failed + t.partial > 0 ? 2 : 0;
}

/** Runs `work` with an AbortSignal that Ctrl-C (SIGINT) and SIGTERM trigger: runs finish their page and stop. */
export async function withStopSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function progress(out: Output, report: RunReport): void {
  if (out.json) return;
  const what = report.race ? `${report.race.name} (${report.race.providerRaceId})` : 'events and races';
  out.progress(`${report.status === 'succeeded' ? '✓' : '✗'} ${report.kind} ${what}: ${report.status}\n`);
}

export function formatSummary(summary: SyncSummary): string {
  const rows = summary.partners.flatMap((p) =>
    p.runs.map((r) => [
      p.timingPartnerId, r.connectionId, r.kind, r.race ? `${r.race.name} (${r.race.providerRaceId})` : '-', r.mode, r.status,
      r.counts.created, r.counts.updated, r.counts.unchanged, r.counts.deleted, r.counts.rejected, r.counts.apiCalls,
      `${(r.durationMs / 1000).toFixed(1)}s`,
    ]),
  );
  const table = formatTable(
    ['partner', 'connection', 'kind', 'race', 'mode', 'status', 'created', 'updated', 'unchanged', 'deleted', 'rejected', 'calls', 'time'],
    rows,
  );
  const errors = summary.partners.flatMap((p) => p.runs.filter((r) => r.error).map((r) => `  ${r.race?.name ?? r.kind}: ${r.error}`));
  const t = summary.totals;
  const byKind = Object.entries(summary.byKind).map(([kind, c]) =>
    `${kind === 'discovery' ? 'events and races' : kind}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged` +
      (kind === 'discovery' ? '' : `, ${c.deleted} deleted`) + `, ${c.rejected} rejected`);
  return [
    table,
    `${t.runs} runs${summary.dryRun ? ' (dry run: nothing written)' : ''}; ${t.apiCalls} API calls; ${t.failed} failed, ${t.partial} partial; ` +
      `${(summary.durationMs / 1000).toFixed(1)} s`,
    ...byKind.map((line) => `  ${line}`),
    ...(errors.length ? ['Errors:', ...errors] : []),
    '',
  ].join('\n');
}

/** `--dry-run --verbose`: one line per record that would change. */
function formatPreview(summary: SyncSummary): string {
  const lines = summary.partners.flatMap((p) => p.runs.flatMap((r) => (r.preview ?? []).map((c) =>
    `  ${r.race ? `${r.race.name}: ` : ''}${c.kind} ${c.entity} ${c.key}${c.oldValues ? ` ${JSON.stringify(c.oldValues)} →` : ''}${c.newValues ? ` ${JSON.stringify(c.newValues)}` : ''}`)));
  return lines.length ? ['Would change:', ...lines, ''].join('\n') : 'Nothing would change.\n';
}
