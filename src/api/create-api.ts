/**
 * The HTTP application: the API routes, `/openapi.json` and `/docs`, `/metrics`, and the dashboard,
 * on one Hono app. Handlers call the same store and service functions as the CLI; none holds SQL.
 */
import { Hono } from 'hono';
import type { Database } from '../db/database.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import type { HubMetrics } from '../metrics/registry.js';
import type { SecretBox } from '../secrets.js';
import { raiseAlertOnce } from '../sync/store/changes.js';
import { TokenVerifier } from '../tokens/index.js';
import { mountDashboard } from '../web/routes.js';
import type { AuthDeps } from './auth.js';
import { ChangeWaiter } from './change-waiter.js';
import type { ApiDeps } from './deps.js';
import { renderDocsPage } from './docs-page.js';
import { ApiError } from './errors.js';
import { buildOpenApi } from './openapi.js';
import { AuthFailureLimiter } from './rate-limit.js';
import { checkReadiness } from './readiness.js';
import { RouteTable } from './route.js';
import { defineChangeRoutes } from './routes/changes.js';
import { defineDataRoutes } from './routes/data.js';
import { defineOperationRoutes } from './routes/operations.js';
import { defineServiceRoutes } from './routes/service.js';
import { defineSyncRoutes } from './routes/syncs.js';
import { ViewCatalog } from './view-catalog.js';

export interface ApiOptions {
  db: Database;
  log: Logger;
  box: SecretBox;
  metrics: HubMetrics;
  version: string;
  now?: () => Date;
  /** Check every answer against its schema (tests). */
  validateResponses?: boolean;
  /** Failed authentications per address and minute before a 5-minute block (default 20). */
  authFailureLimit?: number;
  /** How often long-polls look at the change feed's head (default 100 ms). */
  changePollMs?: number;
}

export interface Api {
  app: Hono;
  deps: ApiDeps;
  /** Wakes long-polls so they answer at once: the server is stopping. */
  stop(): void;
}

export function defineRoutes(): RouteTable<ApiDeps> {
  const routes = new RouteTable<ApiDeps>();
  defineDataRoutes(routes);
  defineChangeRoutes(routes);
  defineSyncRoutes(routes);
  defineOperationRoutes(routes);
  defineServiceRoutes(routes);
  return routes;
}

export function createApi(options: ApiOptions): Api {
  const { db, log, metrics } = options;
  const deps: ApiDeps = {
    db, log, box: options.box, now: options.now ?? (() => new Date()),
    catalog: new ViewCatalog(db),
    changes: new ChangeWaiter(db, options.changePollMs ?? 100),
    readiness: () => checkReadiness(db),
  };
  const auth: AuthDeps = {
    verifier: new TokenVerifier(db),
    limiter: new AuthFailureLimiter({ limit: options.authFailureLimit ?? 20, windowMs: 60_000, blockMs: 5 * 60_000 }),
    onFailure: () => metrics.authFailures.inc(),
    onBlocked: (address) => {
      log.warn({ address }, 'address blocked after repeated failed authentication');
      void raiseAlertOnce(db, {
        timingPartnerId: null, connectionId: null, targetId: null, kind: 'api_auth_failed',
        message: `the API blocked ${address} for 5 minutes after repeated requests with a wrong or revoked token`, details: { address },
      }).catch(() => undefined);
    },
  };
  const routes = defineRoutes();
  const document = buildOpenApi(routes, { version: options.version });
  const app = new Hono();
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    metrics.observeRequest(c.req.method, c.req.routePath ?? 'unmatched', c.res.status, (performance.now() - started) / 1000);
  });
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toBody(), error.status, error.headers);
    log.error({ err: errorMessage(error), path: c.req.path }, 'request failed');
    return c.json({ error: { code: 'internal', message: 'the hub failed to answer; the error is in its log' } }, 500);
  });
  routes.mount(app, deps, { auth, validateResponses: options.validateResponses ?? false });
  app.get('/openapi.json', (c) => c.json(document));
  app.get('/docs', (c) => c.html(renderDocsPage(document)));
  app.get('/metrics', async (c) => c.body(await metrics.render(), 200, { 'content-type': metrics.registry.contentType }));
  mountDashboard(app, { deps, auth });
  app.notFound((c) => c.json(new ApiError(404, 'not_found', `no route ${c.req.method} ${c.req.path}; see /docs`).toBody(), 404));
  return { app, deps, stop: () => deps.changes.stop() };
}
