import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { SyncError } from '../../errors.js';
import {
  buildStatusReport, type ConnectionStatusReport, type PartnerStatus, type PendingAlert, type RecentFailure, type StatusReport,
} from '../../status/status-report.js';
import { formatTable, printJson } from '../output.js';
import { parseId, type CommandRunner } from './shared.js';

export function registerStatus(program: Command, run: CommandRunner): void {
  program
    .command('status')
    .description('per connection: call budget of this hour, due and running targets, next races with their cadence, recent failures')
    .option('--partner <id>', 'only this timing partner')
    .option('--json', 'print the report as one JSON object')
    .action((flags: { partner?: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        const partnerId = flags.partner === undefined ? undefined : parseId(flags.partner, '--partner');
        const report = await buildStatusReport(app.db, new Date(), { partnerId });
        if (partnerId !== undefined && report.partners.length === 0) {
          throw new SyncError('config', `No timing partner with id ${partnerId}; see \`p88 partner list\``);
        }
        if (out.json) printJson(out, report);
        else out.write(formatStatus(report));
        return 0;
      }),
    );
}

export function formatStatus(report: StatusReport): string {
  if (report.partners.length === 0) return 'No timing partners yet; add one with `p88 partner add`.\n';
  return report.partners.map((p) => formatPartner(p, report.generatedAt)).join('\n');
}

function formatPartner(partner: PartnerStatus, now: Date): string {
  const zone = partner.timeZone;
  const lines = [`Partner ${partner.id} ${partner.name} (times in ${zone})`];
  if (partner.connections.length === 0) lines.push('  no connections; add one with `p88 connection add`');
  for (const connection of partner.connections) lines.push(...formatConnection(connection, zone, now));
  if (partner.alerts.length > 0) lines.push('  Alerts:', ...partner.alerts.map((a) => `    ${alertLine(a, zone)}`));
  return lines.join('\n') + '\n';
}

function formatConnection(c: ConnectionStatusReport, zone: string, now: Date): string[] {
  const budget = c.budget
    ? `budget ${c.budget.usedThisHour} used/${c.budget.left} left of ${c.budget.callsPerHour} this hour` +
      (c.budget.pausedUntil ? `, paused until ${localTime(c.budget.pausedUntil, zone)}` : '')
    : 'budget not used yet';
  const t = c.targets;
  const lines = [
    `  Connection ${c.id} ${c.provider} (${c.status}): ${budget}; targets ${t.due} due, ${t.running} running ` +
      `(${t.active} active, ${t.paused} paused, ${t.done} done, ${t.failed} failed)`,
  ];
  if (c.nextRaces.length === 0) lines.push('    no upcoming races');
  else {
    const table = formatTable(
      ['race', 'start', 'cadence', 'next run', 'last success', 'freshness', 'lateness', ''],
      c.nextRaces.map((r) => [
        `${r.name} (${r.providerRaceId})`, localTime(r.startTime, zone), r.budgetCadence ? `${r.budgetCadence} (budget; policy ${r.cadence})` : r.cadence,
        r.nextRunAt ? (r.nextRunAt <= now ? 'due' : localTime(r.nextRunAt, zone)) : '-',
        r.lastSuccessAt ? localTime(r.lastSuccessAt, zone) : 'never',
        r.freshnessSeconds === null ? '-' : duration(r.freshnessSeconds * 1000),
        r.lastLatenessMs === null ? '-' : duration(r.lastLatenessMs),
        r.slowedDown ? 'slowed' : r.budgetCadence ? 'stretched' : '',
      ]),
    );
    lines.push(...indent(table, '    '));
  }
  if (c.failures.length > 0) lines.push('    Recent failures:', ...c.failures.map((f) => `      ${failureLine(f, zone)}`));
  if (c.alerts.length > 0) lines.push('    Alerts:', ...c.alerts.map((a) => `      ${alertLine(a, zone)}`));
  return lines;
}

function failureLine(f: RecentFailure, zone: string): string {
  const what = f.raceName ? `${f.kind} ${f.raceName}` : f.kind;
  return `${localTime(f.at, zone)}  ${what}: ${f.status}, ${f.errorClass ?? 'unclassified'}${f.message ? ` — ${f.message}` : ''}`;
}

function alertLine(a: PendingAlert, zone: string): string {
  return `${localTime(a.at, zone)}  ${a.kind}: ${a.message}`;
}

/** Times in the partner's zone (that is the clock its races and schedules are read by), labelled with it. */
function localTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd HH:mm ZZZZ');
}

/** '45 s', '12 min', '3 h 5 min', '2 d 4 h'. */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (ms < 1000) return `${ms} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return h % 24 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${Math.floor(h / 24)} d`;
}

function indent(text: string, prefix: string): string[] {
  return text.trimEnd().split('\n').map((line) => prefix + line);
}
