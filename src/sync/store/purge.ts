import type { Queryable } from '../../db/database.js';

/** A removed connection leaves the queue: its targets are done. */
export async function retireConnectionTargets(db: Queryable, connectionId: number): Promise<void> {
  await db.query(`update sync_targets set state = 'done', next_run_at = null, updated_at = now() where connection_id = $1 and state = 'active'`, [connectionId]);
}

/** The data of a removed connection stays, soft-deleted: it leaves the unified views but can be inspected. */
export async function softDeleteConnectionData(db: Queryable, connectionId: number): Promise<void> {
  for (const table of ['results', 'participants', 'races', 'events']) {
    await db.query(`update ${table} set deleted_at = now(), updated_at = now() where connection_id = $1 and deleted_at is null`, [connectionId]);
  }
}

/**
 * Deletes everything a connection brought in, its history and the connection itself, children before
 * parents. What other rows hold of it goes too: links to its races (with what was pushed and published
 * through them), webhook deliveries of its alerts, API sync requests for its targets; a result of
 * another connection matched to one of its registrations keeps the result and loses the match.
 */
export async function purgeConnectionData(db: Queryable, connectionId: number): Promise<void> {
  const targets = 'select id from sync_targets where connection_id = $1';
  const alerts = `select id from alerts where connection_id = $1 or target_id in (${targets})`;
  const links = 'select id from race_links where registration_race_id in (select id from races where connection_id = $1) or scoring_race_id in (select id from races where connection_id = $1)';
  const statements = [
    `delete from changes where run_id in (select id from sync_runs where target_id in (${targets}))`,
    `delete from rejects where target_id in (${targets})`,
    `delete from webhook_attempts where delivery_id in (select id from webhook_deliveries where alert_id in (${alerts}))`,
    `delete from webhook_deliveries where alert_id in (${alerts})`,
    `delete from alerts where id in (${alerts})`,
    `delete from sync_requests where target_id in (${targets})`,
    `delete from published_results where link_id in (${links}) or result_id in (select id from results where connection_id = $1)`,
    `delete from publications where link_id in (${links})`,
    `delete from push_items where link_id in (${links}) or participant_id in (select id from participants where connection_id = $1)`,
    `delete from race_links where id in (${links})`,
    'update results set registration_participant_id = null where connection_id <> $1 and registration_participant_id in (select id from participants where connection_id = $1)',
    `delete from sync_runs where target_id in (${targets})`,
    ...['sync_targets', 'result_splits', 'results', 'participants', 'races', 'events', 'budgets', 'provider_tokens'].map((table) => `delete from ${table} where connection_id = $1`),
    'delete from connections where id = $1',
  ];
  for (const sql of statements) await db.query(sql, [connectionId]);
}
