import type { Command } from 'commander';
import { migrate } from '../../db/migrate.js';
import { printJson } from '../output.js';
import type { CommandRunner } from './shared.js';

export function registerMigrate(program: Command, run: CommandRunner): void {
  program
    .command('migrate')
    .description('apply pending database migrations (every command also does this on start)')
    .option('--json', 'print {"applied": [...]}')
    .action((flags: { json?: boolean }) =>
      run(flags, async (app, out) => {
        const applied = await migrate(app.db);
        if (out.json) printJson(out, { applied });
        else out.write(applied.length ? `Applied ${applied.join(', ')}\n` : 'The database is up to date.\n');
        return 0;
      }, { migrate: false }),
    );
}
