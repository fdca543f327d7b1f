import type { Queryable } from '../db/database.js';
import { toTarget, type Target, type TargetKind, type TargetState } from '../sync/store/targets.js';

/**
 * The queue is `sync_targets` itself: a due target is one whose `next_run_at` has come, on an active
 * connection, with no live lease. Workers take the most urgent first — (priority, next_run_at) — and
 * `for update skip locked` lets any number of them share the table without taking one target twice.
 * Leases run on the database's clock; schedules on the caller's (virtual in simulations).
 */
export async function leaseDueTarget(db: Queryable, holder: string, now: Date, leaseMs: number): Promise<Target | undefined> {
  const [row] = await db.query(
    `update sync_targets t set leased_by = $1, lease_until = now() + $2 * interval '1 millisecond', updated_at = now()
     from (select st.id from sync_targets st join connections c on c.id = st.connection_id
           where st.state = 'active' and c.status = 'active' and st.next_run_at <= $3
             and (st.lease_until is null or st.lease_until < now())
           order by st.priority, st.next_run_at, st.id
           limit 1 for update of st skip locked) due
     where t.id = due.id
     returning t.*`,
    [holder, leaseMs, now],
  );
  return row ? toTarget(row as never) : undefined;
}

/**
 * The other participants targets of the same event, free to be served by the same provider read
 * (one RunSignUp call takes several event ids). Leased here so no one else runs them meanwhile.
 */
export async function leaseSiblingTargets(db: Queryable, lead: Target, holder: string, leaseMs: number): Promise<Target[]> {
  const rows = await db.query(
    `update sync_targets t set leased_by = $2, lease_until = now() + $3 * interval '1 millisecond', updated_at = now()
     from (select st.id from sync_targets st
           join races r on r.id = st.race_id
           join races lead on lead.id = $4 and lead.event_id = r.event_id
           where st.connection_id = $5 and st.kind = 'participants' and st.state = 'active' and st.id <> $1
             and (st.lease_until is null or st.lease_until < now())
           order by st.id for update of st skip locked) s
     where t.id = s.id
     returning t.*`,
    [lead.id, holder, leaseMs, lead.raceId, lead.connectionId],
  );
  return rows.map((row) => toTarget(row as never));
}

export interface Schedule {
  nextRunAt: Date | null;
  priority: number;
  state: TargetState;
}

/** Sets the next run and gives the lease back, in one statement. */
export async function rescheduleTarget(db: Queryable, targetId: number, holder: string, schedule: Schedule): Promise<void> {
  await db.query(
    `update sync_targets set next_run_at = $3, priority = $4, state = $5, leased_by = null, lease_until = null, updated_at = now()
     where id = $1 and leased_by = $2`,
    [targetId, holder, schedule.nextRunAt, schedule.priority, schedule.state],
  );
}

export interface PlannedTarget {
  timingPartnerId: number;
  connectionId: number;
  kind: TargetKind;
  raceId: number | null;
  nextRunAt: Date;
  priority: number;
}

/** Creates the targets that do not exist yet; existing ones keep their schedule, cursor and checkpoint. */
export async function createTargets(db: Queryable, targets: PlannedTarget[]): Promise<number> {
  if (targets.length === 0) return 0;
  const rows = await db.query(
    `insert into sync_targets (timing_partner_id, connection_id, kind, race_id, scope, next_run_at, priority)
     select (t->>'timingPartnerId')::bigint, (t->>'connectionId')::bigint, t->>'kind', (t->>'raceId')::bigint,
            case when t->>'raceId' is null then 'connection' else 'race:' || (t->>'raceId') end,
            (t->>'nextRunAt')::timestamptz, (t->>'priority')::int
     from json_array_elements($1::json) as t
     on conflict (connection_id, kind, scope) do nothing
     returning id`,
    [JSON.stringify(targets)],
  );
  return rows.length;
}

/** Retires targets whose work is over (a race past its stop time); they leave the queue. */
export async function retireTargets(db: Queryable, targetIds: number[]): Promise<void> {
  if (targetIds.length === 0) return;
  await db.query(
    `update sync_targets set state = 'done', next_run_at = null, updated_at = now()
     where id = any($1::bigint[]) and state = 'active' and leased_by is null`,
    [targetIds],
  );
}

export interface TargetRace {
  targetId: number | null;
  kind: TargetKind | null;
  nextRunAt: Date | null;
  raceId: number;
  eventId: number;
  providerRaceId: string;
  providerEventId: string;
  name: string;
  startTime: Date | null;
}

/** The connection's races with their participants/results targets, if any. */
export async function listRaceTargets(db: Queryable, connectionId: number): Promise<TargetRace[]> {
  const rows = await db.query<{
    target_id: number | null; kind: TargetKind | null; next_run_at: Date | null; race_id: number; event_id: number; provider_race_id: string;
    provider_event_id: string; name: string; start_time: Date | null;
  }>(
    `select st.id as target_id, st.kind, st.next_run_at, r.id as race_id, e.id as event_id, r.provider_race_id, e.provider_event_id, r.name,
            coalesce(r.start_time, e.start_time) as start_time
     from races r join events e on e.id = r.event_id
     left join sync_targets st on st.race_id = r.id and st.kind in ('participants', 'results') and st.state = 'active'
     where r.connection_id = $1 and r.deleted_at is null and e.deleted_at is null`,
    [connectionId],
  );
  return rows.map((r) => ({
    targetId: r.target_id, kind: r.kind, nextRunAt: r.next_run_at, raceId: r.race_id, eventId: r.event_id, providerRaceId: r.provider_race_id,
    providerEventId: r.provider_event_id, name: r.name, startTime: r.start_time,
  }));
}

/** Whether the connection has a race on race day now: only then is the budget's reserve held back. */
export async function hasRaceDayTargets(db: Queryable, connectionId: number, now: Date, beforeMs: number, afterMs: number): Promise<boolean> {
  const [row] = await db.query<{ any: boolean }>(
    `select exists (
       select 1 from sync_targets st join races r on r.id = st.race_id join events e on e.id = r.event_id
       where st.connection_id = $1 and st.kind = 'participants' and st.state = 'active'
         and coalesce(r.start_time, e.start_time) between $2::timestamptz - $4 * interval '1 millisecond'
                                                      and $2::timestamptz + $3 * interval '1 millisecond'
     ) as any`,
    [connectionId, now, beforeMs, afterMs],
  );
  return Boolean(row?.any);
}

/** Brings a target's next run forward (a race that moved closer); never pushes one back. */
export async function advanceTarget(db: Queryable, targetId: number, nextRunAt: Date, priority: number): Promise<void> {
  await db.query(
    `update sync_targets set next_run_at = $2, priority = least(priority, $3), updated_at = now()
     where id = $1 and state = 'active' and (next_run_at is null or next_run_at > $2)`,
    [targetId, nextRunAt, priority],
  );
}
