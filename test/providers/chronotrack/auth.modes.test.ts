import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncError } from '../../../src/errors.js';
import { sha1Hex } from '../../../src/providers/chronotrack/auth.js';
import { createChronoTrackAdapter } from '../../../src/providers/chronotrack/index.js';
import { memoryTokenStore } from '../../../src/providers/http/token-auth.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { startCtFixture } from './fixture-server.js';
import { adapterFor, ANCHOR, collectPages, credentialsFor, futureEvents, idOf, recordingFetch, startWorld } from './helpers.js';

const isTokenCall = (url: URL) => url.pathname === '/oauth2/token';

/** The error, checked to be `auth` and to show none of the secrets. */
async function refused(promise: Promise<unknown>, secrets: string[]): Promise<SyncError> {
  let caught: unknown;
  await promise.catch((error: unknown) => { caught = error; });
  assert.ok(caught instanceof SyncError, `expected a SyncError, got ${String(caught)}`);
  assert.equal(caught.errorClass, 'auth', caught.message);
  for (const secret of secrets) assert.ok(!caught.message.includes(secret), `"${caught.message}" shows a secret`);
  return caught;
}

describe('ChronoTrack auth modes against the sandbox', () => {
  let sandbox: Sandbox;
  before(async () => { sandbox = await startWorld(); });
  after(() => sandbox.close());

  const entriesQuery = () => {
    const event = futureEvents(sandbox)[0]!;
    return { providerEventId: idOf(event.ids.chronotrack), providerRaceIds: [idOf(event.races[0]!.ids.chronotrack)] };
  };

  it('simple: client_id, user_id and the SHA-1 hex of the password as query parameters, never the password', async () => {
    const recorder = recordingFetch();
    const creds = credentialsFor(sandbox);
    await adapterFor(sandbox, { fetch: recorder.fetch }).testConnection();
    const [call] = recorder.calls;
    assert.equal(call!.url.searchParams.get('client_id'), creds.client_id);
    assert.equal(call!.url.searchParams.get('user_id'), creds.username);
    assert.equal(call!.url.searchParams.get('user_pass'), sha1Hex(creds.password!));
    assert.ok(!call!.url.toString().includes(creds.password!));
    assert.equal(call!.headers.get('authorization'), null);
    const prehashed = adapterFor(sandbox, { credentials: { ...creds, password: sha1Hex(creds.password!).toUpperCase() }, settings: { passwordIsSha1: true } });
    await prehashed.testConnection();
  });

  it('basic: HTTP Basic login:password with the client_id parameter, only when the setting asks for it', async () => {
    const recorder = recordingFetch();
    const creds = credentialsFor(sandbox);
    await adapterFor(sandbox, { mode: 'basic', fetch: recorder.fetch }).testConnection();
    const [call] = recorder.calls;
    assert.equal(call!.headers.get('authorization'), `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`);
    assert.equal(call!.url.searchParams.get('client_id'), creds.client_id);
    assert.equal(call!.url.searchParams.has('user_pass'), false);
  });

  it('oauth (the default with a client_secret): one password grant, then Bearer and client_id; the token is shared through the store', async () => {
    const recorder = recordingFetch();
    const creds = credentialsFor(sandbox, 'oauth');
    const tokens = memoryTokenStore();
    await adapterFor(sandbox, { mode: 'oauth', fetch: recorder.fetch, tokens }).testConnection();
    await collectPages(adapterFor(sandbox, { mode: 'oauth', fetch: recorder.fetch, tokens }).participants(entriesQuery()));
    const tokenCalls = recorder.calls.filter((c) => isTokenCall(c.url));
    assert.equal(tokenCalls.length, 1, 'the second adapter (another process) reuses the stored token');
    const [grant] = tokenCalls;
    assert.equal(grant!.headers.get('authorization'), `Basic ${Buffer.from(`${creds.client_id}:${creds.client_secret}`).toString('base64')}`);
    assert.deepEqual(['grant_type', 'username', 'password'].map((k) => grant!.url.searchParams.get(k)), ['password', creds.username, creds.password]);
    const api = recorder.calls.filter((c) => !isTokenCall(c.url));
    assert.ok(api.every((c) => /^Bearer \S+$/.test(c.headers.get('authorization') ?? '') && c.url.searchParams.get('client_id') === creds.client_id));
    assert.ok(api.every((c) => !c.url.searchParams.has('user_pass')));
    const stored = await tokens.read();
    assert.equal(api[0]!.headers.get('authorization'), `Bearer ${stored.token!.accessToken}`);
  });

  it('oauth: a token refused mid-run is renewed once and the read goes on', async () => {
    const recorder = recordingFetch();
    const tokens = memoryTokenStore();
    const adapter = adapterFor(sandbox, { mode: 'oauth', fetch: recorder.fetch, tokens, settings: { entriesPageSize: 10 } });
    await adapter.testConnection();
    sandbox.injectFault({ kind: 'expired_token', count: 1, pathPattern: '/entry$' });
    const pages = await collectPages(adapter.participants(entriesQuery()));
    assert.equal(pages.flatMap((p) => p.records).length, sandbox.world.activeCount(futureEvents(sandbox)[0]!.races[0]!));
    assert.equal(recorder.calls.filter((c) => isTokenCall(c.url)).length, 2, 'one grant at the start, one renewal');
    assert.equal((await tokens.read()).version, 2);
  });

  it('oauth: a token past its lifetime at the provider (virtual clock) is renewed too, by POST when set', async () => {
    const recorder = recordingFetch();
    const tokens = memoryTokenStore();
    const adapter = adapterFor(sandbox, { mode: 'oauth', fetch: recorder.fetch, tokens, settings: { tokenMethod: 'POST' }, authUrl: sandbox.endpoint('chronotrack').authUrl! });
    await adapter.testConnection();
    sandbox.clock.advance(3_601_000);
    try {
      await adapter.testConnection();
    } finally {
      sandbox.clock.set(ANCHOR);
    }
    const tokenCalls = recorder.calls.filter((c) => isTokenCall(c.url));
    assert.equal(tokenCalls.length, 2);
    assert.ok(tokenCalls.every((c) => !c.url.searchParams.has('password')), 'POST sends the grant in the body');
  });

  it('bad credentials in every mode are an auth error that shows no secret', async () => {
    const creds = credentialsFor(sandbox, 'oauth');
    const secrets = [creds.password!, sha1Hex(creds.password!), creds.client_secret!, 'wrong-password', sha1Hex('wrong-password')];
    const simple = { client_id: creds.client_id!, username: creds.username!, password: 'wrong-password' };
    const error = await refused(adapterFor(sandbox, { credentials: simple }).testConnection(), secrets);
    assert.match(error.message, /ChronoTrack refused the credentials \(client_id, username and SHA-1 of the password\).*HTTP 401 \(invalid credentials\)/);
    await refused(adapterFor(sandbox, { mode: 'basic', credentials: simple }).testConnection(), secrets);
    const grant = await refused(adapterFor(sandbox, { credentials: { ...creds, password: 'wrong-password' } }).testConnection(), secrets);
    assert.match(grant.message, /token refused \(invalid_grant: Invalid username and password combination\)/);
    const client = await refused(adapterFor(sandbox, { credentials: { ...creds, client_secret: 'not-the-secret' } }).testConnection(), [...secrets, 'not-the-secret']);
    assert.match(client.message, /token refused \(invalid_client\)/);
    await refused(adapterFor(sandbox, { credentials: { ...simple, client_id: 'nobody' } }).participants(
      { providerEventId: '1', providerRaceIds: ['2'] })[Symbol.asyncIterator]().next(), secrets);
  });

  it('names the credential fields a mode lacks', async () => {
    const { client_id } = credentialsFor(sandbox);
    await assert.rejects(adapterFor(sandbox, { credentials: { client_id: client_id! } }).testConnection(),
      (error: SyncError) => error.errorClass === 'auth' && error.message === 'ChronoTrack (simple auth) needs username, password; add them to the connection');
    await assert.rejects(adapterFor(sandbox, { credentials: { client_id: client_id! }, settings: { authMode: 'oauth' } }).testConnection(),
      /needs username, password, client_secret/);
  });
});

describe('ChronoTrack simple auth: encoding', () => {
  it('URL-encodes a user id with "+" and "@" so the server reads it back whole', async () => {
    const fixture = await startCtFixture({ '/api/event': { root: 'event', rows: [] } });
    try {
      const adapter = createChronoTrackAdapter({
        baseUrl: fixture.baseUrl, authUrl: null, tokens: memoryTokenStore(), fetch: (u, i) => fetch(u, i), settings: {},
        credentials: { client_id: 'ab12', username: 'timer+ct@example.com', password: 'pässword' },
      });
      await adapter.testConnection();
      const [target] = fixture.requests;
      assert.match(target!, /[?&]user_id=timer%2Bct%40example\.com(&|$)/);
      assert.equal(new URL(target!, 'http://x').searchParams.get('user_pass'), sha1Hex('pässword'));
    } finally {
      await fixture.close();
    }
  });
});
