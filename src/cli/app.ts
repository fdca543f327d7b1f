import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open.js';
import { createLogger, type Logger } from '../log.js';
import { createSecretBox, loadOrCreateKey, type SecretBox } from '../secrets.js';

/** What every command works with: the config, a logger, the database and the credential box. */
export interface App {
  config: Config;
  log: Logger;
  db: Database;
  box: SecretBox;
  close(): Promise<void>;
}

/** Where a command writes: stdout for its output, stderr for progress and logs. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export class FatalError extends Error {
  override name = 'FatalError';
}

/** Opens the database (applying migrations) and the secret key; the composition root of commands. */
export async function openApp(config: Config, io: CliIo, options: { migrate?: boolean } = {}): Promise<App> {
  const log = createLogger(config.logLevel, io.stderr);
  let db: Database;
  try {
    db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: options.migrate });
  } catch (cause) {
    const where = config.databaseUrl ? 'the PostgreSQL server in DATABASE_URL' : `the embedded database in ${config.dataDir}`;
    throw new FatalError(`Cannot open ${where}: ${(cause as Error).message}. Check that it is reachable and writable.`, { cause });
  }
  const box = createSecretBox(loadOrCreateKey(config.secretKey, config.dataDir));
  return { config, log, db, box, close: () => db.close() };
}
