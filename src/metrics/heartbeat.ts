/**
 * Worker heartbeats: every scheduler loop writes its row every few seconds, so `/readyz` and the
 * dashboard know whether anything is taking work off the queue — in this process or any other.
 */
import { hostname } from 'node:os';
import type { Queryable } from '../db/database.js';

export const HEARTBEAT_EVERY_MS = 10_000;
/** A worker whose last beat is older than this is taken for gone. */
export const HEARTBEAT_STALE_MS = 30_000;

export async function beat(db: Queryable, holder: string, concurrency: number): Promise<void> {
  await db.query(
    `insert into worker_heartbeats (holder, host, pid, concurrency) values ($1, $2, $3, $4)
     on conflict (holder) do update set beat_at = now(), concurrency = excluded.concurrency`,
    [holder, hostname(), process.pid, concurrency],
  );
}

export async function removeHeartbeat(db: Queryable, holder: string): Promise<void> {
  await db.query('delete from worker_heartbeats where holder = $1', [holder]);
}

export interface LiveWorker {
  holder: string;
  host: string;
  pid: number;
  concurrency: number;
  startedAt: Date;
  beatAt: Date;
}

export async function listLiveWorkers(db: Queryable, staleMs = HEARTBEAT_STALE_MS): Promise<LiveWorker[]> {
  const rows = await db.query<{ holder: string; host: string; pid: number; concurrency: number; started_at: Date; beat_at: Date }>(
    `select * from worker_heartbeats where beat_at > now() - $1 * interval '1 millisecond' order by started_at`,
    [staleMs],
  );
  return rows.map((r) => ({ holder: r.holder, host: r.host, pid: r.pid, concurrency: r.concurrency, startedAt: r.started_at, beatAt: r.beat_at }));
}

/** Beats until stopped; a failed beat (database briefly away) is tried again at the next one. */
export function startHeartbeat(db: Queryable, holder: string, concurrency: number, everyMs = HEARTBEAT_EVERY_MS): { stop(): Promise<void> } {
  const tick = () => beat(db, holder, concurrency).catch(() => undefined);
  void tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await removeHeartbeat(db, holder).catch(() => undefined);
    },
  };
}
