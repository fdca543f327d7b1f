import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncError } from '../../../src/errors.js';
import { memoryTokenStore } from '../../../src/providers/http/token-auth.js';
import { createHakuAdapter, HAKU_AUTH_URL, HAKU_BASE_URL } from '../../../src/providers/haku/index.js';
import type { HttpFetch } from '../../../src/providers/types.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { adapterFor, collectPages, eventsOf, queryOf, RecordingFetch, recordsOf, startHaku } from './helpers.js';

const TOKEN = /\/oauth2\/token$/;
const API = /^\/events/;

async function expectSyncError(promise: Promise<unknown>, errorClass: string, secret: string, message?: RegExp): Promise<SyncError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => ((caught = error), true));
  assert.ok(caught instanceof SyncError, `expected a SyncError, got ${String(caught)}`);
  assert.equal(caught.errorClass, errorClass, caught.message);
  assert.ok(!caught.message.includes(secret), `message leaks the secret: ${caught.message}`);
  if (message) assert.match(caught.message, message);
  return caught;
}

describe('Haku auth: Cognito client credentials, the token raw in Authorization', () => {
  let sandbox: Sandbox;
  const recording = new RecordingFetch();
  const credentials = () => sandbox.endpoint('haku').credentials[0]!;

  before(async () => {
    sandbox = await startHaku({ haku: { tokenLifetimeSeconds: 300 } });
  });
  after(() => sandbox.close());

  it('testConnection: one Basic-authenticated token call, then one API call carrying the raw token', async () => {
    recording.clear();
    await adapterFor(sandbox, { fetch: recording.fetch }).testConnection();
    const [token, call] = recording.requests;
    assert.equal(recording.requests.length, 2);
    assert.equal(token!.method, 'POST');
    assert.equal(token!.url.toString(), sandbox.endpoint('haku').authUrl);
    const { client_id, client_secret } = credentials();
    assert.equal(token!.authorization, `Basic ${Buffer.from(`${client_id}:${client_secret}`).toString('base64')}`);
    assert.match(call!.authorization!, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/, 'the token itself, no "Bearer "');
    assert.deepEqual([call!.url.pathname, call!.url.searchParams.get('per_page')], ['/events', '1']);
  });

  it('reuses the connection\'s stored token: a second adapter on the same store asks for none', async () => {
    const tokens = memoryTokenStore();
    await adapterFor(sandbox, { tokens }).testConnection();
    recording.clear();
    await adapterFor(sandbox, { tokens, fetch: recording.fetch }).testConnection();
    assert.equal(recording.count(TOKEN), 0);
    assert.equal(recording.count(API), 1);
  });

  it('a wrong secret is an auth error that never shows the secret', async () => {
    const secret = 'not-the-secret-0123456789';
    const adapter = adapterFor(sandbox, { credentials: { client_id: credentials().client_id, client_secret: secret } });
    await expectSyncError(adapter.testConnection(), 'auth', secret, /^Haku refused the client credentials; .*HTTP 400 \(invalid_client\), the client id and secret were refused/);
    await expectSyncError(collectPages(adapter.participants(queryOf(eventsOf(sandbox)[0]!))), 'auth', secret, /invalid_client/);
  });

  it('missing credentials are an auth error before any call', async () => {
    recording.clear();
    await expectSyncError(adapterFor(sandbox, { credentials: { client_id: 'x' }, fetch: recording.fetch }).testConnection(), 'auth', 'x-none', /needs both client_id and client_secret/);
    assert.equal(recording.requests.length, 0);
  });

  it('a token that expires mid-run is renewed once and the read goes on', async () => {
    const event = eventsOf(sandbox)[0]!;
    recording.clear();
    const pages = adapterFor(sandbox, { fetch: recording.fetch, settings: { detailsPerPage: 10 } }).participants(queryOf(event));
    const seen: string[] = [];
    for await (const page of pages) {
      seen.push(...page.records.map((r) => r.providerParticipantId));
      // The sandbox's clock passes the token's lifetime; our stored expiry (real time) does not know.
      if (seen.length === 10) sandbox.clock.advance(301_000);
    }
    assert.equal(recording.count(TOKEN), 2);
    const refused = recording.requests.findIndex((r, i) => i > 0 && r.url.pathname.match(TOKEN));
    assert.equal(recording.requests[refused - 1]!.url.pathname, recording.requests[refused + 1]!.url.pathname, 'the refused call is made again');
    assert.equal(new Set(seen).size, seen.length);
  });

  it('the expired_token fault (a 401 for a revoked token) renews once; a second 401 in a row is an auth error', async () => {
    const event = eventsOf(sandbox)[0]!;
    const tokens = memoryTokenStore();
    await adapterFor(sandbox, { tokens }).testConnection();
    sandbox.injectFault({ kind: 'expired_token', count: 1, pathPattern: '/registrations/' });
    recording.clear();
    const records = recordsOf(await collectPages(adapterFor(sandbox, { tokens, fetch: recording.fetch }).participants(queryOf(event))));
    assert.ok(records.length > 0);
    assert.equal(recording.count(TOKEN), 1);
    sandbox.injectFault({ kind: 'expired_token', count: 2, pathPattern: '/participants$' });
    recording.clear();
    await expectSyncError(collectPages(adapterFor(sandbox, { tokens, fetch: recording.fetch }).participants(queryOf(event))), 'auth', credentials().client_secret, /HTTP 401 \(Unauthorized\)/);
    assert.equal(recording.count(TOKEN), 1, 'renewed once, not in a loop');
  });
});

describe('Haku defaults: the real API root and Cognito token URL', () => {
  it('asks https://prod-auth.hakuapp.com/oauth2/token when the connection names no auth URL', async () => {
    const asked: string[] = [];
    // No network here: the first request is recorded and refused like an unreachable host.
    const offline: HttpFetch = async (url) => {
      asked.push(url);
      throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' } });
    };
    const adapter = createHakuAdapter({
      baseUrl: '', authUrl: null, credentials: { client_id: 'id', client_secret: 'secret-value' }, fetch: offline,
      settings: { maxAttempts: 1 }, tokens: memoryTokenStore(),
    });
    await expectSyncError(adapter.testConnection(), 'transient', 'secret-value', /host not found/);
    assert.deepEqual(asked, [HAKU_AUTH_URL]);
    assert.equal(HAKU_BASE_URL, 'https://api.hakuapp.com');
  });
});
