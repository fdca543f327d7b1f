import type { Command } from 'commander';
import { SyncError } from '../../errors.js';
import { checkLink, createLink, decide, dropLink, listLinkViews, pushNow, waitingPublications, type LinkView } from '../../services/outbound.js';
import { summarize } from '../../sync/summary.js';
import { formatTable, printJson } from '../output.js';
import { parseId, type CommandRunner } from './shared.js';
import { exitCodeOf, formatSummary } from './sync.js';

const partnerOf = (flags: { partner?: string }) => (flags.partner === undefined ? undefined : parseId(flags.partner, '--partner'));
const side = (s: LinkView['registration']) => `${s.name} (${s.provider}, race ${s.raceId})`;

export function registerLink(program: Command, run: CommandRunner): void {
  const link = program.command('link').description('a registration race linked to the race that scores it (for push, matching and publishing)');
  link.command('add')
    .description('link two races of one partner (race ids of unified_races) and print the link id')
    .requiredOption('--partner <id>', 'timing partner id')
    .requiredOption('--registration-race <race_id>', 'the race people registered for')
    .requiredOption('--scoring-race <race_id>', 'the race that times it')
    .option('--json', 'print the link')
    .action((flags: { partner: string; registrationRace: string; scoringRace: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        const created = await createLink(app, parseId(flags.partner, '--partner'), parseId(flags.registrationRace, '--registration-race'), parseId(flags.scoringRace, '--scoring-race'));
        if (out.json) printJson(out, created);
        else out.write(`${created.id}\n`);
        return 0;
      }));
  link.command('list')
    .description('list links')
    .option('--partner <id>', 'only this partner')
    .option('--json', 'print a JSON array')
    .action((flags: { partner?: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        const links = await listLinkViews(app, partnerOf(flags));
        if (out.json) printJson(out, links);
        else out.write(formatTable(['id', 'partner', 'registration race', 'scoring race'], links.map((l) => [l.id, l.timingPartnerId, side(l.registration), side(l.scoring)])));
        return 0;
      }));
  link.command('remove <id>')
    .description('remove a link (nothing is pushed or published for it any more)')
    .option('--partner <id>', 'refuse unless the link is this partner\'s')
    .option('--json', 'print {"id": …}')
    .action((id: string, flags: { partner?: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        await dropLink(app, parseId(id, 'id'), partnerOf(flags));
        if (out.json) printJson(out, { id: Number(id) });
        else out.write(`Link ${id} removed.\n`);
        return 0;
      }));
  link.command('check <id>')
    .description('match the scoring race\'s results to the registrations now, and list what is unmatched or ambiguous (exit code 2 when any is)')
    .option('--partner <id>', 'refuse unless the link is this partner\'s')
    .option('--json', 'print the report')
    .action((id: string, flags: { partner?: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        const report = await checkLink(app, parseId(id, 'id'), partnerOf(flags));
        const { matches } = report;
        if (out.json) printJson(out, report);
        else {
          out.write(`Link ${id}: ${side(report.link.registration)} ← ${side(report.link.scoring)}\n` +
            `${matches.matched.bib} matched by bib, ${matches.matched.name_birthdate} by name and birthdate, ` +
            `${matches.unmatched.length} unmatched, ${matches.ambiguous.length} ambiguous\n`);
          for (const u of matches.unmatched) out.write(`  unmatched  bib ${u.bib ?? '-'}  ${u.name}: ${u.why}\n`);
          for (const a of matches.ambiguous) out.write(`  ambiguous  bib ${a.bib ?? '-'}  ${a.name}: ${a.candidates.join(', ')}\n`);
          for (const r of report.pushRejects) out.write(`  push refused  ${r.pushedId}: ${r.reason}\n`);
        }
        return matches.unmatched.length + matches.ambiguous.length > 0 ? 2 : 0;
      }));
}

export function registerPush(program: Command, run: CommandRunner): void {
  program.command('push')
    .description('push the new and changed participants of a link\'s registration race to its scoring race now')
    .requiredOption('--link <id>', 'the link')
    .option('--partner <id>', 'refuse unless the link is this partner\'s')
    .option('--dry-run', 'list what would be sent, sending nothing')
    .option('--verbose', 'with --dry-run: list every participant that would be sent')
    .option('--json', 'print the summary as one JSON object')
    .action((flags: { link: string; partner?: string; dryRun?: boolean; verbose?: boolean; json?: boolean }) =>
      run(flags, async (app, out) => {
        const startedAt = new Date();
        const reports = await pushNow(app, parseId(flags.link, '--link'), partnerOf(flags), Boolean(flags.dryRun));
        const summary = summarize(flags.verbose ? reports : reports.map(({ preview: _, ...r }) => r), startedAt, new Date(), Boolean(flags.dryRun));
        if (out.json) printJson(out, summary);
        else out.write(formatSummary(summary));
        return exitCodeOf(summary);
      }));
}

export function registerPublish(program: Command, run: CommandRunner): void {
  const publish = program.command('publish').description('results going back to the registration provider: what waits for approval, and the decisions');
  publish.command('list')
    .description('publications waiting (pending, approved, failed), with their diff against what was last published')
    .option('--partner <id>', 'only this partner')
    .option('--json', 'print a JSON array')
    .action((flags: { partner?: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        const publications = await waitingPublications(app, partnerOf(flags));
        if (out.json) printJson(out, publications);
        else {
          out.write(formatTable(['id', 'partner', 'link', 'status', 'rows', 'new', 'changed', 'correction', 'created'],
            publications.map((p) => [p.id, p.timingPartnerId, p.linkId, p.status, p.rows.length, p.diff.added, p.diff.changed.length, p.correction ? 'yes' : '', p.createdAt.toISOString()])));
          for (const p of publications) for (const c of p.diff.changed) out.write(`  ${p.id}: ${c.registrationId} ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}\n`);
        }
        return 0;
      }));
  for (const [verb, decision] of [['approve', 'approved'], ['reject', 'rejected']] as const) {
    const command = publish.command(`${verb} <id>`)
      .description(verb === 'approve' ? 'approve a pending publication: the next publish run sends it (at once with --now)' : 'refuse a pending publication: it is never sent')
      .option('--partner <id>', 'refuse unless the publication is this partner\'s')
      .option('--by <name>', 'who decides (recorded with the publication)', 'operator');
    if (verb === 'approve') command.option('--now', 'publish it now instead of at the next publish run');
    command
      .option('--json', 'print the publication')
      .action((id: string, flags: { partner?: string; by: string; now?: boolean; json?: boolean }) =>
        run(flags, async (app, out) => {
          if (!flags.by.trim()) throw new SyncError('config', '--by must name who decides');
          const { publication, reports } = await decide(app, parseId(id, 'id'), partnerOf(flags), decision, flags.by, Boolean(flags.now));
          if (out.json) printJson(out, { publication, reports });
          else out.write(`Publication ${publication.id} is ${publication.status}.${reports.some((r) => r.status !== 'succeeded') ? ` ${reports.find((r) => r.error)?.error ?? ''}` : ''}\n`);
          return reports.some((r) => r.status === 'failed') ? 2 : 0;
        }));
  }
}
