/**
 * `GET /v1/changes`: the change feed after a cursor (the last change id seen), oldest first; with `wait`
 * it long-polls, answering as soon as a change of the caller's commits (or empty after `wait` seconds).
 */
import { z } from 'zod';
import { readChanges, type FeedChange } from '../../read/changes.js';
import { scopeOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import type { RouteTable } from '../route.js';
import { listQuery, timestamp } from '../schemas/common.js';

export const MAX_WAIT_SECONDS = 30;

const changeRow = z.object({
  id: z.number().int().describe('the cursor: pass the last one seen as `after`'),
  created_at: timestamp,
  entity: z.enum(['event', 'race', 'participant', 'result']),
  entity_id: z.number().int().describe('event_id, race_id, participant_id or result_id of the views'),
  kind: z.enum(['created', 'updated', 'deleted', 'bib_assigned', 'bib_changed', 'bib_removed', 'bib_collision', 'result_posted', 'result_corrected']),
  run_id: z.number().int().nullable(),
  provider_id: z.string().nullable().describe('the provider\'s id of the record, while it exists'),
  race_id: z.number().int().nullable(),
  old_values: z.record(z.string(), z.unknown()).nullable(),
  new_values: z.record(z.string(), z.unknown()).nullable(),
}).meta({ id: 'Change' });

const changesPage = z.object({
  data: z.array(changeRow),
  next_after: z.number().int().describe('pass as `after` next time (the last id returned, or the one given)'),
}).meta({ id: 'ChangePage' });

const changesQuery = z.object({
  after: z.coerce.number({ error: 'must be a change id (a whole number ≥ 0)' }).int('must be a change id (a whole number ≥ 0)')
    .min(0, 'must be a change id (a whole number ≥ 0)').max(Number.MAX_SAFE_INTEGER).default(0).describe('the last change id seen (0: from the start)'),
  wait: z.coerce.number({ error: `must be a number of seconds from 0 to ${MAX_WAIT_SECONDS}` }).min(0, 'must be at least 0')
    .max(MAX_WAIT_SECONDS, `must be at most ${MAX_WAIT_SECONDS}`).default(0).describe('seconds to wait for a change when there is none yet'),
  limit: listQuery.shape.limit,
  partner_id: listQuery.shape.partner_id,
});

const toWire = (c: FeedChange) => ({
  id: c.id, created_at: c.createdAt, entity: c.entity, entity_id: c.entityId, kind: c.kind, run_id: c.runId,
  provider_id: c.providerId, race_id: c.raceId, old_values: c.oldValues, new_values: c.newValues,
});

export function defineChangeRoutes(routes: RouteTable<ApiDeps>): void {
  routes.define({
    method: 'get',
    path: '/v1/changes',
    tag: 'data',
    summary: 'The change feed',
    description: 'Changes after `after`, oldest first. With `wait`, answers as soon as one commits (within about 0.1 s), ' +
      'or with no rows once `wait` seconds have passed. No change is ever skipped: ids become visible in commit order.',
    access: 'read',
    query: changesQuery,
    response: changesPage as never,
    handler: async ({ c, deps, caller, query }) => {
      const partnerId = scopeOf(caller, query.partner_id);
      const limit = query.limit ?? 1000;
      const deadline = Date.now() + query.wait * 1000;
      const signal = c.req.raw.signal;
      let waiting = query.wait > 0;
      for (;;) {
        // The head first: a change committing after this read wakes the wait below.
        const head = waiting ? await deps.changes.head() : 0;
        const rows = await readChanges(deps.db, partnerId, query.after, limit);
        const left = deadline - Date.now();
        if (rows.length > 0 || !waiting || left <= 0) {
          return { data: rows.map(toWire), next_after: rows.at(-1)?.id ?? query.after } as never;
        }
        // Woken by a new head (perhaps another partner's: read again), or out of time, or stopping: one last read.
        waiting = await deps.changes.waitBeyond(head, left, signal);
      }
    },
  });
}
