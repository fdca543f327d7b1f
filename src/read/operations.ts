/**
 * Reads of the sync bookkeeping for the HTTP API and the dashboard: runs, targets, alerts. Every read
 * takes the partner (null: every partner, for admins) into its statement.
 */
import type { Queryable } from '../db/database.js';

export interface RunRow {
  id: number;
  timing_partner_id: number;
  connection_id: number;
  provider: string;
  target_id: number;
  kind: string;
  race_id: number | null;
  race_name: string | null;
  mode: string;
  status: string;
  dry_run: boolean;
  started_at: Date;
  finished_at: Date | null;
  api_calls: number;
  pages: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected: number;
  error_class: string | null;
  error_message: string | null;
  lateness_ms: number | null;
}

export interface RunFilter {
  partnerId: number | null;
  /** Runs with a smaller id (newest first). */
  before: number | null;
  limit: number;
  targetId?: number;
  raceId?: number;
  connectionId?: number;
  status?: string;
  kind?: string;
  runId?: number;
}

const RUN_SELECT = `
  select sr.id, st.timing_partner_id, st.connection_id, c.provider, sr.target_id, st.kind, st.race_id, r.name as race_name,
         sr.mode, sr.status, sr.dry_run, sr.started_at, sr.finished_at, sr.api_calls, sr.pages, sr.created, sr.updated,
         sr.unchanged, sr.deleted, sr.rejected, sr.error_class, sr.error_message, sr.lateness_ms
  from sync_runs sr
  join sync_targets st on st.id = sr.target_id
  join connections c on c.id = st.connection_id
  left join races r on r.id = st.race_id`;

export async function listRuns(db: Queryable, f: RunFilter): Promise<RunRow[]> {
  return db.query<RunRow>(
    `${RUN_SELECT}
     where ($1::bigint is null or st.timing_partner_id = $1) and ($2::bigint is null or sr.id < $2)
       and ($4::bigint is null or sr.target_id = $4) and ($5::bigint is null or st.race_id = $5)
       and ($6::bigint is null or st.connection_id = $6) and ($7::text is null or sr.status = $7)
       and ($8::text is null or st.kind = $8) and ($9::bigint is null or sr.id = $9)
     order by sr.id desc limit $3`,
    [f.partnerId, f.before, f.limit, f.targetId ?? null, f.raceId ?? null, f.connectionId ?? null, f.status ?? null, f.kind ?? null, f.runId ?? null],
  );
}

export interface TargetRow {
  id: number;
  timing_partner_id: number;
  connection_id: number;
  provider: string;
  kind: string;
  race_id: number | null;
  race_name: string | null;
  race_start_time: Date | null;
  state: string;
  due: boolean;
  running: boolean;
  next_run_at: Date | null;
  priority: number;
  attempts: number;
  last_error: string | null;
  last_success_at: Date | null;
}

/** `state` is a stored state, or `due` (next run reached, free) or `running` (a live lease). */
export type TargetStateFilter = 'active' | 'paused' | 'done' | 'failed' | 'due' | 'running';

export async function listTargets(
  db: Queryable,
  f: { partnerId: number | null; after: number | null; limit: number; state?: TargetStateFilter; connectionId?: number; raceId?: number; now: Date },
): Promise<TargetRow[]> {
  return db.query<TargetRow>(
    `select * from (
       select st.id, st.timing_partner_id, st.connection_id, c.provider, st.kind, st.race_id, r.name as race_name,
              coalesce(r.start_time, e.start_time) as race_start_time, st.state,
              coalesce(st.state = 'active' and c.status = 'active' and st.next_run_at <= $4
                and (st.lease_until is null or st.lease_until < now()), false) as due,
              coalesce(st.leased_by is not null and st.lease_until > now(), false) as running,
              st.next_run_at, st.priority, st.attempts, st.last_error, st.last_success_at
       from sync_targets st
       join connections c on c.id = st.connection_id
       left join races r on r.id = st.race_id
       left join events e on e.id = r.event_id
       where ($1::bigint is null or st.timing_partner_id = $1) and ($2::bigint is null or st.id > $2)
         and c.deleted_at is null and ($6::bigint is null or st.connection_id = $6) and ($7::bigint is null or st.race_id = $7)
     ) t
     where $5::text is null or (case $5::text when 'due' then due when 'running' then running else state = $5::text end)
     order by id limit $3`,
    [f.partnerId, f.after, f.limit, f.now, f.state ?? null, f.connectionId ?? null, f.raceId ?? null],
  );
}

export interface AlertRow {
  id: number;
  timing_partner_id: number | null;
  connection_id: number | null;
  target_id: number | null;
  kind: string;
  message: string;
  details: unknown;
  created_at: Date;
  delivered_at: Date | null;
  resolved_at: Date | null;
}

/**
 * Alerts newest first. A partner sees its own; alerts of no partner (the hub's own, e.g. a wrong
 * secret key) only admins see.
 */
export async function listAlerts(
  db: Queryable,
  f: { partnerId: number | null; admin: boolean; before: number | null; limit: number; open?: boolean; kind?: string },
): Promise<AlertRow[]> {
  return db.query<AlertRow>(
    `select id, timing_partner_id, connection_id, target_id, kind, message, details, created_at, delivered_at, resolved_at
     from alerts
     where (($4 and $1::bigint is null) or timing_partner_id = $1) and ($2::bigint is null or id < $2)
       and ($5::boolean is null or (resolved_at is null) = $5) and ($6::text is null or kind = $6)
     order by id desc limit $3`,
    [f.partnerId, f.before, f.limit, f.admin, f.open ?? null, f.kind ?? null],
  );
}

export interface RaceCounts {
  participants: number;
  with_bib: number;
  deleted: number;
  results: number;
  changes: number;
}

/** What the dashboard's race page counts. */
export async function countRace(db: Queryable, raceId: number): Promise<RaceCounts> {
  const [row] = await db.query<RaceCounts>(
    `select (select count(*) from participants where race_id = $1 and deleted_at is null)::int as participants,
            (select count(*) from participants where race_id = $1 and deleted_at is null and bib is not null)::int as with_bib,
            (select count(*) from participants where race_id = $1 and deleted_at is not null)::int as deleted,
            (select count(*) from results where race_id = $1 and deleted_at is null)::int as results,
            (select count(*) from changes c join participants p on c.entity = 'participant' and p.id = c.entity_id
              where p.race_id = $1)::int as changes`,
    [raceId],
  );
  return row!;
}

export interface RaceChangeRow {
  id: number;
  created_at: Date;
  kind: string;
  bib: string | null;
  first_name: string | null;
  last_name: string | null;
  old_values: Record<string, unknown> | null;
  new_values: Record<string, unknown> | null;
}

/** The race's latest participant changes, newest first. */
export async function listRaceChanges(db: Queryable, raceId: number, limit: number): Promise<RaceChangeRow[]> {
  return db.query<RaceChangeRow>(
    `select c.id, c.created_at, c.kind, p.bib, p.first_name, p.last_name, c.old_values, c.new_values
     from changes c join participants p on c.entity = 'participant' and p.id = c.entity_id and p.timing_partner_id = c.timing_partner_id
     where p.race_id = $1
     order by c.id desc limit $2`,
    [raceId, limit],
  );
}
