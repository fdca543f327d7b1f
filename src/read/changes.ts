/**
 * The change feed of one partner (or, for `null`, of every partner: admins), read by its cursor (the
 * change id), oldest first. Ids become visible in commit order (migration 0010), so a reader that has
 * seen an id never misses a smaller one.
 */
import type { Queryable } from '../db/database.js';

export interface FeedChange {
  id: number;
  createdAt: Date;
  entity: string;
  entityId: number;
  kind: string;
  runId: number | null;
  /** The provider's id of the changed record, and its race, where the record still exists. */
  providerId: string | null;
  raceId: number | null;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
}

export async function readChanges(db: Queryable, partnerId: number | null, afterId: number, limit: number): Promise<FeedChange[]> {
  const rows = await db.query<{
    id: number; created_at: Date; entity: string; entity_id: number; kind: string; run_id: number | null;
    provider_id: string | null; race_id: number | null; old_values: Record<string, unknown> | null; new_values: Record<string, unknown> | null;
  }>(
    `select c.id, c.created_at, c.entity, c.entity_id, c.kind, c.run_id, c.old_values, c.new_values,
            coalesce(p.provider_participant_id, rs.provider_result_id, r.provider_race_id, e.provider_event_id) as provider_id,
            coalesce(p.race_id, rs.race_id, r.id) as race_id
     from changes c
     left join participants p on c.entity = 'participant' and p.id = c.entity_id and p.timing_partner_id = c.timing_partner_id
     left join results rs on c.entity = 'result' and rs.id = c.entity_id and rs.timing_partner_id = c.timing_partner_id
     left join races r on c.entity = 'race' and r.id = c.entity_id and r.timing_partner_id = c.timing_partner_id
     left join events e on c.entity = 'event' and e.id = c.entity_id and e.timing_partner_id = c.timing_partner_id
     where ($1::bigint is null or c.timing_partner_id = $1) and c.id > $2
     order by c.id limit $3`,
    [partnerId, afterId, limit],
  );
  return rows.map((r) => ({
    id: r.id, createdAt: r.created_at, entity: r.entity, entityId: r.entity_id, kind: r.kind, runId: r.run_id,
    providerId: r.provider_id, raceId: r.race_id, oldValues: r.old_values, newValues: r.new_values,
  }));
}

/** The newest change id of any partner (0 for none): what long-polls wait to move. */
export async function readChangeHead(db: Queryable): Promise<number> {
  const [row] = await db.query<{ head: number | null }>('select max(id) as head from changes');
  return row?.head ?? 0;
}
