import type { Queryable } from '../db/database.js';

/** Where a race belongs: its partner, connection and event, for triggers and the dashboard. */
export interface RaceScope {
  raceId: number;
  partnerId: number;
  connectionId: number;
  eventId: number;
  name: string;
  eventName: string;
  startTime: Date | null;
}

/** The live race of this id, if the partner (or, for null, anyone) has it. */
export async function findRaceScope(db: Queryable, raceId: number, partnerId: number | null): Promise<RaceScope | undefined> {
  const [row] = await db.query<{
    race_id: number; timing_partner_id: number; connection_id: number; event_id: number; name: string; event_name: string; start_time: Date | null;
  }>(
    `select r.id as race_id, r.timing_partner_id, r.connection_id, r.event_id, r.name, e.name as event_name,
            coalesce(r.start_time, e.start_time) as start_time
     from races r join events e on e.id = r.event_id
     where r.id = $1 and ($2::bigint is null or r.timing_partner_id = $2) and r.deleted_at is null and e.deleted_at is null`,
    [raceId, partnerId],
  );
  return row && {
    raceId: row.race_id, partnerId: row.timing_partner_id, connectionId: row.connection_id, eventId: row.event_id,
    name: row.name, eventName: row.event_name, startTime: row.start_time,
  };
}
