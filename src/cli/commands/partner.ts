import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { SyncError } from '../../errors.js';
import { resolvePolicy } from '../../scheduler/policy.js';
import { addPartner, listPartners, updatePartner } from '../../tenants/partners.js';
import { formatTable, printJson } from '../output.js';
import { dropPartner } from '../../services/connections.js';
import { parseId, type CommandRunner } from './shared.js';

function parseSchedule(text: string): unknown {
  let overrides: unknown;
  try {
    overrides = JSON.parse(text);
  } catch {
    throw new SyncError('config', '--schedule must be a JSON object');
  }
  try {
    resolvePolicy(overrides);
  } catch (error) {
    throw new SyncError('config', (error as Error).message);
  }
  return overrides;
}

export function registerPartner(program: Command, run: CommandRunner): void {
  const partner = program.command('partner').description('timing partners (tenants)');
  partner
    .command('add')
    .description('add a timing partner and print its id')
    .requiredOption('--name <name>', 'company name')
    .option('--time-zone <tz>', 'IANA time zone for its schedules', 'America/New_York')
    .option('--schedule <json>', 'overrides of the sync schedule, e.g. \'{"participants":{"raceDayIntervalMs":120000}}\'')
    .option('--json', 'print {"id": …}')
    .action((flags: { name: string; timeZone: string; schedule?: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        if (flags.name.trim() === '') throw new SyncError('config', '--name must not be empty');
        if (!DateTime.local().setZone(flags.timeZone).isValid) {
          throw new SyncError('config', `--time-zone "${flags.timeZone}" is not an IANA time zone (e.g. America/Chicago)`);
        }
        const settings = flags.schedule === undefined ? {} : { schedule: parseSchedule(flags.schedule) };
        const created = await addPartner(app.db, flags.name.trim(), flags.timeZone, settings);
        if (out.json) printJson(out, { id: created.id });
        else out.write(`${created.id}\n`);
        return 0;
      }),
    );
  partner
    .command('list')
    .description('list timing partners')
    .option('--json', 'print a JSON array')
    .action((flags: { json?: boolean }) =>
      run(flags, async (app, out) => {
        const partners = await listPartners(app.db);
        if (out.json) printJson(out, partners);
        else out.write(formatTable(['id', 'name', 'time zone'], partners.map((p) => [p.id, p.name, p.timeZone])));
        return 0;
      }),
    );
  partner
    .command('remove <id>')
    .description('remove a partner and all its connections; their data is kept, soft-deleted')
    .option('--purge', 'delete their data and history too (cannot be undone)')
    .option('--json', 'print {"id": …, "connections": […], "purged": …}')
    .action((id: string, flags: { purge?: boolean; json?: boolean }) =>
      run(flags, async (app, out) => {
        const partnerId = parseId(id, 'id');
        const { connections } = await dropPartner(app, partnerId, Boolean(flags.purge));
        if (out.json) printJson(out, { id: partnerId, connections, purged: Boolean(flags.purge) });
        else out.write(`Partner ${partnerId} removed with ${connections.length} connection(s)${flags.purge ? ' and all their data' : '; their data is kept, soft-deleted'}.\n`);
        return 0;
      }),
    );
  partner
    .command('update <id>')
    .description('change a partner: name, time zone, schedule overrides, publishing policy (what is not given stays)')
    .option('--name <name>', 'company name')
    .option('--time-zone <tz>', 'IANA time zone for its schedules')
    .option('--schedule <json>', 'overrides of the sync schedule (replaces earlier overrides)')
    .option('--publishing <policy>', 'automatic (publish results after each results sync that changed something) | approval (results wait for `p88 publish approve`)')
    .option('--json', 'print the partner')
    .action((id: string, flags: { name?: string; timeZone?: string; schedule?: string; publishing?: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        if (flags.name !== undefined && flags.name.trim() === '') throw new SyncError('config', '--name must not be empty');
        if (flags.timeZone !== undefined && !DateTime.local().setZone(flags.timeZone).isValid) {
          throw new SyncError('config', `--time-zone "${flags.timeZone}" is not an IANA time zone (e.g. America/Chicago)`);
        }
        if (flags.publishing !== undefined && !['automatic', 'approval'].includes(flags.publishing)) {
          throw new SyncError('config', `--publishing must be automatic or approval, got "${flags.publishing}"`);
        }
        const settings = {
          ...(flags.schedule === undefined ? {} : { schedule: parseSchedule(flags.schedule) }),
          ...(flags.publishing === undefined ? {} : { publishing: flags.publishing }),
        };
        const updated = await updatePartner(app.db, parseId(id, 'id'), {
          name: flags.name?.trim(), timeZone: flags.timeZone, settings: Object.keys(settings).length ? settings : undefined,
        });
        if (!updated) throw new SyncError('config', `No timing partner with id ${id}; see \`p88 partner list\``);
        if (out.json) printJson(out, updated);
        else out.write(`Partner ${updated.id} updated.\n`);
        return 0;
      }),
    );
}
