import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { classifyError, errorMessage, SyncError } from '../../errors.js';
import { providerEntry } from '../../providers/registry.js';
import { createConnectionHandle } from '../../sync/connection-handle.js';
import { addConnection, listConnections, openConnection, setConnectionStatus } from '../../tenants/connections.js';
import { getPartner } from '../../tenants/partners.js';
import type { App } from '../app.js';
import { formatTable, printJson, type Output } from '../output.js';
import { parseId, type CommandRunner } from './shared.js';

/** Credential flags of every provider (DESIGN.md §6); each provider takes the ones it lists. */
const CREDENTIAL_FLAGS = ['api_key', 'api_secret', 'client_id', 'client_secret', 'username', 'password'] as const;
const flagName = (field: string) => field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** `key=value`; the value is read as JSON when it is JSON (numbers, booleans, null), else as text. */
function collectSetting(pair: string, settings: Record<string, unknown>): Record<string, unknown> {
  const at = pair.indexOf('=');
  if (at <= 0) throw new SyncError('config', `--setting needs key=value, got "${pair}"`);
  const text = pair.slice(at + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // plain text
  }
  return { ...settings, [pair.slice(0, at)]: value };
}

interface AddFlags {
  partner: string;
  setting: Record<string, unknown>;
  provider: string;
  baseUrl?: string;
  budget?: string;
  json?: boolean;
  [credential: string]: unknown;
}

export function registerConnection(program: Command, run: CommandRunner): void {
  const connection = program.command('connection').description("a partner's credentials for one provider");
  const add = connection
    .command('add')
    .description('add a connection and print its id; secrets are stored encrypted')
    .requiredOption('--partner <id>', 'timing partner id')
    .requiredOption('--provider <name>', 'runsignup')
    .option('--base-url <url>', "the provider API's base URL (default: the real API)")
    .option('--budget <calls>', 'API calls per hour this connection may spend (default: the provider default)')
    .option('--setting <key=value>', 'a provider switch, e.g. participantsPageSize=500 (repeatable)', collectSetting, {})
    .option('--json', 'print {"id": …}');
  for (const field of CREDENTIAL_FLAGS) {
    add.option(`--${field.replace(/_/g, '-')} <value>`, `${field}${/secret|password/.test(field) ? ' ("-" reads it from stdin)' : ''}`);
  }
  add.addHelpText('after', '\nThe api secret may also come from the environment variable P88_API_SECRET.');
  add.action((flags: AddFlags) => run(flags, (app, out) => addCommand(app, out, flags)));

  connection
    .command('list')
    .description('list connections (never their secrets)')
    .option('--partner <id>', 'only this partner')
    .option('--json', 'print a JSON array')
    .action((flags: { partner?: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        const rows = await listConnections(app.db, flags.partner ? parseId(flags.partner, '--partner') : undefined);
        if (out.json) printJson(out, rows);
        else {
          out.write(formatTable(
            ['id', 'partner', 'provider', 'base url', 'budget/h', 'status'],
            rows.map((c) => [c.id, c.timingPartnerId, c.provider, c.baseUrl ?? '(default)', c.budgetPerHour, c.status]),
          ));
        }
        return 0;
      }),
    );

  for (const [name, status, what] of [['pause', 'paused', 'take a connection out of the schedule'], ['resume', 'active', 'put a paused connection (or one paused after auth failures) back in the schedule']] as const) {
    connection
      .command(`${name} <id>`)
      .description(what)
      .option('--json', 'print {"id": …, "status": …}')
      .action((id: string, flags: { json?: boolean }) =>
        run(flags, async (app, out) => {
          if (!(await setConnectionStatus(app.db, parseId(id, 'id'), status))) throw new SyncError('config', `No connection with id ${id}`);
          if (out.json) printJson(out, { id: Number(id), status });
          else out.write(`Connection ${id} is ${status}.\n`);
          return 0;
        }),
      );
  }

  connection
    .command('test <id>')
    .description('make one cheap authenticated call with the stored credentials')
    .option('--json', 'print {"ok": …, "error": …}')
    .action((id: string, flags: { json?: boolean }) =>
      run(flags, async (app, out) => {
        const open = await openConnection(app.db, app.box, parseId(id, 'id'));
        if (!open) throw new SyncError('config', `No connection with id ${id}; see \`p88 connection list\``);
        const handle = createConnectionHandle(open, globalThis.fetch);
        try {
          await handle.adapter.testConnection();
          if (out.json) printJson(out, { ok: true });
          else out.write(`Connection ${open.id} (${open.provider}) works.\n`);
          return 0;
        } catch (error) {
          const errorClass = classifyError(error);
          const hint = errorClass === 'auth' ? ' The provider refused the credentials: check the key and secret.' : '';
          if (out.json) printJson(out, { ok: false, errorClass, error: errorMessage(error) });
          else out.write(`Connection ${open.id} (${open.provider}) failed: ${errorMessage(error)}.${hint}\n`);
          return 2;
        }
      }),
    );
}

async function addCommand(app: App, out: Output, flags: AddFlags): Promise<number> {
  const partnerId = parseId(flags.partner, '--partner');
  if (!(await getPartner(app.db, partnerId))) throw new SyncError('config', `No timing partner with id ${partnerId}`);
  const entry = providerEntry(flags.provider);
  const credentials: Record<string, string> = {};
  const missing: string[] = [];
  for (const { name, secret } of entry.credentialFields) {
    let value = flags[flagName(name)] as string | undefined;
    if (value === undefined && name === 'api_secret') value = app.config.apiSecret;
    if (value === '-' && secret) value = readFileSync(0, 'utf8').trim();
    if (!value) missing.push(`--${name.replace(/_/g, '-')}`);
    else credentials[name] = value;
  }
  if (missing.length) throw new SyncError('config', `${flags.provider} needs ${missing.join(' and ')}`);
  const budget = flags.budget === undefined ? entry.defaultBudgetPerHour : Number(flags.budget);
  if (!Number.isInteger(budget) || budget <= 0) throw new SyncError('config', '--budget must be a positive whole number of calls per hour');
  if (flags.baseUrl !== undefined && !URL.canParse(flags.baseUrl)) throw new SyncError('config', `--base-url "${flags.baseUrl}" is not a URL`);
  // Building the adapter validates the settings now rather than at the first sync.
  entry.create({ baseUrl: flags.baseUrl ?? entry.defaultBaseUrl, credentials, fetch: globalThis.fetch, settings: flags.setting });
  const created = await addConnection(app.db, app.box, {
    timingPartnerId: partnerId,
    provider: flags.provider as 'runsignup',
    baseUrl: flags.baseUrl ?? null,
    budgetPerHour: budget,
    credentials,
    settings: flags.setting,
  });
  if (out.json) printJson(out, { id: created.id });
  else out.write(`${created.id}\n`);
  return 0;
}
