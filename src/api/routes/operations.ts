/**
 * What operators and race-day software watch and steer: runs, targets, connections (never a secret),
 * pausing and resuming a connection, alerts. Every read is scoped to the caller's partner in its query.
 */
import { z } from 'zod';
import { readBudget } from '../../budget/budget.js';
import { listAlerts, listRuns, listTargets } from '../../read/operations.js';
import { getConnection, listConnections, setConnectionStatus, type Connection } from '../../tenants/connections.js';
import { scopeOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { decodeCursor, DEFAULT_LIMIT, pageOf } from '../pagination.js';
import type { RouteTable } from '../route.js';
import { idParams, idValue, listQuery, pageSchema, queryBoolean } from '../schemas/common.js';
import { alertSchema, connectionSchema, runSchema, targetSchema } from '../schemas/operations.js';

const runsQuery = listQuery.extend({
  target_id: idValue.optional(),
  race_id: idValue.optional(),
  connection_id: idValue.optional(),
  status: z.enum(['running', 'succeeded', 'partial', 'failed'], { error: 'must be running, succeeded, partial or failed' }).optional(),
  kind: z.enum(['discovery', 'participants', 'results', 'push', 'backfill'], { error: 'must be discovery, participants, results, push or backfill' }).optional(),
});

const targetsQuery = listQuery.extend({
  state: z.enum(['active', 'paused', 'done', 'failed', 'due', 'running'], { error: 'must be active, paused, done, failed, due or running' }).optional(),
  connection_id: idValue.optional(),
  race_id: idValue.optional(),
});

const alertsQuery = listQuery.extend({
  open: queryBoolean.optional().describe('true: only alerts not resolved; false: only resolved ones'),
  kind: z.string().min(1).max(100).optional(),
});

export function defineOperationRoutes(routes: RouteTable<ApiDeps>): void {
  defineRuns(routes);
  defineTargets(routes);
  defineConnections(routes);
  defineAlerts(routes);
}

function defineRuns(routes: RouteTable<ApiDeps>): void {
  routes.define({
    method: 'get', path: '/v1/runs', tag: 'operate', summary: 'Sync runs, newest first', access: 'read', etag: true,
    query: runsQuery, response: pageSchema(runSchema, 'RunPage'), errors: [404],
    handler: async ({ deps, caller, query }) => {
      const { cursor, limit = DEFAULT_LIMIT, partner_id, ...filters } = query;
      const partnerId = scopeOf(caller, partner_id);
      const fingerprint = { partnerId, ...filters };
      const rows = await listRuns(deps.db, {
        partnerId, before: decodeCursor(cursor, fingerprint), limit: limit + 1, targetId: filters.target_id, raceId: filters.race_id,
        connectionId: filters.connection_id, status: filters.status, kind: filters.kind,
      });
      return pageOf(rows, limit, (r) => r.id, fingerprint) as never;
    },
  });
  routes.define({
    method: 'get', path: '/v1/runs/{id}', tag: 'operate', summary: 'One sync run', access: 'read',
    params: idParams, response: runSchema, errors: [404],
    handler: async ({ deps, caller, params }) => {
      const [run] = await listRuns(deps.db, { partnerId: caller.partnerId, before: null, limit: 1, runId: params.id });
      if (!run) throw notFound(`run ${params.id}`);
      return run as never;
    },
  });
}

function defineTargets(routes: RouteTable<ApiDeps>): void {
  routes.define({
    method: 'get', path: '/v1/targets', tag: 'operate', summary: 'Sync targets (the schedule and the queue)', access: 'read', etag: true,
    description: '`state` filters by stored state, or `due` (next run reached, waiting for a worker) or `running` (a worker holds it).',
    query: targetsQuery, response: pageSchema(targetSchema, 'TargetPage'), errors: [404],
    handler: async ({ deps, caller, query }) => {
      const { cursor, limit = DEFAULT_LIMIT, partner_id, ...filters } = query;
      const partnerId = scopeOf(caller, partner_id);
      const fingerprint = { partnerId, ...filters };
      const rows = await listTargets(deps.db, {
        partnerId, after: decodeCursor(cursor, fingerprint), limit: limit + 1, state: filters.state, connectionId: filters.connection_id,
        raceId: filters.race_id, now: deps.now(),
      });
      return pageOf(rows, limit, (r) => r.id, fingerprint) as never;
    },
  });
}

async function toWireConnection(deps: ApiDeps, c: Connection): Promise<z.output<typeof connectionSchema>> {
  const budget = await readBudget(deps.db, c.id, deps.now());
  return {
    id: c.id, timing_partner_id: c.timingPartnerId, provider: c.provider, base_url: c.baseUrl, status: c.status, budget_per_hour: c.budgetPerHour,
    budget: budget ? { used_this_hour: budget.usedThisHour, left: budget.left, paused_until: budget.pausedUntil as never } : null,
    settings: c.settings, created_at: c.createdAt as never,
  };
}

function defineConnections(routes: RouteTable<ApiDeps>): void {
  routes.define({
    method: 'get', path: '/v1/connections', tag: 'operate', summary: 'Connections, with this hour\'s budget (never a secret)', access: 'read',
    query: listQuery.pick({ partner_id: true }), response: z.object({ data: z.array(connectionSchema) }).meta({ id: 'ConnectionList' }), etag: true,
    errors: [404],
    handler: async ({ deps, caller, query }) => {
      const partnerId = scopeOf(caller, query.partner_id);
      const connections = await listConnections(deps.db, partnerId ?? undefined);
      return { data: await Promise.all(connections.map((c) => toWireConnection(deps, c))) };
    },
  });
  for (const [verb, status] of [['pause', 'paused'], ['resume', 'active']] as const) {
    routes.define({
      method: 'post', path: `/v1/connections/{id}/${verb}`, tag: 'operate', access: 'trigger',
      summary: verb === 'pause' ? 'Take a connection out of the schedule' : 'Put a connection back in the schedule (also after auth failures)',
      params: idParams, response: connectionSchema, errors: [403, 404],
      handler: async ({ deps, caller, params }) => {
        const connection = await getConnection(deps.db, params.id, caller.partnerId ?? undefined);
        if (!connection) throw notFound(`connection ${params.id}`);
        await setConnectionStatus(deps.db, connection.id, status);
        return toWireConnection(deps, { ...connection, status });
      },
    });
  }
}

function defineAlerts(routes: RouteTable<ApiDeps>): void {
  routes.define({
    method: 'get', path: '/v1/alerts', tag: 'operate', summary: 'Alerts, newest first', access: 'read', etag: true,
    query: alertsQuery, response: pageSchema(alertSchema, 'AlertPage'), errors: [404],
    handler: async ({ deps, caller, query }) => {
      const { cursor, limit = DEFAULT_LIMIT, partner_id, ...filters } = query;
      const partnerId = scopeOf(caller, partner_id);
      const fingerprint = { partnerId, ...filters };
      const rows = await listAlerts(deps.db, {
        partnerId, admin: caller.partnerId === null, before: decodeCursor(cursor, fingerprint), limit: limit + 1, open: filters.open, kind: filters.kind,
      });
      return pageOf(rows, limit, (r) => r.id, fingerprint) as never;
    },
  });
}
