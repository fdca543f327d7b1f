import type { Command } from 'commander';
import { SyncError } from '../../errors.js';
import type { RunReport, SyncContext } from '../../sync/context.js';
import { summarize, type SyncSummary } from '../../sync/summary.js';
import { runSync, type SyncRequest } from '../../sync/sync-service.js';
import { workerId } from '../../sync/store/targets.js';
import type { App } from '../app.js';
import { formatTable, printJson, type Output } from '../output.js';
import { parseId, type CommandRunner } from './shared.js';

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
  allowMassDelete?: boolean;
  json?: boolean;
}

export function registerSync(program: Command, run: CommandRunner): void {
  const addSync = (name: string, description: string, resultsOnly: boolean) =>
    program
      .command(name)
      .description(description)
      .requiredOption('--partner <id>', 'timing partner id')
      .option('--connection <id>', 'only this connection of the partner')
      .option('--race <id>', "only this race (the provider's race or event id)")
      .option('--full', 'read every record instead of the changes since the last sync')
      .option('--incremental-days <n>', 'do a full read when the last success is older than this (default 7)')
      .option('--include-past', 'also sync races that have already started')
      .option('--bib <n>', 'refresh only the participant holding this bib')
      .option('--dry-run', 'read from the provider and report what would change, writing nothing')
      .option('--allow-mass-delete', 'apply deletions even above the mass-delete guard')
      .option('--json', 'print the summary as one JSON object')
      .action((flags: SyncFlags) => run(flags, (app, out) => syncCommand(app, out, { ...flags, results: resultsOnly || flags.results })));
  addSync('sync', 'discover events, then sync participants (or results) of each race', false)
    .option('--results', 'collect results of started races instead of participants');
  addSync('results', 'discover events, then collect the results of started races (same as sync --results)', true);
}

async function syncCommand(app: App, out: Output, flags: SyncFlags): Promise<number> {
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
  };
  const incrementalDays = flags.incrementalDays === undefined ? app.config.incrementalDays : Number(flags.incrementalDays);
  if (!Number.isFinite(incrementalDays) || incrementalDays <= 0) throw new SyncError('config', '--incremental-days must be a positive number');
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const ctx: SyncContext = {
    db: app.db,
    log: app.log,
    now: () => new Date(),
    settings: { incrementalDays, deleteGuard: app.config.deleteGuard, cursorLagSeconds: app.config.cursorLagSeconds },
    holder: workerId(),
    signal: stop.signal,
  };
  const startedAt = new Date();
  try {
    const reports = await runSync({ ctx, box: app.box, fetch: globalThis.fetch, reserveShare: app.config.reserveShare, onRun: (r) => progress(out, r) }, request);
    const summary = summarize(reports, startedAt, new Date(), request.dryRun);
    if (out.json) printJson(out, summary);
    else out.write(formatSummary(summary));
    return summary.totals.failed + summary.totals.partial > 0 ? 2 : 0;
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
      p.timingPartnerId, r.kind, r.race ? `${r.race.name} (${r.race.providerRaceId})` : '-', r.mode, r.status,
      r.counts.created, r.counts.updated, r.counts.unchanged, r.counts.deleted, r.counts.rejected, r.counts.apiCalls,
      `${(r.durationMs / 1000).toFixed(1)}s`,
    ]),
  );
  const t = summary.totals;
  const table = formatTable(
    ['partner', 'kind', 'race', 'mode', 'status', 'created', 'updated', 'unchanged', 'deleted', 'rejected', 'calls', 'time'],
    rows,
  );
  const errors = summary.partners.flatMap((p) => p.runs.filter((r) => r.error).map((r) => `  ${r.race?.name ?? r.kind}: ${r.error}`));
  return [
    table,
    `${t.runs} runs${summary.dryRun ? ' (dry run: nothing written)' : ''}: ${t.created} created, ${t.updated} updated, ` +
      `${t.unchanged} unchanged, ${t.deleted} deleted, ${t.rejected} rejected; ${t.apiCalls} API calls; ` +
      `${t.failed} failed, ${t.partial} partial; ${(summary.durationMs / 1000).toFixed(1)} s`,
    ...(errors.length ? ['Errors:', ...errors] : []),
    '',
  ].join('\n');
}
