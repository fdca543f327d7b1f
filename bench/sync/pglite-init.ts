/** Child process: creates and migrates PGlite in the data folder argv[2] (as `p88` would), then exits. */
import { openDatabase } from '../../src/db/open.js';

const db = await openDatabase({ databaseUrl: undefined, dataDir: process.argv[2]! });
await db.close();
