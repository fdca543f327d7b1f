/**
 * Reads of the public views for one partner, in keyset order and in batches, so a caller can stream
 * any number of rows in flat memory. The partner is part of every query, never a filter applied after.
 */
import type { Queryable } from '../db/database.js';

export const VIEWS = {
  events: { view: 'unified_events', key: 'event_id' },
  races: { view: 'unified_races', key: 'race_id' },
  participants: { view: 'unified_participants', key: 'participant_id' },
  results: { view: 'unified_results', key: 'result_id' },
} as const;

export type ViewName = keyof typeof VIEWS;

export interface ViewQuery {
  partnerId: number;
  view: ViewName;
  /** Only rows of this race (the views' `race_id`); events are filtered to the race's event. */
  raceId?: number;
  /** Rows after this key, in key order. */
  after?: number;
  limit: number;
}

/** One batch of a view's rows of the partner, ordered by the view's key. */
export async function readViewBatch(db: Queryable, query: ViewQuery): Promise<Record<string, unknown>[]> {
  const { view, key } = VIEWS[query.view];
  const raceFilter = query.view === 'events'
    ? '($3::bigint is null or event_id = (select event_id from unified_races where race_id = $3 and timing_partner_id = $1))'
    : '($3::bigint is null or race_id = $3)';
  return db.query(
    `select * from ${view}
     where timing_partner_id = $1 and ${key} > $2 and ${raceFilter}
     order by ${key} limit $4`,
    [query.partnerId, query.after ?? 0, query.raceId ?? null, query.limit],
  );
}

/** Every row of the view for the partner, batch by batch. */
export async function* streamView(db: Queryable, query: Omit<ViewQuery, 'after' | 'limit'>, batchSize = 5000): AsyncGenerator<Record<string, unknown>[]> {
  const { key } = VIEWS[query.view];
  let after = 0;
  for (;;) {
    const rows = await readViewBatch(db, { ...query, after, limit: batchSize });
    if (rows.length === 0) return;
    yield rows;
    after = Number(rows[rows.length - 1]![key]);
    if (rows.length < batchSize) return;
  }
}
