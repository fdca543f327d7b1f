/**
 * Alerts for conditions no single run raises: a connection whose runs keep failing, and a provider
 * throttle. Raised once while the condition lasts (`raiseAlertOnce`), closed when it passes, so the
 * next occurrence is told again.
 */
import type { Queryable } from '../db/database.js';
import { raiseAlertOnce } from '../sync/store/changes.js';
import { resolveAlertsExcept } from '../sync/store/changes.js';
import { findRepeatedFailures, findThrottled } from './watch-store.js';

/** Failed runs in a row of one target that make an alert. */
export const REPEATED_FAILURES = 3;

export async function watchConditions(db: Queryable, now: Date): Promise<void> {
  const failing = await findRepeatedFailures(db, REPEATED_FAILURES);
  for (const f of failing) {
    await raiseAlertOnce(db, {
      timingPartnerId: f.timing_partner_id, connectionId: f.connection_id, targetId: null, kind: 'run_failures',
      message: `connection ${f.connection_id} (${f.provider}): ${f.targets} target(s) failed ${f.max_attempts} runs in a row; last error: ${f.last_error ?? 'unknown'}`,
      details: { targets: f.targets, attempts: f.max_attempts },
    });
  }
  await resolveAlertsExcept(db, 'run_failures', failing.map((f) => f.connection_id));
  const throttled = await findThrottled(db, now);
  for (const t of throttled) {
    await raiseAlertOnce(db, {
      timingPartnerId: t.timing_partner_id, connectionId: t.connection_id, targetId: null, kind: 'throttled',
      message: `connection ${t.connection_id} (${t.provider}) was throttled by the provider; its calls wait until ${t.paused_until.toISOString()}`,
      details: { pausedUntil: t.paused_until.toISOString() },
    });
  }
  await resolveAlertsExcept(db, 'throttled', throttled.map((t) => t.connection_id));
}
