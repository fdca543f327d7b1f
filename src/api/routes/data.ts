/**
 * The unified data, straight from the public views with their column names: lists in key order with
 * opaque cursors and ETags, and single rows by id. Views are read generically (view-page.ts), so every
 * provider's rows appear here without a change, and a view added later is served once it exists.
 */
import { z } from 'zod';
import { readViewPage, readViewRow, type ViewFilter } from '../../read/view-page.js';
import { scopeOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { decodeCursor, DEFAULT_LIMIT, pageOf } from '../pagination.js';
import type { RouteTable } from '../route.js';
import { idParams, idValue, listQuery, pageSchema } from '../schemas/common.js';
import { eventRow, participantRow, raceRow, resultRow, splitRow } from '../schemas/views.js';

interface Parent {
  /** The query field naming the parent, and the view and key it is looked up in. */
  field: 'event_id' | 'race_id';
  view: string;
  what: string;
}

const RACE_PARENT: Parent = { field: 'race_id', view: 'unified_races', what: 'race' };

interface ViewResource {
  path: string;
  view: string;
  key: string;
  noun: string;
  row: z.ZodType;
  rowId: string;
  parent?: Parent;
  /** Extra query filters: query field → view column and comparison. */
  filters?: Record<string, { column: string; op: ViewFilter['op']; schema: z.ZodType }>;
  /** Has a `/{id}` route. */
  single: boolean;
}

const RESOURCES: ViewResource[] = [
  { path: '/v1/events', view: 'unified_events', key: 'event_id', noun: 'event', row: eventRow, rowId: 'Event', single: true },
  {
    path: '/v1/races', view: 'unified_races', key: 'race_id', noun: 'race', row: raceRow, rowId: 'Race', single: true,
    parent: { field: 'event_id', view: 'unified_events', what: 'event' },
  },
  {
    path: '/v1/participants', view: 'unified_participants', key: 'participant_id', noun: 'participant', row: participantRow, rowId: 'Participant',
    single: false, parent: RACE_PARENT,
    filters: {
      bib: { column: 'bib', op: 'eq', schema: z.string().min(1).max(50).optional().describe('only the participant(s) with this bib') },
      updated_since: {
        column: 'updated_at', op: 'gte',
        schema: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp, e.g. 2026-05-01T08:00:00Z' }).optional()
          .describe('only rows updated at or after this time'),
      },
    },
  },
  { path: '/v1/results', view: 'unified_results', key: 'result_id', noun: 'result', row: resultRow, rowId: 'Result', single: false, parent: RACE_PARENT },
  { path: '/v1/splits', view: 'unified_splits', key: 'split_id', noun: 'split', row: splitRow, rowId: 'Split', single: false, parent: RACE_PARENT },
];

export function defineDataRoutes(routes: RouteTable<ApiDeps>): void {
  for (const resource of RESOURCES) {
    defineList(routes, resource);
    if (resource.single) defineSingle(routes, resource);
  }
}

function listQueryOf(resource: ViewResource) {
  const extra: Record<string, z.ZodType> = {};
  if (resource.parent) extra[resource.parent.field] = idValue.optional().describe(`only rows of this ${resource.parent.what}`);
  for (const [field, filter] of Object.entries(resource.filters ?? {})) extra[field] = filter.schema;
  return listQuery.extend(extra);
}

function defineList(routes: RouteTable<ApiDeps>, resource: ViewResource): void {
  routes.define({
    method: 'get',
    path: resource.path,
    tag: 'data',
    summary: `List ${resource.noun}s`,
    description: `Rows of \`${resource.view}\`, in \`${resource.key}\` order. A partner token sees only its partner's rows.` +
      (resource.view === 'unified_splits' ? ' Answers 404 `not_available` while the hub has no splits view.' : ''),
    access: 'read',
    query: listQueryOf(resource),
    response: pageSchema(resource.row, `${resource.rowId}Page`),
    errors: [404],
    etag: true,
    handler: async ({ deps, caller, query }) => {
      const q = query as Record<string, unknown> & { cursor?: string; limit?: number; partner_id?: number };
      const columns = await availableColumns(deps, resource);
      const partnerId = scopeOf(caller, q.partner_id);
      const filters: ViewFilter[] = [];
      if (resource.parent && q[resource.parent.field] !== undefined) {
        const parentId = q[resource.parent.field] as number;
        await requireParent(deps, resource.parent, parentId, partnerId);
        filters.push({ column: resource.parent.field, op: 'eq', value: parentId });
      }
      for (const [field, filter] of Object.entries(resource.filters ?? {})) {
        if (q[field] === undefined) continue;
        if (!columns.includes(filter.column)) throw new ApiError(400, 'invalid_request', `${field}: ${resource.view} has no ${filter.column}`);
        filters.push({ column: filter.column, op: filter.op, value: q[field] });
      }
      const limit = q.limit ?? DEFAULT_LIMIT;
      const fingerprint = { partnerId, ...Object.fromEntries(filters.map((f) => [`${f.column}${f.op}`, f.value])) };
      const after = decodeCursor(q.cursor, fingerprint);
      const rows = await readViewPage(deps.db, { view: resource.view, key: resource.key, partnerId, filters, after, limit: limit + 1 });
      return pageOf(rows, limit, (row) => Number(row[resource.key]), fingerprint);
    },
  });
}

function defineSingle(routes: RouteTable<ApiDeps>, resource: ViewResource): void {
  routes.define({
    method: 'get',
    path: `${resource.path}/{id}`,
    tag: 'data',
    summary: `One ${resource.noun}`,
    description: `The \`${resource.view}\` row of this \`${resource.key}\`; 404 when it is not the caller's.`,
    access: 'read',
    params: idParams,
    query: listQuery.pick({ partner_id: true }),
    response: resource.row,
    errors: [404],
    handler: async ({ deps, caller, params, query }) => {
      await availableColumns(deps, resource);
      const row = await readViewRow(deps.db, resource.view, resource.key, params.id, scopeOf(caller, query.partner_id));
      if (!row) throw notFound(`${resource.noun} ${params.id}`);
      return row;
    },
  });
}

/** The view's columns; a view (or key) the database does not have yet is a 404 `not_available`. */
async function availableColumns(deps: ApiDeps, resource: ViewResource): Promise<string[]> {
  const columns = await deps.catalog.columns(resource.view);
  if (!columns || !columns.includes(resource.key)) {
    throw new ApiError(404, 'not_available', `${resource.noun}s are not available on this hub yet (no view ${resource.view} with ${resource.key})`);
  }
  return columns;
}

async function requireParent(deps: ApiDeps, parent: Parent, id: number, partnerId: number | null): Promise<void> {
  const key = parent.field;
  if (!(await readViewRow(deps.db, parent.view, key, id, partnerId))) throw notFound(`${parent.what} ${id}`);
}

