/**
 * The dashboard (admin only). A login form checks an admin token and keeps it in an HttpOnly,
 * SameSite=Strict cookie; every page checks it again, so a revoked token logs out at once. "Sync now"
 * goes through the same trigger as `POST /v1/syncs`.
 */
import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { findRaceScope } from '../read/race-scope.js';
import { authenticate, SESSION_COOKIE, type AuthDeps, type Caller } from '../api/auth.js';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { toWireRequest } from '../api/routes/syncs.js';
import { triggerSync } from '../api/services/trigger-sync.js';
import { loginPage, page, type Html } from './layout.js';
import { renderOverview } from './overview.js';
import { renderRace } from './race-page.js';

interface DashboardDeps {
  deps: ApiDeps;
  auth: AuthDeps;
}

const SESSION_SECONDS = 12 * 3600;

/** The admin behind the cookie, or null (the caller sends the browser to the login form). */
async function operator(c: Context, d: DashboardDeps, token?: string): Promise<Caller | null> {
  try {
    return await authenticate(c, d.auth, 'admin', token === undefined ? { cookie: true } : { token });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

function securePage(c: Context, nonce: string, body: Html) {
  c.header('content-security-policy', `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; frame-ancestors 'none'`);
  c.header('cache-control', 'no-store');
  return c.html(body);
}

/** A form post must come from this origin (SameSite=Strict already keeps other sites' cookies out). */
function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  return origin === undefined || origin === new URL(c.req.url).origin;
}

export function mountDashboard(app: Hono, d: DashboardDeps): void {
  app.get('/login', (c) => c.html(loginPage(null)));
  app.post('/login', async (c) => {
    if (!sameOrigin(c)) return c.text('cross-origin login refused', 403);
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token.trim() : '';
    const caller = await operator(c, d, token);
    if (!caller) return c.html(loginPage('That is not a valid admin token.'), 401);
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true, sameSite: 'Strict', path: '/', maxAge: SESSION_SECONDS, secure: new URL(c.req.url).protocol === 'https:',
    });
    return c.redirect('/', 303);
  });
  app.post('/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });

  app.get('/', async (c) => {
    if (!(await operator(c, d))) return c.redirect('/login', 303);
    const nonce = randomBytes(16).toString('base64');
    return securePage(c, nonce, page({ title: 'Overview', nonce, fragmentUrl: '/dashboard/fragment', body: await renderOverview(d.deps.db, d.deps.now()) }));
  });
  app.get('/dashboard/fragment', async (c) => {
    if (!(await operator(c, d))) return c.text('log in again', 401);
    c.header('cache-control', 'no-store');
    return c.html(await renderOverview(d.deps.db, d.deps.now()));
  });

  app.get('/races/:id{[0-9]+}', async (c) => {
    if (!(await operator(c, d))) return c.redirect('/login', 303);
    const race = await findRaceScope(d.deps.db, Number(c.req.param('id')), null);
    if (!race) return c.text('no such race', 404);
    const nonce = randomBytes(16).toString('base64');
    const body = await renderRace(d.deps.db, race, d.deps.now());
    return securePage(c, nonce, page({ title: race.name, nonce, fragmentUrl: `/races/${race.raceId}/fragment`, body }));
  });
  app.get('/races/:id{[0-9]+}/fragment', async (c) => {
    if (!(await operator(c, d))) return c.text('log in again', 401);
    const race = await findRaceScope(d.deps.db, Number(c.req.param('id')), null);
    if (!race) return c.text('no such race', 404);
    c.header('cache-control', 'no-store');
    return c.html(await renderRace(d.deps.db, race, d.deps.now()));
  });
  app.post('/races/:id{[0-9]+}/sync', async (c) => {
    const caller = await operator(c, d);
    if (!caller) return c.json(new ApiError(401, 'unauthorized', 'log in again').toBody(), 401);
    if (!sameOrigin(c)) return c.json(new ApiError(403, 'forbidden', 'cross-origin request refused').toBody(), 403);
    const raceId = Number(c.req.param('id'));
    const outcome = await triggerSync(d.deps.db, { partnerId: null, tokenId: caller.tokenId, kind: 'participants', raceId, full: false }, d.deps.now());
    if (c.req.header('accept')?.includes('application/json')) return c.json(toWireRequest(outcome.request, outcome.deduplicated), 202);
    return c.redirect(`/races/${raceId}`, 303);
  });
}
