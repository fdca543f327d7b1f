/**
 * What the chaos run checks at the end. The database that lived through the faults (after one clean
 * incremental pass) is compared row by row with a reference database filled by one clean full sync
 * of the same world: the reference is what the providers show, read by adapters the contract suite
 * holds to the world exactly. Keys are the providers' own ids and the partner's name, never our
 * row ids, which differ between the two databases by construction.
 */
import type { Queryable } from '../../src/db/database.js';

type Row = Record<string, unknown>;

/** Each table's rows as comparable text, keyed by provider ids. */
const SNAPSHOTS: Record<string, string> = {
  events: `select tp.name || '|' || e.provider || '|' || e.provider_event_id as key,
             row(e.name, e.start_time, e.time_zone)::text as value
           from unified_events e join timing_partners tp on tp.id = e.timing_partner_id`,
  races: `select tp.name || '|' || r.provider || '|' || r.provider_race_id as key,
            row(r.name, r.start_time, r.distance)::text as value
          from unified_races r join timing_partners tp on tp.id = r.timing_partner_id`,
  participants: `select tp.name || '|' || p.provider || '|' || r.provider_race_id || '|' || p.provider_participant_id as key,
                   row(p.bib, p.chip, p.first_name, p.last_name, p.email, p.gender, p.birthdate, p.age, p.city, p.region,
                       p.country, p.team_name, p.amount_paid, p.registered_at)::text as value
                 from unified_participants p join races r on r.id = p.race_id join timing_partners tp on tp.id = p.timing_partner_id`,
  results: `select tp.name || '|' || x.provider || '|' || r.provider_race_id || '|' || x.result_set || '|' || x.provider_result_id as key,
              row(x.bib, x.first_name, x.last_name, x.gender, x.age, x.clock_time, x.chip_time, x.overall_place, x.gender_place,
                  x.division_place, x.division, x.status)::text as value
            from results x join races r on r.id = x.race_id join timing_partners tp on tp.id = x.timing_partner_id
            where x.deleted_at is null`,
  splits: `select tp.name || '|' || x.provider || '|' || r.provider_race_id || '|' || x.result_set || '|' || x.provider_result_id
                || '|' || s.split_name as key,
             row(s.split_order, s.distance_m, s.clock_time, s.chip_time)::text as value
           from result_splits s join results x on x.id = s.result_id join races r on r.id = x.race_id
           join timing_partners tp on tp.id = x.timing_partner_id
           where s.deleted_at is null and x.deleted_at is null`,
};

export interface Difference {
  table: string;
  key: string;
  chaos: string | null;
  reference: string | null;
}

export interface Comparison {
  rowsCompared: Record<string, number>;
  differences: Difference[];
}

async function snapshot(db: Queryable, sql: string): Promise<Map<string, string>> {
  const rows = await db.query<{ key: string; value: string }>(sql);
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function compareDatabases(chaos: Queryable, reference: Queryable): Promise<Comparison> {
  const rowsCompared: Record<string, number> = {};
  const differences: Difference[] = [];
  for (const [table, sql] of Object.entries(SNAPSHOTS)) {
    const [mine, theirs] = await Promise.all([snapshot(chaos, sql), snapshot(reference, sql)]);
    rowsCompared[table] = theirs.size;
    for (const key of new Set([...mine.keys(), ...theirs.keys()])) {
      const [a, b] = [mine.get(key) ?? null, theirs.get(key) ?? null];
      if (a !== b) differences.push({ table, key, chaos: a, reference: b });
    }
  }
  return { rowsCompared, differences };
}

export interface Invariants {
  /** A provider record stored twice (the same provider id twice in one race or connection). */
  duplicates: Row[];
  /** Participants whose bib is not the one the change feed last said. */
  bibsMissingFromFeed: Row[];
  runsStillRunning: number;
  leasesHeld: number;
  /** Connections whose hub-counted calls exceed their hourly budget (the run lasts under an hour). */
  overBudget: Row[];
  runsByStatus: Record<string, number>;
}

export async function checkInvariants(db: Queryable): Promise<Invariants> {
  const duplicates = [
    ...(await db.query(`select 'participant' as what, race_id, provider_participant_id, count(*)::int as n from participants
                        group by 1, 2, 3 having count(*) > 1`)),
    ...(await db.query(`select 'result' as what, race_id, result_set, provider_result_id, count(*)::int as n from results
                        group by 1, 2, 3, 4 having count(*) > 1`)),
    ...(await db.query(`select 'race' as what, connection_id, provider_race_id, count(*)::int as n from races
                        group by 1, 2, 3 having count(*) > 1`)),
  ];
  // Replaying the feed gives every participant's bib: the last change that names a bib says the current one.
  const bibsMissingFromFeed = await db.query(
    `select p.provider, p.provider_participant_id, p.bib, last.bib as feed_bib from participants p
     left join lateral (
       select c.new_values ->> 'bib' as bib from changes c
       where c.entity = 'participant' and c.entity_id = p.id and c.new_values ? 'bib'
       order by c.id desc limit 1) last on true
     where p.deleted_at is null and p.bib is distinct from last.bib`,
  );
  const [running] = await db.query<{ n: number }>(`select count(*)::int as n from sync_runs where status = 'running'`);
  const [leases] = await db.query<{ n: number }>(`select count(*)::int as n from sync_targets where lease_until > now()`);
  const overBudget = await db.query(
    `select c.id as connection_id, c.provider, c.budget_per_hour, b.spent_total from connections c join budgets b on b.connection_id = c.id
     where b.spent_total > c.budget_per_hour`,
  );
  const statuses = await db.query<{ status: string; n: number }>(`select status, count(*)::int as n from sync_runs group by 1 order by 1`);
  return {
    duplicates, bibsMissingFromFeed, runsStillRunning: running!.n, leasesHeld: leases!.n, overBudget,
    runsByStatus: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
  };
}
