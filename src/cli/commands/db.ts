import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { Config } from '../../config.js';
import { EmbeddedDatabase, probeOwner } from '../../db/embedded/embedded-database.js';
import { printJson, type CliIo, type Output } from '../output.js';
import { withStopSignal } from './sync.js';
import type { CommandRunner } from './shared.js';

/** A `psql`-ready connection string: the server's (password hidden), or the embedded database's socket. */
export function connectionString(config: Config): string {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    if (url.password) url.password = '****';
    return url.toString();
  }
  return `postgresql://postgres@/postgres?host=${encodeURIComponent(resolve(config.dataDir))}`;
}

export function registerDb(program: Command, run: CommandRunner, config: Config, io: CliIo): void {
  const db = program.command('db').description('the database itself');
  db.command('url')
    .description('print a connection string for psql and other PostgreSQL tools')
    .option('--json', 'print {"url": …, "embedded": …, "served": …}')
    .addHelpText('after', `
On the embedded database the string names the socket of the p88 process that holds the database;
it works while one runs (\`p88 db serve\`, \`p88 worker\`, …): psql "$(p88 db url)"`)
    .action(async (flags: { json?: boolean }) => {
      const url = connectionString(config);
      const served = config.databaseUrl ? true : await probeOwner(config.dataDir);
      if (flags.json) io.stdout.write(JSON.stringify({ url, embedded: !config.databaseUrl, served }) + '\n');
      else {
        io.stdout.write(url + '\n');
        if (!served) io.stderr.write('No p88 process holds the embedded database right now: start `p88 db serve` (or a worker) first.\n');
      }
    });
  db.command('serve')
    .description('hold the embedded database and serve it to psql and other p88 processes until Ctrl-C')
    .option('--json', 'print {"url": …} once serving')
    .action((flags: { json?: boolean }) =>
      run(flags, async (app, out) => {
        if (config.databaseUrl) {
          out.write('DATABASE_URL names a PostgreSQL server; there is nothing to serve.\n');
          return 0;
        }
        const embedded = app.db as EmbeddedDatabase;
        const served = embedded.describe();
        if (out.json) printJson(out, { url: connectionString(config), owner: served.owner });
        else say(out, served.owner ? `Serving ${config.dataDir} at ${served.socketFile}; connect with: psql "${connectionString(config)}". Ctrl-C stops.` :
          'Another p88 process already serves this database; nothing to do.');
        if (!served.owner) return 0;
        await withStopSignal((signal) => new Promise<void>((done) => signal.addEventListener('abort', () => done(), { once: true })));
        return 0;
      }),
    );
}

function say(out: Output, text: string): void {
  out.write(text + '\n');
}
