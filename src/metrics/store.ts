/** The reads behind `/metrics`, one function per statement. */
import type { Queryable } from '../db/database.js';

export interface RunTally {
  id: number;
  provider: string;
  connection_id: number;
  kind: string;
  status: string;
  runs: number;
  created: number;
  updated: number;
  deleted: number;
  /** A provider throttle (not our own budget running out). */
  throttled: number;
  budget_exhausted: number;
  /** Set on single runs: lateness of a race-day participants run. */
  race_day_lateness_ms: number | null;
}

const TALLY = `
  c.provider, st.connection_id, st.kind, sr.status,
  (sr.error_class = 'rate_limited' and coalesce(sr.error_message, '') not like 'call budget%')::int as throttled,
  (sr.error_class = 'rate_limited' and coalesce(sr.error_message, '') like 'call budget%')::int as budget_exhausted`;

/** Totals of every finished run so far, and the runs still going (to watch until they finish). */
export async function tallyRuns(db: Queryable): Promise<{ totals: RunTally[]; maxId: number; running: number[] }> {
  const totals = await db.query<RunTally>(
    `select 0 as id, provider, connection_id, kind, status, count(*)::int as runs, sum(created)::int as created, sum(updated)::int as updated,
            sum(deleted)::int as deleted, sum(throttled)::int as throttled, sum(budget_exhausted)::int as budget_exhausted, null::bigint as race_day_lateness_ms
     from (select ${TALLY}, sr.created, sr.updated, sr.deleted from sync_runs sr
           join sync_targets st on st.id = sr.target_id join connections c on c.id = st.connection_id
           where sr.status <> 'running') runs
     group by provider, connection_id, kind, status`,
  );
  const [head] = await db.query<{ max_id: number | null; running: number[] | null }>(
    `select max(id) as max_id, array_agg(id) filter (where status = 'running') as running from sync_runs`,
  );
  return { totals, maxId: head?.max_id ?? 0, running: head?.running ?? [] };
}

/**
 * Runs with an id above `afterId`, and the runs of `watch` (running when last seen), each as a tally of
 * one; `race_day_lateness_ms` for participants runs that started on race day (`windowBeforeMs` before the
 * start to `windowAfterMs` after it).
 */
export async function readRunsSince(db: Queryable, afterId: number, watch: number[], windowBeforeMs: number, windowAfterMs: number): Promise<RunTally[]> {
  return db.query<RunTally>(
    `select sr.id, ${TALLY}, 1 as runs, sr.created, sr.updated, sr.deleted,
            case when st.kind = 'participants' and sr.lateness_ms is not null
                  and coalesce(r.start_time, e.start_time) between sr.started_at - $4 * interval '1 millisecond'
                                                              and sr.started_at + $3 * interval '1 millisecond'
                 then sr.lateness_ms end as race_day_lateness_ms
     from sync_runs sr
     join sync_targets st on st.id = sr.target_id join connections c on c.id = st.connection_id
     left join races r on r.id = st.race_id left join events e on e.id = r.event_id
     where sr.id > $1 or sr.id = any($2::bigint[])
     order by sr.id`,
    [afterId, watch, windowBeforeMs, windowAfterMs],
  );
}

export interface ConnectionGauge {
  connection_id: number;
  provider: string;
  status: string;
  spent_total: number | null;
  paused_until: Date | null;
  /** Race-day targets whose cadence the budget plan stretched now. */
  stretched: number;
}

export async function readConnectionGauges(db: Queryable): Promise<ConnectionGauge[]> {
  return db.query<ConnectionGauge>(
    `select c.id as connection_id, c.provider, c.status, b.spent_total, b.paused_until,
            (select count(*)::int from sync_targets st where st.connection_id = c.id and st.state = 'active'
               and st.planned_interval_ms is not null) as stretched
     from connections c left join budgets b on b.connection_id = c.id
     where c.deleted_at is null order by c.id`,
  );
}

/** Race-day races (starting within the window around `now`) with their participants target's last success. */
export async function readRaceDayFreshness(db: Queryable, now: Date, beforeMs: number, afterMs: number): Promise<{ provider: string; last_success_at: Date | null; created_at: Date }[]> {
  return db.query(
    `select c.provider, st.last_success_at, st.created_at
     from sync_targets st
     join connections c on c.id = st.connection_id
     join races r on r.id = st.race_id join events e on e.id = r.event_id
     where st.kind = 'participants' and st.state = 'active' and c.status = 'active' and c.deleted_at is null and r.deleted_at is null
       and coalesce(r.start_time, e.start_time) between $1::timestamptz - $3 * interval '1 millisecond' and $1::timestamptz + $2 * interval '1 millisecond'`,
    [now, beforeMs, afterMs],
  );
}

export async function countQueue(db: Queryable, now: Date): Promise<{ due: number; running: number }> {
  const [row] = await db.query<{ due: number; running: number }>(
    `select count(*) filter (where st.state = 'active' and c.status = 'active' and st.next_run_at <= $1
                               and (st.lease_until is null or st.lease_until < now()))::int as due,
            count(*) filter (where st.leased_by is not null and st.lease_until > now())::int as running
     from sync_targets st join connections c on c.id = st.connection_id where c.deleted_at is null`,
    [now],
  );
  return row ?? { due: 0, running: 0 };
}
