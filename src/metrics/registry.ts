/**
 * `/metrics` (Prometheus text format, prom-client). Work happens in every worker process, so what the
 * hub did is read from the database at each scrape: run counters start from the database's totals and
 * grow by the runs finished since (a watermark on the run id, plus the runs still going); budgets,
 * queue, freshness and the change-feed head are read as they are now. HTTP metrics are this process's.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { readBudget } from '../budget/budget.js';
import type { Queryable } from '../db/database.js';
import { readChangeHead } from '../read/changes.js';
import { DEFAULT_POLICY } from '../scheduler/policy.js';
import { listLiveWorkers } from './heartbeat.js';
import { countQueue, readConnectionGauges, readRaceDayFreshness, readRunsSince, tallyRuns, type RunTally } from './store.js';

const SECONDS_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

export interface HubMetrics {
  registry: Registry;
  /** Brings the database-derived metrics up to date, then renders every metric. */
  render(): Promise<string>;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  authFailures: Counter;
  webhookDeliveries: Counter;
}

export function createMetrics(db: Queryable, now: () => Date): HubMetrics {
  const registry = new Registry();
  const m = defineMetrics(registry);
  const runs = new RunWatch(db);
  const window = { before: DEFAULT_POLICY.participants.raceDayWindowMs, after: DEFAULT_POLICY.participants.stopAfterStartMs };
  let refreshing: Promise<void> | null = null;

  const refresh = async () => {
    for (const run of await runs.next(window.before, window.after)) {
      const labels = { provider: run.provider, kind: run.kind, status: run.status };
      m.runs.inc(labels, run.runs);
      for (const op of ['created', 'updated', 'deleted'] as const) if (run[op]) m.rows.inc({ provider: run.provider, kind: run.kind, op }, run[op]);
      const connection = { provider: run.provider, connection: String(run.connection_id) };
      if (run.throttled) m.throttles.inc(connection, run.throttled);
      if (run.budget_exhausted) m.budgetStops.inc(connection, run.budget_exhausted);
      if (run.race_day_lateness_ms !== null) m.lateness.observe({ provider: run.provider }, run.race_day_lateness_ms / 1000);
    }
    const at = now();
    m.apiCalls.reset();
    m.budgetPaused.reset();
    m.connections.reset();
    m.budgetLeft.reset();
    m.budgetUsed.reset();
    m.stretched.reset();
    for (const c of await readConnectionGauges(db)) {
      const labels = { provider: c.provider, connection: String(c.connection_id) };
      m.apiCalls.inc(labels, c.spent_total ?? 0);
      m.budgetPaused.set(labels, c.paused_until && c.paused_until > at ? 1 : 0);
      m.connections.inc({ provider: c.provider, status: c.status });
      m.stretched.set(labels, c.stretched);
      const budget = await readBudget(db, c.connection_id, at);
      if (budget) {
        m.budgetLeft.set(labels, budget.left);
        m.budgetUsed.set(labels, budget.usedThisHour);
      }
    }
    m.staleness.reset();
    for (const race of await readRaceDayFreshness(db, at, window.before, window.after)) {
      const since = race.last_success_at ?? race.created_at;
      m.staleness.observe({ provider: race.provider }, Math.max(0, (at.getTime() - since.getTime()) / 1000));
    }
    const queue = await countQueue(db, at);
    m.queue.set({ state: 'due' }, queue.due);
    m.queue.set({ state: 'running' }, queue.running);
    m.head.set(await readChangeHead(db));
    m.workers.set((await listLiveWorkers(db)).length);
  };

  return {
    registry,
    async render() {
      refreshing ??= refresh().finally(() => (refreshing = null));
      await refreshing;
      return registry.metrics();
    },
    observeRequest(method, route, status, seconds) {
      m.requests.inc({ method, route, status: String(status) });
      m.duration.observe({ method, route }, seconds);
    },
    authFailures: m.authFailures,
    webhookDeliveries: m.webhookDeliveries,
  };
}

function defineMetrics(registry: Registry) {
  const registers = [registry];
  const conn = ['provider', 'connection'];
  return {
    runs: new Counter({ name: 'p88_sync_runs_total', help: 'Finished sync runs', labelNames: ['provider', 'kind', 'status'], registers }),
    rows: new Counter({ name: 'p88_rows_written_total', help: 'Rows created, updated or soft-deleted by sync runs', labelNames: ['provider', 'kind', 'op'], registers }),
    apiCalls: new Counter({ name: 'p88_provider_api_calls_total', help: 'Provider API calls spent from the connection\'s budget', labelNames: conn, registers }),
    throttles: new Counter({ name: 'p88_provider_throttles_total', help: 'Runs stopped by a provider throttle (429 or its own "throttled" error)', labelNames: conn, registers }),
    budgetStops: new Counter({ name: 'p88_budget_exhausted_runs_total', help: 'Runs that ended partial because the hour\'s budget was used up', labelNames: conn, registers }),
    budgetLeft: new Gauge({ name: 'p88_budget_calls_left', help: 'Calls left in the sliding hour', labelNames: conn, registers }),
    budgetUsed: new Gauge({ name: 'p88_budget_calls_used', help: 'Calls made in the sliding hour', labelNames: conn, registers }),
    budgetPaused: new Gauge({ name: 'p88_budget_paused', help: '1 while a provider throttle pauses the connection\'s budget', labelNames: conn, registers }),
    stretched: new Gauge({
      name: 'p88_race_day_stretched_targets', help: 'Race-day targets the budget plan syncs on a longer cadence than the race-day one', labelNames: conn, registers,
    }),
    connections: new Gauge({ name: 'p88_connections', help: 'Connections by status', labelNames: ['provider', 'status'], registers }),
    lateness: new Histogram({
      name: 'p88_race_day_lateness_seconds', help: 'How late race-day participants runs started after they were due (runs finished since this process started)',
      labelNames: ['provider'], buckets: SECONDS_BUCKETS, registers,
    }),
    staleness: new Histogram({
      name: 'p88_race_day_staleness_seconds', help: 'Seconds since each race-day race\'s last successful participants sync, as of this scrape (not cumulative)',
      labelNames: ['provider'], buckets: SECONDS_BUCKETS, registers,
    }),
    queue: new Gauge({ name: 'p88_targets', help: 'Targets due (waiting for a worker) and running', labelNames: ['state'], registers }),
    head: new Gauge({ name: 'p88_change_feed_head', help: 'The newest change id (the change feed\'s head)', registers }),
    workers: new Gauge({ name: 'p88_workers_alive', help: 'Scheduler loops with a heartbeat in the last 30 s', registers }),
    requests: new Counter({ name: 'p88_http_requests_total', help: 'HTTP requests answered by this process', labelNames: ['method', 'route', 'status'], registers }),
    duration: new Histogram({ name: 'p88_http_request_duration_seconds', help: 'HTTP answer time', labelNames: ['method', 'route'], registers }),
    authFailures: new Counter({ name: 'p88_api_auth_failures_total', help: 'Requests refused for a missing, unknown or revoked token', registers }),
    webhookDeliveries: new Counter({ name: 'p88_webhook_deliveries_total', help: 'Webhook delivery attempts by this process', labelNames: ['outcome'], registers }),
  };
}

/** Runs finished since the last look: totals first, then each new or just-finished run once. */
class RunWatch {
  private watermark: number | null = null;
  private watching = new Set<number>();

  constructor(private readonly db: Queryable) {}

  async next(beforeMs: number, afterMs: number): Promise<RunTally[]> {
    if (this.watermark === null) {
      const { totals, maxId, running } = await tallyRuns(this.db);
      this.watermark = maxId;
      this.watching = new Set(running);
      return totals;
    }
    const rows = await readRunsSince(this.db, this.watermark, [...this.watching], beforeMs, afterMs);
    const finished: RunTally[] = [];
    for (const row of rows) {
      this.watermark = Math.max(this.watermark, row.id);
      if (row.status === 'running') this.watching.add(row.id);
      else {
        this.watching.delete(row.id);
        finished.push(row);
      }
    }
    return finished;
  }
}
