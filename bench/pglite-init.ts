/** Child process: creates and migrates a PGlite data folder (argv[2]), then exits. */
import { migrate } from '../src/db/migrate.js';
import { openPglite } from '../src/db/pglite.js';

const db = await openPglite(process.argv[2]!);
await migrate(db);
await db.close();
