/** What `p88 status` would print at a moment of the simulation (its own report and renderer, on virtual time). */
import { formatStatus } from '../../src/cli/commands/status.js';
import type { Queryable } from '../../src/db/database.js';
import { buildStatusReport } from '../../src/status/status-report.js';

export interface StatusSnapshot {
  at: string;
  text: string;
  /** Race-day races the report marks as slowed down (next run beyond one cadence from now). */
  slowed: number;
  listed: number;
}

export async function captureStatus(db: Queryable, now: Date): Promise<StatusSnapshot> {
  const report = await buildStatusReport(db, now, { nextRaces: 30, failures: 3 });
  const races = report.partners.flatMap((p) => p.connections.flatMap((c) => c.nextRaces));
  return { at: now.toISOString(), text: formatStatus(report), slowed: races.filter((r) => r.slowedDown).length, listed: races.length };
}
