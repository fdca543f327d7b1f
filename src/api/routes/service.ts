/** Health, readiness, metrics and the API's own description. */
import { z } from 'zod';
import type { ApiDeps } from '../deps.js';
import type { RouteTable } from '../route.js';

const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const readySchema = z.object({
  ready: z.boolean(),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })),
}).meta({ id: 'Readiness' });

export function defineServiceRoutes(routes: RouteTable<ApiDeps>): void {
  routes.define({
    method: 'get', path: '/healthz', tag: 'service', summary: 'The process is up', access: 'public', response: healthSchema,
    handler: async () => ({ status: 'ok' as const }),
  });
  routes.define({
    method: 'get', path: '/readyz', tag: 'service', access: 'public', response: readySchema, errors: [503],
    summary: 'Ready: database reachable, migrations applied, workers heartbeating (503 with the failing checks otherwise)',
    handler: async ({ c, deps }) => {
      const report = await deps.readiness();
      if (!report.ready) c.status(503);
      return report;
    },
  });
}
