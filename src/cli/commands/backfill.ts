import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { DateTime } from 'luxon';
import { SyncError } from '../../errors.js';
import { runBackfill, type BackfillRequest } from '../../sync/backfill.js';
import { summarize } from '../../sync/summary.js';
import type { App } from '../../app.js';
import { printJson, type Output } from '../output.js';
import { parseId, type CommandRunner } from './shared.js';
import { exitCodeOf, formatSummary, withStopSignal } from './sync.js';

interface BackfillFlags {
  partner?: string;
  connection?: string;
  from?: string;
  to?: string;
  maxPartners?: string;
  results?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export function registerBackfill(program: Command, run: CommandRunner): void {
  program
    .command('backfill')
    .description('load historical races (events, participants and optionally results) in resumable steps')
    .option('--partner <id>', 'only this timing partner (default: every partner)')
    .option('--connection <id>', 'only this connection')
    .option('--from <date>', 'races starting on or after this date (YYYY-MM-DD)')
    .option('--to <date>', 'races starting before this date (YYYY-MM-DD; default today)')
    .option('--max-partners <n>', 'stop after this many partners')
    .option('--results', 'also collect each race\'s results')
    .option('--dry-run', 'read and report what would change, writing nothing')
    .option('--json', 'print the summary as one JSON object')
    .addHelpText('after', `
Small races go first and every page is committed, so a backfill can be stopped (Ctrl-C) or can crash
at any point: run the same command again and it goes on from where it stopped. It never moves the
live sync cursors and uses only the share of the call budget that is not reserved for race day,
waiting for it when it runs out.`)
    .action((flags: BackfillFlags) => run(flags, (app, out) => backfillCommand(app, out, flags)));
}

function parseDate(text: string | undefined, flag: string): Date | undefined {
  if (text === undefined) return undefined;
  const date = DateTime.fromISO(text, { zone: 'utc' });
  if (!date.isValid) throw new SyncError('config', `${flag} must be a date like 2025-01-31, got "${text}"`);
  return date.toJSDate();
}

async function backfillCommand(app: App, out: Output, flags: BackfillFlags): Promise<number> {
  const request: BackfillRequest = {
    partnerId: flags.partner === undefined ? undefined : parseId(flags.partner, '--partner'),
    connectionId: flags.connection === undefined ? undefined : parseId(flags.connection, '--connection'),
    from: parseDate(flags.from, '--from'),
    to: parseDate(flags.to, '--to'),
    maxPartners: flags.maxPartners === undefined ? undefined : parseId(flags.maxPartners, '--max-partners'),
    results: Boolean(flags.results),
    dryRun: Boolean(flags.dryRun),
  };
  if (request.from && request.to && request.to <= request.from) {
    throw new SyncError('config', `--to (${flags.to}) must come after --from (${flags.from})`);
  }
  return withStopSignal((signal) => backfillWithProgress(app, out, request, signal));
}

async function backfillWithProgress(app: App, out: Output, request: BackfillRequest, signal: AbortSignal): Promise<number> {
  const ctx = app.syncContext({ signal });
  const tty = Boolean((process.stderr as { isTTY?: boolean }).isTTY) && !out.json;
  const bar = tty ? new cliProgress.SingleBar({ format: 'backfill {bar} {value}/{total} races | ETA {eta_formatted} | {race}' }, cliProgress.Presets.shades_classic) : null;
  const startedAt = new Date();
  try {
    const reports = await runBackfill({
      ctx, box: app.box, fetch: globalThis.fetch, reserveShare: app.config.reserveShare,
      progress: {
        onPlan: (connection, races) => {
          if (bar) bar.start(races, 0, { race: '' });
          else out.progress(`connection ${connection.id}: ${races} races to backfill\n`);
        },
        onRace: (report, done, total) => {
          const name = report.race ? `${report.race.name} (${report.race.providerRaceId})` : report.kind;
          if (bar) bar.update(done, { race: name });
          else out.progress(`[${done}/${total}] ${name}: ${report.status}, ${report.counts.created} created, ${report.counts.apiCalls} calls\n`);
        },
        onWait: (until) => out.progress(`${bar ? '\n' : ''}waiting for the call budget until ${until.toISOString()}\n`),
      },
    }, request);
    bar?.stop();
    const summary = summarize(reports, startedAt, new Date(), request.dryRun);
    if (out.json) printJson(out, summary);
    else out.write(formatSummary(summary));
    if (signal.aborted) out.progress('Stopped; run the same command again to go on from here.\n');
    return exitCodeOf(summary);
  } finally {
    bar?.stop();
  }
}
