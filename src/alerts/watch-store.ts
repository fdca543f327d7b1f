/** The conditions the alert watcher raises alerts for. */
import type { Queryable } from '../db/database.js';

export interface FailingConnection {
  timing_partner_id: number;
  connection_id: number;
  provider: string;
  targets: number;
  max_attempts: number;
  last_error: string | null;
}

/** Connections with a target that failed `atLeast` runs in a row. */
export async function findRepeatedFailures(db: Queryable, atLeast: number): Promise<FailingConnection[]> {
  return db.query<FailingConnection>(
    `select st.timing_partner_id, st.connection_id, c.provider, count(*)::int as targets, max(st.attempts)::int as max_attempts,
            (array_agg(st.last_error order by st.attempts desc))[1] as last_error
     from sync_targets st join connections c on c.id = st.connection_id
     where st.attempts >= $1 and st.state = 'active' and c.deleted_at is null
     group by st.timing_partner_id, st.connection_id, c.provider`,
    [atLeast],
  );
}

export interface ThrottledConnection {
  timing_partner_id: number;
  connection_id: number;
  provider: string;
  paused_until: Date;
}

export async function findThrottled(db: Queryable, now: Date): Promise<ThrottledConnection[]> {
  return db.query<ThrottledConnection>(
    `select c.timing_partner_id, c.id as connection_id, c.provider, b.paused_until
     from budgets b join connections c on c.id = b.connection_id
     where b.paused_until > $1 and c.deleted_at is null`,
    [now],
  );
}
