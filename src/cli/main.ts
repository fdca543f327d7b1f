import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { errorMessage, SyncError } from '../errors.js';
import { SecretKeyError } from '../secrets.js';
import { FatalError, openApp } from '../app.js';
import type { CliIo } from './output.js';
import { registerBackfill } from './commands/backfill.js';
import { registerConnection } from './commands/connection.js';
import { registerData } from './commands/data.js';
import { registerDb } from './commands/db.js';
import { registerSecrets } from './commands/secrets.js';
import { registerLink, registerPublish, registerPush } from './commands/outbound.js';
import { registerDemo } from './commands/demo.js';
import { registerMigrate } from './commands/migrate.js';
import { registerPartner } from './commands/partner.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerServe } from './commands/serve.js';
import type { CommandRunner } from './commands/shared.js';
import { registerStatus } from './commands/status.js';
import { registerSync } from './commands/sync.js';
import { registerToken } from './commands/token.js';
import { registerWebhook } from './commands/webhook.js';
import { registerWorker } from './commands/worker.js';
import type { Output } from './output.js';

/**
 * Exit codes: 0 everything done; 1 fatal (bad configuration or arguments, database unreachable);
 * 2 done in part (some races failed, the rest are stored; or a connection test failed).
 */
export async function main(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let exitCode = 0;
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    io.stderr.write(`${errorMessage(error)}\n`);
    return 1;
  }
  const run: CommandRunner = async (flags, body, options) => {
    const out: Output = { json: Boolean(flags.json), write: (text) => void io.stdout.write(text), progress: (text) => void io.stderr.write(text) };
    const app = await openApp(config, io, options);
    try {
      exitCode = await body(app, out);
    } finally {
      await app.close();
    }
  };
  if (argv.some((arg) => arg.includes('\0'))) {
    io.stderr.write('p88: an argument contains a NUL character; no command takes one\n');
    return 1;
  }
  const program = createProgram(config, io, run);
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return reportFailure(error, io);
  }
}

/** Every command, registered on one commander program (also read by the CLI fuzz test to find them all). */
export function createProgram(config: Config, io: CliIo, run: CommandRunner): Command {
  const program = new Command('p88')
    .description('Project88 Hub: pulls race registrations and results from timing providers into one PostgreSQL database.')
    .addHelpText('after', `
Environment:
  P88_DATA_DIR       embedded database and secret key folder (default ./data)
  DATABASE_URL       use this PostgreSQL server instead of the embedded database
  P88_SECRET_KEY     32-byte key (hex or base64) for stored credentials (default: generated into P88_DATA_DIR)
  (several p88 processes may share the embedded database: the first one serves it to the others)
  P88_LOG_LEVEL      trace|debug|info|warn|error|silent (default info); logs are JSON on stderr

Exit codes: 0 done, 1 fatal error, 2 done in part (some races failed; see the summary).`)
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  registerMigrate(program, run);
  registerPartner(program, run);
  registerConnection(program, run);
  registerSync(program, run);
  registerStatus(program, run);
  registerWorker(program, run);
  registerBackfill(program, run);
  registerServe(program, run);
  registerToken(program, run);
  registerWebhook(program, run);
  registerData(program, run);
  registerLink(program, run);
  registerSecrets(program, run);
  registerPush(program, run);
  registerPublish(program, run);
  registerDb(program, run, config, io);
  registerSandbox(program);
  registerDemo(program, config, io);
  return program;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
  if (error instanceof SyncError || error instanceof ConfigError || error instanceof FatalError || error instanceof SecretKeyError) {
    io.stderr.write(`p88: ${error.message}\n`);
    return 1;
  }
  io.stderr.write(`p88: unexpected error: ${errorMessage(error)}\n${(error as Error)?.stack ?? ''}\n`);
  return 1;
}
