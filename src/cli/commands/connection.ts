import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { SyncError } from '../../errors.js';
import { describeSettings, PROVIDERS, providerEntry, providerNames, type ProviderEntry } from '../../providers/registry.js';
import { changeConnection, connectionOf, createConnection, dropConnection, testConnection } from '../../services/connections.js';
import { listConnections, setConnectionStatus } from '../../tenants/connections.js';
import type { App } from '../../app.js';
import { formatTable, printJson, type Output } from '../output.js';
import { parseId, type CommandRunner } from './shared.js';

const flagOf = (field: string) => `--${field.replace(/_/g, '-')}`;
const optionKey = (field: string) => field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Every credential field some provider takes, each offered once. */
function credentialFields(): { name: string; secret: boolean }[] {
  const fields = new Map<string, boolean>();
  for (const entry of Object.values(PROVIDERS)) for (const f of entry!.credentialFields) fields.set(f.name, (fields.get(f.name) ?? false) || f.secret);
  return [...fields].map(([name, secret]) => ({ name, secret }));
}

/** What each provider needs, for `--help`. */
function providersHelp(): string {
  const lines = providerNames().map((name) => {
    const entry = providerEntry(name);
    const fields = entry.credentialFields.map((f) => (f.optional ? `[${flagOf(f.name)}]` : flagOf(f.name))).join(' ');
    return `  ${name.padEnd(11)} ${fields}\n${' '.repeat(14)}base URL: ${entry.baseUrlHint}; settings: ${describeSettings(entry).join(', ')}`;
  });
  return `\nProviders and what they need:\n${lines.join('\n')}\nA secret may be "-" to read it from stdin (one per command).`;
}

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

const collectList = (value: string, list: string[]) => [...list, value];

/** The credential flags given, with "-" read from stdin; only the fields `entry` takes are accepted. */
function readCredentials(flags: Record<string, unknown>, entry: ProviderEntry, apiSecret: string | undefined): Record<string, string> {
  const takes = new Set(entry.credentialFields.map((f) => f.name));
  const foreign = credentialFields().filter((f) => !takes.has(f.name) && flags[optionKey(f.name)] !== undefined).map((f) => flagOf(f.name));
  if (foreign.length) throw new SyncError('config', `${entry.label} does not take ${foreign.join(', ')}; it takes ${entry.credentialFields.map((f) => flagOf(f.name)).join(', ')}`);
  const fromStdin = entry.credentialFields.filter((f) => flags[optionKey(f.name)] === '-');
  if (fromStdin.length > 1) throw new SyncError('config', `only one secret can come from stdin; got "-" for ${fromStdin.map((f) => flagOf(f.name)).join(' and ')}`);
  const credentials: Record<string, string> = {};
  for (const field of entry.credentialFields) {
    let value = flags[optionKey(field.name)] as string | undefined;
    if (value === undefined && field.name === 'api_secret') value = apiSecret;
    if (value === '-') value = readFileSync(0, 'utf8').trim();
    if (value !== undefined && value !== '') credentials[field.name] = value;
  }
  return credentials;
}

function parseBudget(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const budget = Number(text);
  if (!Number.isSafeInteger(budget) || budget <= 0) throw new SyncError('config', `--budget must be a positive whole number of calls per hour, got "${text}"`);
  return budget;
}

interface AddFlags {
  partner: string;
  setting: Record<string, unknown>;
  provider: string;
  baseUrl?: string;
  authUrl?: string;
  budget?: string;
  json?: boolean;
  [credential: string]: unknown;
}

export function registerConnection(program: Command, run: CommandRunner): void {
  const connection = program.command('connection').description("a partner's credentials for one provider");
  const add = connection
    .command('add')
    .description('add a connection and print its id; secrets are stored encrypted; its races are discovered at once by the worker')
    .requiredOption('--partner <id>', 'timing partner id')
    .requiredOption('--provider <name>', providerNames().join(' | '))
    .option('--base-url <url>', "the provider API's base URL (default: the real API)")
    .option('--auth-url <url>', 'the token endpoint, for providers that take one (default: the provider\'s own)')
    .option('--budget <calls>', 'API calls per hour this connection may spend (default: the provider default)')
    .option('--setting <key=value>', 'a provider switch, e.g. participantsPageSize=500 (repeatable)', collectSetting, {})
    .option('--json', 'print {"id": …}');
  for (const field of credentialFields()) add.option(`${flagOf(field.name)} <value>`, field.secret ? `${field.name} ("-" reads it from stdin)` : field.name);
  add.addHelpText('after', `${providersHelp()}\nThe api secret may also come from the environment variable P88_API_SECRET.`);
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

  registerStatusCommands(connection, run);
  registerTest(connection, run);
  registerUpdate(connection, run);
  registerRemove(connection, run);
}

const partnerOf = (flags: { partner?: string }) => (flags.partner === undefined ? undefined : parseId(flags.partner, '--partner'));

function registerStatusCommands(connection: Command, run: CommandRunner): void {
  const verbs = [
    ['pause', 'paused', 'take a connection out of the schedule'],
    ['resume', 'active', 'put a paused connection (or one paused after auth failures) back in the schedule'],
  ] as const;
  for (const [name, status, what] of verbs) {
    connection
      .command(`${name} <id>`)
      .description(what)
      .option('--partner <id>', 'refuse unless the connection is this partner\'s')
      .option('--json', 'print {"id": …, "status": …}')
      .action((id: string, flags: { partner?: string; json?: boolean }) =>
        run(flags, async (app, out) => {
          const target = await connectionOf(app, parseId(id, 'id'), partnerOf(flags));
          await setConnectionStatus(app.db, target.id, status);
          if (out.json) printJson(out, { id: target.id, status });
          else out.write(`Connection ${target.id} is ${status}.\n`);
          return 0;
        }),
      );
  }
}

function registerTest(connection: Command, run: CommandRunner): void {
  connection
    .command('test <id>')
    .description('make one cheap authenticated call with the stored credentials (exit code 2 when it fails)')
    .option('--partner <id>', 'refuse unless the connection is this partner\'s')
    .option('--json', 'print {"ok": …, "error": …}')
    .action((id: string, flags: { partner?: string; json?: boolean }) =>
      run(flags, async (app, out) => {
        const { connection: tested, outcome } = await testConnection(app, parseId(id, 'id'), partnerOf(flags));
        if (out.json) printJson(out, outcome);
        else if (outcome.ok) out.write(`Connection ${tested.id} (${tested.provider}) works.\n`);
        else {
          const hint = outcome.errorClass === 'auth' ? ` The provider refused the credentials: fix them with \`p88 connection update ${tested.id}\`.` : '';
          out.write(`Connection ${tested.id} (${tested.provider}) failed: ${outcome.error}.${hint}\n`);
        }
        return outcome.ok ? 0 : 2;
      }),
    );
}

interface UpdateFlags {
  partner?: string;
  baseUrl?: string;
  authUrl?: string;
  defaultBaseUrl?: boolean;
  budget?: string;
  setting: Record<string, unknown>;
  clearSetting: string[];
  json?: boolean;
  [credential: string]: unknown;
}

function registerUpdate(connection: Command, run: CommandRunner): void {
  const update = connection
    .command('update <id>')
    .description('change a connection: rotate a secret, base URL, budget, settings (what is not given stays)')
    .option('--partner <id>', 'refuse unless the connection is this partner\'s')
    .option('--base-url <url>', 'a new base URL')
    .option('--auth-url <url>', 'a new token endpoint')
    .option('--default-base-url', 'go back to the real API')
    .option('--budget <calls>', 'a new budget of calls per hour')
    .option('--setting <key=value>', 'set a provider switch (repeatable)', collectSetting, {})
    .option('--clear-setting <key>', 'remove a provider switch, back to its default (repeatable)', collectList, [])
    .option('--json', 'print the connection');
  for (const field of credentialFields()) update.option(`${flagOf(field.name)} <value>`, field.secret ? `new ${field.name} ("-" reads it from stdin)` : `new ${field.name}`);
  update.addHelpText('after', `\nExample: rotate a secret from stdin:  p88 connection update 3 --api-secret - < secret.txt${providersHelp()}`);
  update.action((id: string, flags: UpdateFlags) =>
    run(flags, async (app, out) => {
      const current = await connectionOf(app, parseId(id, 'id'), partnerOf(flags));
      if (flags.baseUrl !== undefined && flags.defaultBaseUrl) throw new SyncError('config', 'give --base-url or --default-base-url, not both');
      const credentials = readCredentials(flags, providerEntry(current.provider), undefined);
      const updated = await changeConnection(app, current.id, partnerOf(flags), {
        baseUrl: flags.defaultBaseUrl ? null : flags.baseUrl,
        authUrl: flags.authUrl,
        budgetPerHour: parseBudget(flags.budget),
        settings: Object.keys(flags.setting).length ? flags.setting : undefined,
        clearSettings: flags.clearSetting.length ? flags.clearSetting : undefined,
        credentials: Object.keys(credentials).length ? credentials : undefined,
      });
      if (out.json) printJson(out, updated);
      else {
        const paused = updated.status === 'auth_failed' ? ` It is still paused after auth failures: \`p88 connection resume ${updated.id}\` when the credentials are right.` : '';
        out.write(`Connection ${updated.id} updated.${paused}\n`);
      }
      return 0;
    }),
  );
}

function registerRemove(connection: Command, run: CommandRunner): void {
  connection
    .command('remove <id>')
    .description('take a connection out of use; its events, races, participants and results are kept, soft-deleted')
    .option('--partner <id>', 'refuse unless the connection is this partner\'s')
    .option('--purge', 'delete its data and history too (cannot be undone)')
    .option('--json', 'print {"id": …, "purged": …}')
    .action((id: string, flags: { partner?: string; purge?: boolean; json?: boolean }) =>
      run(flags, async (app, out) => {
        const removed = await dropConnection(app, parseId(id, 'id'), partnerOf(flags), Boolean(flags.purge));
        if (out.json) printJson(out, { id: removed.id, purged: Boolean(flags.purge) });
        else out.write(`Connection ${removed.id} removed${flags.purge ? ' with all its data' : '; its data is kept, soft-deleted'}.\n`);
        return 0;
      }),
    );
}

async function addCommand(app: App, out: Output, flags: AddFlags): Promise<number> {
  const partnerId = parseId(flags.partner, '--partner');
  const entry = providerEntry(flags.provider);
  const credentials = readCredentials(flags, entry, app.config.apiSecret);
  const missing = entry.credentialFields.filter((f) => !f.optional && credentials[f.name] === undefined).map((f) => flagOf(f.name));
  if (missing.length) {
    throw new SyncError('config', `${entry.label} needs ${missing.join(' and ')} (it takes ${entry.credentialFields.map((f) => flagOf(f.name)).join(', ')})`);
  }
  const created = await createConnection(app, {
    partnerId,
    provider: flags.provider,
    baseUrl: flags.baseUrl ?? null,
    authUrl: flags.authUrl ?? null,
    budgetPerHour: parseBudget(flags.budget) ?? null,
    credentials,
    settings: flags.setting,
  }, new Date());
  if (out.json) printJson(out, { id: created.id });
  else out.write(`${created.id}\n`);
  return 0;
}
