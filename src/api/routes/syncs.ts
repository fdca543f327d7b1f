/** `POST /v1/syncs` (sync now, through the queue) and `GET /v1/syncs/{id}` (what became of it). */
import { z } from 'zod';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import type { RouteTable } from '../route.js';
import { triggerSync } from '../services/trigger-sync.js';
import type { SyncRequest } from '../store/sync-requests.js';
import { getSyncRequest } from '../store/sync-requests.js';
import { idParams } from '../schemas/common.js';
import { syncBody, syncRequestSchema } from '../schemas/operations.js';

export const toWireRequest = (r: SyncRequest, deduplicated: boolean): z.output<typeof syncRequestSchema> => ({
  id: r.id, status: r.status, kind: r.kind, target_id: r.targetId, connection_id: r.connectionId, race_id: r.raceId, full: r.full,
  run_id: r.runId, requested_at: r.requestedAt as never, deduplicated,
});

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function defineSyncRoutes(routes: RouteTable<ApiDeps>): void {
  routes.define({
    method: 'post',
    path: '/v1/syncs',
    tag: 'operate',
    summary: 'Sync a race (or a connection\'s discovery) now',
    description: 'Makes the target due now; a worker runs it, spending the connection\'s call budget like scheduled work. ' +
      'While the target runs or is already asked for, the same request is answered (`deduplicated: true`). ' +
      'An `Idempotency-Key` header returns the request first made with it.',
    access: 'trigger',
    body: syncBody,
    response: syncRequestSchema,
    status: 202,
    errors: [403, 404, 409, 422],
    handler: async ({ c, deps, caller, body }) => {
      const key = c.req.header('idempotency-key');
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new ApiError(400, 'invalid_request', 'Idempotency-Key: 1 to 200 visible ASCII characters', [{ field: 'Idempotency-Key', message: '1 to 200 visible ASCII characters' }]);
      }
      const outcome = await triggerSync(deps.db, {
        partnerId: caller.partnerId, tokenId: caller.tokenId, kind: body.kind, raceId: body.race_id, connectionId: body.connection_id,
        full: body.full ?? false, idempotencyKey: key,
      }, deps.now());
      c.header('location', `/v1/syncs/${outcome.request.id}`);
      return toWireRequest(outcome.request, outcome.deduplicated);
    },
  });

  routes.define({
    method: 'get',
    path: '/v1/syncs/{id}',
    tag: 'operate',
    summary: 'A sync request and the run answering it',
    access: 'read',
    params: idParams,
    response: syncRequestSchema,
    errors: [404],
    handler: async ({ deps, caller, params }) => {
      const request = await getSyncRequest(deps.db, params.id, caller.partnerId);
      if (!request) throw notFound(`sync request ${params.id}`);
      return toWireRequest(request, false);
    },
  });
}
