import type { Queryable } from '../db/database.js';
import type { StartPrecision } from '../model/canonical.js';
import { RACE_START_SQL } from '../sync/store/events.js';
import type { TargetKind, TargetState } from '../sync/store/targets.js';

/**
 * The reads behind `p88 status`, one function per statement. Schedules are compared with the
 * caller's `now` (virtual in simulations); leases with the database's clock, as the queue does.
 */

export interface TargetCounts {
  /** Active, `next_run_at` reached, no live lease: the next ones a worker takes. */
  due: number;
  /** Holding a live lease: a worker or a `p88 sync` is on them now. */
  running: number;
  active: number;
  paused: number;
  done: number;
  failed: number;
}

export async function countTargets(db: Queryable, connectionId: number, now: Date): Promise<TargetCounts> {
  const [row] = await db.query<TargetCounts>(
    `select count(*) filter (where state = 'active' and next_run_at <= $2
                               and (lease_until is null or lease_until < now()))::int as due,
            count(*) filter (where leased_by is not null and lease_until > now())::int as running,
            count(*) filter (where state = 'active')::int as active,
            count(*) filter (where state = 'paused')::int as paused,
            count(*) filter (where state = 'done')::int as done,
            count(*) filter (where state = 'failed')::int as failed
     from sync_targets where connection_id = $1`,
    [connectionId, now],
  );
  return row ?? { due: 0, running: 0, active: 0, paused: 0, done: 0, failed: 0 };
}

export interface UpcomingRace {
  raceId: number;
  providerRaceId: string;
  name: string;
  eventName: string;
  startTime: Date;
  startTimePrecision: StartPrecision;
  timeZone: string | null;
  /** The race's participants target, if it has one. */
  targetState: TargetState | null;
  nextRunAt: Date | null;
  lastSuccessAt: Date | null;
  /** Of the target's latest run. */
  lastLatenessMs: number | null;
  /** The race-day cadence the budget plan stretched the target to, or null. */
  plannedIntervalMs: number | null;
}

/** The connection's races starting at or after `from`, soonest first, with their participants target. */
export async function listUpcomingRaces(db: Queryable, connectionId: number, from: Date, limit: number): Promise<UpcomingRace[]> {
  const rows = await db.query<{
    race_id: number; provider_race_id: string; name: string; event_name: string; start_time: Date;
    start_time_precision: StartPrecision; time_zone: string | null; target_state: TargetState | null; next_run_at: Date | null; last_success_at: Date | null; lateness_ms: number | null;
    planned_interval_ms: string | null;
  }>(
    `select r.id as race_id, r.provider_race_id, r.name, e.name as event_name, ${RACE_START_SQL},
            st.state as target_state, st.next_run_at, st.last_success_at, last_run.lateness_ms, st.planned_interval_ms
     from races r
     join events e on e.id = r.event_id
     left join sync_targets st on st.connection_id = r.connection_id and st.kind = 'participants' and st.race_id = r.id
     left join lateral (select sr.lateness_ms from sync_runs sr where sr.target_id = st.id
                        order by sr.started_at desc, sr.id desc limit 1) last_run on true
     where r.connection_id = $1 and r.deleted_at is null and e.deleted_at is null
       and coalesce(r.start_time, e.start_time) >= $2
     order by coalesce(r.start_time, e.start_time), r.id
     limit $3`,
    [connectionId, from, limit],
  );
  return rows.map((r) => ({
    raceId: r.race_id, providerRaceId: r.provider_race_id, name: r.name, eventName: r.event_name, startTime: r.start_time,
    startTimePrecision: r.start_time_precision, timeZone: r.time_zone, targetState: r.target_state, nextRunAt: r.next_run_at, lastSuccessAt: r.last_success_at, lastLatenessMs: r.lateness_ms,
    plannedIntervalMs: r.planned_interval_ms === null ? null : Number(r.planned_interval_ms),
  }));
}

export interface RecentFailure {
  at: Date;
  status: 'failed' | 'partial';
  kind: TargetKind;
  raceName: string | null;
  errorClass: string | null;
  message: string | null;
}

/** The connection's latest failed or partial runs, newest first. */
export async function listRecentFailures(db: Queryable, connectionId: number, limit: number): Promise<RecentFailure[]> {
  const rows = await db.query<{
    at: Date; status: 'failed' | 'partial'; kind: TargetKind; race_name: string | null; error_class: string | null; error_message: string | null;
  }>(
    `select coalesce(sr.finished_at, sr.started_at) as at, sr.status, st.kind, r.name as race_name,
            sr.error_class, sr.error_message
     from sync_runs sr
     join sync_targets st on st.id = sr.target_id
     left join races r on r.id = st.race_id
     where st.connection_id = $1 and sr.status in ('failed', 'partial')
     order by coalesce(sr.finished_at, sr.started_at) desc, sr.id desc
     limit $2`,
    [connectionId, limit],
  );
  return rows.map((r) => ({
    at: r.at, status: r.status, kind: r.kind, raceName: r.race_name, errorClass: r.error_class, message: r.error_message,
  }));
}

export interface PendingAlert {
  at: Date;
  kind: string;
  message: string;
}

/**
 * A partner's undelivered alerts, newest first: those of one connection, or with `connectionId` null
 * those raised for the partner as a whole.
 */
export async function listUndeliveredAlerts(db: Queryable, partnerId: number, connectionId: number | null, limit: number): Promise<PendingAlert[]> {
  const rows = await db.query<{ created_at: Date; kind: string; message: string }>(
    `select created_at, kind, message from alerts
     where timing_partner_id = $1 and connection_id is not distinct from $2::bigint and delivered_at is null
     order by created_at desc, id desc
     limit $3`,
    [partnerId, connectionId, limit],
  );
  return rows.map((r) => ({ at: r.created_at, kind: r.kind, message: r.message }));
}
