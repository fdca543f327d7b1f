/**
 * `/readyz`: the database answers, every migration this code knows is applied, and some scheduler loop
 * has beaten its heartbeat lately (in this process with `--with-worker`, or in any `p88 worker`).
 */
import type { Queryable } from '../db/database.js';
import { listMigrations } from '../db/migrate.js';
import { errorMessage } from '../errors.js';
import { listLiveWorkers } from '../metrics/heartbeat.js';
import { pingDatabase, readAppliedMigrations } from '../read/health.js';
import type { ReadinessReport } from './deps.js';

const TIMEOUT_MS = 3000;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref())]);
}

export async function checkReadiness(db: Queryable): Promise<ReadinessReport> {
  const checks: ReadinessReport['checks'] = [];
  try {
    await withTimeout(pingDatabase(db));
    checks.push({ name: 'database', ok: true, detail: 'answers' });
  } catch (error) {
    checks.push({ name: 'database', ok: false, detail: errorMessage(error) });
    return { ready: false, checks };
  }
  const applied = new Set(await readAppliedMigrations(db));
  const missing = listMigrations().filter((m) => !applied.has(m.version)).map((m) => m.name);
  checks.push({ name: 'migrations', ok: missing.length === 0, detail: missing.length ? `not applied: ${missing.join(', ')} (run \`p88 migrate\`)` : `${applied.size} applied` });
  const workers = await listLiveWorkers(db);
  checks.push({
    name: 'workers', ok: workers.length > 0,
    detail: workers.length ? `${workers.length} alive (${workers.map((w) => w.holder).join(', ')})` : 'no worker heartbeat in the last 30 s: start `p88 worker` or `p88 serve --with-worker`',
  });
  return { ready: checks.every((c) => c.ok), checks };
}
