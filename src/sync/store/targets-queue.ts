import type { Queryable } from '../../db/database.js';
import type { StartPrecision } from '../../model/canonical.js';
import { RACE_START_SQL, type RaceInScope } from './events.js';
import { findDeadHolders, toTarget, type Target, type TargetKind, type TargetState } from './targets.js';

/**
 * The queue is `sync_targets` itself: a due target is one whose `next_run_at` has come, on an active
 * connection, with no live lease. Workers take the most urgent first — (priority, next_run_at) — and
 * `for update skip locked` lets any number of them share the table without taking one target twice.
 * Leases run on the database's clock; schedules on the caller's (virtual in simulations).
 */
export async function leaseDueTarget(db: Queryable, holder: string, now: Date, leaseMs: number): Promise<Target | undefined> {
  // A lease is free when it expired, when its holder is a dead process of this host, or when it is our
  // own (a loop leases one target at a time, so its own leftover lease is from a run that broke off).
  const dead = await findDeadHolders(db);
  const free = (t: string) => `(${t}.lease_until is null or ${t}.lease_until < now() or ${t}.leased_by = $1 or ${t}.leased_by = any($4::text[]))`;
  // A target comes with its free siblings — the targets of its read group (one provider read serves
  // them all: RunSignUp's races of an event) — leased in the same statement. Only the first due, free
  // member of a group in queue order may lead it, so workers leasing at the same moment never split
  // one group into two reads.
  const rows = await db.query<{ is_lead: boolean }>(
    `with lead as (
       select st.id, st.connection_id, st.group_key from sync_targets st
       join connections c on c.id = st.connection_id
       where st.state = 'active' and c.status = 'active' and c.deleted_at is null and st.next_run_at <= $3
         and ${free('st')}
         and not exists (
           select 1 from sync_targets s2
           where st.group_key is not null and s2.group_key = st.group_key and s2.connection_id = st.connection_id
             and s2.state = 'active' and s2.next_run_at <= $3
             and ${free('s2')}
             and (s2.priority, s2.next_run_at, s2.id) < (st.priority, st.next_run_at, st.id))
       order by st.priority, st.next_run_at, st.id
       limit 1 for update of st skip locked
     ), siblings as (
       select s.id from sync_targets s join lead on s.group_key = lead.group_key and s.connection_id = lead.connection_id
       where s.state = 'active' and s.id <> lead.id
         and ${free('s')}
       for update of s skip locked
     )
     update sync_targets t set leased_by = $1, lease_until = now() + $2 * interval '1 millisecond', updated_at = now()
     from (select id from lead union all select id from siblings) chosen
     where t.id = chosen.id
     returning t.*, t.id = (select id from lead) as is_lead`,
    [holder, leaseMs, now, dead],
  );
  const lead = rows.find((row) => row.is_lead);
  return lead ? toTarget(lead as never) : undefined;
}

/**
 * The other targets of the lead's read group, free or already ours (`leaseDueTarget` leases them with
 * their lead), to be served by the same provider read. Leased here so no one else runs them meanwhile.
 */
export async function leaseSiblingTargets(db: Queryable, lead: Target, holder: string, leaseMs: number): Promise<Target[]> {
  if (lead.groupKey === null) return [];
  const rows = await db.query(
    `update sync_targets t set leased_by = $2, lease_until = now() + $3 * interval '1 millisecond', updated_at = now()
     from (select st.id from sync_targets st
           where st.connection_id = $5 and st.group_key = $4 and st.state = 'active' and st.id <> $1
             and (st.leased_by = $2 or st.lease_until is null or st.lease_until < now())
           order by st.id for update of st skip locked) s
     where t.id = s.id
     returning t.*`,
    [lead.id, holder, leaseMs, lead.groupKey, lead.connectionId],
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
  /** Targets one provider read serves together share a key (e.g. `event:12`). */
  groupKey?: string | null;
}

/** Creates the targets that do not exist yet; existing ones keep their schedule, cursor and checkpoint. */
export async function createTargets(db: Queryable, targets: PlannedTarget[]): Promise<number> {
  if (targets.length === 0) return 0;
  const rows = await db.query(
    `insert into sync_targets (timing_partner_id, connection_id, kind, race_id, scope, next_run_at, priority, group_key)
     select (t->>'timingPartnerId')::bigint, (t->>'connectionId')::bigint, t->>'kind', (t->>'raceId')::bigint,
            case when t->>'raceId' is null then 'connection' else 'race:' || (t->>'raceId') end,
            (t->>'nextRunAt')::timestamptz, (t->>'priority')::int, t->>'groupKey'
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

export interface TargetRace extends Omit<RaceInScope, 'eventName'> {
  targetId: number | null;
  kind: TargetKind | null;
  nextRunAt: Date | null;
  groupKey: string | null;
}

/** The connection's races with their participants/results targets, if any. */
export async function listRaceTargets(db: Queryable, connectionId: number): Promise<TargetRace[]> {
  const rows = await db.query<{
    target_id: number | null; kind: TargetKind | null; next_run_at: Date | null; group_key: string | null; race_id: number; event_id: number;
    provider_race_id: string; provider_event_id: string; name: string; start_time: Date | null; start_time_precision: StartPrecision; time_zone: string | null;
  }>(
    `select st.id as target_id, st.kind, st.next_run_at, st.group_key, r.id as race_id, e.id as event_id, r.provider_race_id,
            e.provider_event_id, r.name, ${RACE_START_SQL}
     from races r join events e on e.id = r.event_id
     left join sync_targets st on st.race_id = r.id and st.kind in ('participants', 'results') and st.state = 'active'
     where r.connection_id = $1 and r.deleted_at is null and e.deleted_at is null`,
    [connectionId],
  );
  return rows.map((r) => ({
    targetId: r.target_id, kind: r.kind, nextRunAt: r.next_run_at, groupKey: r.group_key, raceId: r.race_id, eventId: r.event_id,
    providerRaceId: r.provider_race_id, providerEventId: r.provider_event_id, name: r.name, startTime: r.start_time,
    startTimePrecision: r.start_time_precision, timeZone: r.time_zone,
  }));
}

/** The races of the connection's active participants targets starting within a day of `now` (race-day candidates). */
export async function listRacesNearNow(db: Queryable, connectionId: number, now: Date): Promise<TargetRace[]> {
  return (await listRaceTargets(db, connectionId)).filter((r) =>
    r.kind === 'participants' && r.startTime !== null && Math.abs(r.startTime.getTime() - now.getTime()) <= 2 * 86_400_000);
}

/** Mean API calls of each target's last ten successful runs that made calls (a group read counts its calls on its lead). */
export async function recentCallsPerRead(db: Queryable, connectionId: number, targetIds: number[]): Promise<Map<number, number>> {
  const rows = await db.query<{ target_id: number; calls: number }>(
    `select target_id, avg(api_calls)::float8 as calls
     from (select sr.target_id, sr.api_calls, row_number() over (partition by sr.target_id order by sr.started_at desc) as n
           from sync_runs sr join sync_targets st on st.id = sr.target_id
           where st.connection_id = $1 and sr.target_id = any($2::bigint[]) and sr.status = 'succeeded' and sr.api_calls > 0) recent
     where n <= 10 group by target_id`,
    [connectionId, targetIds],
  );
  return new Map(rows.map((r) => [Number(r.target_id), r.calls]));
}

/** The race-day cadences the budget plan stretched, on these targets; every other target of the connection has none. */
export async function setPlannedIntervals(db: Queryable, connectionId: number, planned: { targetId: number; intervalMs: number }[]): Promise<void> {
  await db.query(
    `update sync_targets st set planned_interval_ms = p.interval_ms
     from (select st2.id, plan.interval_ms from sync_targets st2
           left join json_to_recordset($2::json) as plan(target_id bigint, interval_ms bigint) on plan.target_id = st2.id
           where st2.connection_id = $1) p
     where st.id = p.id and st.planned_interval_ms is distinct from p.interval_ms`,
    [connectionId, JSON.stringify(planned.map((p) => ({ target_id: p.targetId, interval_ms: p.intervalMs })))],
  );
}

/** Brings a target's next run forward (a race that moved closer); never pushes one back. */
export async function advanceTarget(db: Queryable, targetId: number, nextRunAt: Date, priority: number): Promise<void> {
  await db.query(
    `update sync_targets set next_run_at = $2, priority = least(priority, $3), updated_at = now()
     where id = $1 and state = 'active' and (next_run_at is null or next_run_at > $2)`,
    [targetId, nextRunAt, priority],
  );
}

/** Locks the target's row until the transaction ends, so two triggers of one target take turns. */
export async function lockTargetRow(db: Queryable, targetId: number): Promise<{ state: string; running: boolean } | undefined> {
  const [row] = await db.query<{ state: string; running: boolean }>(
    `select state, coalesce(leased_by is not null and lease_until > now(), false) as running from sync_targets where id = $1 for update`,
    [targetId],
  );
  return row;
}

/**
 * Due now, whatever its schedule said (a finished race's target comes back for one run: after it the
 * policy retires it again). `full` drops the incremental cursor, so the next run reads everything.
 */
export async function makeTargetDue(db: Queryable, targetId: number, now: Date, full: boolean): Promise<void> {
  await db.query(
    `update sync_targets set next_run_at = least(coalesce(next_run_at, $2), $2), state = 'active',
       cursor = case when $3 then null else cursor end, updated_at = now()
     where id = $1`,
    [targetId, now, full],
  );
}
