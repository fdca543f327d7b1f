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

/** Deletes everything a connection brought in, its history and the connection itself. */
export async function purgeConnectionData(db: Queryable, connectionId: number): Promise<void> {
  const targets = 'select id from sync_targets where connection_id = $1';
  await db.query(`delete from changes where run_id in (select id from sync_runs where target_id in (${targets}))`, [connectionId]);
  await db.query(`delete from rejects where target_id in (${targets})`, [connectionId]);
  await db.query(`delete from alerts where connection_id = $1 or target_id in (${targets})`, [connectionId]);
  await db.query(`delete from sync_runs where target_id in (${targets})`, [connectionId]);
  for (const table of ['sync_targets', 'result_splits', 'results', 'participants', 'races', 'events', 'budgets', 'provider_tokens']) {
    await db.query(`delete from ${table} where connection_id = $1`, [connectionId]);
  }
  await db.query('delete from connections where id = $1', [connectionId]);
}
