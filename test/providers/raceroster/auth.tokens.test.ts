import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncError } from '../../../src/errors.js';
import { memoryTokenStore } from '../../../src/providers/http/token-auth.js';
import { tokenUrlOf } from '../../../src/providers/raceroster/token.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { ANCHOR, adapterFor, collectPages, credentialsOf, eventsOf, recordingFetch, startRaceRoster } from './helpers.js';

const DAY_MS = 86_400_000;

describe('Race Roster tokens', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startRaceRoster({ eventsPerPartner: { raceroster: 2 }, registrationsPerRace: 120, pastShare: 0 });
  });
  after(() => sandbox.close());

  const tokenCalls = (recorder: ReturnType<typeof recordingFetch>) => recorder.requests.filter((r) => r.url.pathname === '/api/oauth/authorize');
  const grantOf = (body: string | undefined) => new URLSearchParams(body ?? '');
  const queryOf = () => {
    const event = eventsOf(sandbox)[0]!;
    return { providerEventId: String(event.ids.raceroster), providerRaceIds: event.races.map((r) => String(r.ids.raceroster)) };
  };

  it('logs in with the password-style grant through the connection\'s fetch, then sends the bearer token', async () => {
    const recorder = recordingFetch();
    await adapterFor(sandbox, { fetch: recorder.fetch }).testConnection();
    const [token, ...rest] = recorder.requests;
    assert.equal(token!.method, 'POST');
    assert.equal(token!.url.toString(), sandbox.endpoint('raceroster').authUrl);
    const form = grantOf(token!.body);
    const credentials = credentialsOf(sandbox);
    assert.deepEqual(Object.fromEntries(form), {
      grant_type: 'access_token', client_id: credentials.client_id, client_secret: credentials.client_secret,
      username: credentials.username, password: credentials.password,
    });
    assert.deepEqual(rest.map((r) => r.url.pathname), ['/api/v1/events']);
  });

  it('keeps the token in the connection\'s store: another adapter on the same store logs in no more', async () => {
    const tokens = memoryTokenStore();
    const first = recordingFetch();
    await adapterFor(sandbox, { fetch: first.fetch, tokens }).testConnection();
    const second = recordingFetch();
    await adapterFor(sandbox, { fetch: second.fetch, tokens }).testConnection();
    assert.equal(tokenCalls(first).length, 1);
    assert.equal(tokenCalls(second).length, 0);
    const stored = (await tokens.read()).token!;
    assert.ok(Math.abs(stored.expiresAt.getTime() - Date.now() - DAY_MS) < 60_000, 'expires_in 86400 s');
  });

  it('refuses bad credentials as auth, without any secret in the message', async () => {
    const good = credentialsOf(sandbox);
    const bads: Record<string, string>[] = [{ ...good, password: 'wrong-password-123' }, { ...good, client_secret: 'wrong-secret-456' }, { ...good, username: 'nobody@example.com' }];
    for (const bad of bads) {
      const error = await adapterFor(sandbox, { credentials: bad }).testConnection().then(() => null, (e: unknown) => e);
      assert.ok(error instanceof SyncError && error.errorClass === 'auth', String(error));
      assert.match(error.message, /^Race Roster refused the client id and secret or the username and password/);
      assert.match(error.message, /invalid_(grant|client)/);
      for (const secret of [bad.password, bad.client_secret, good.password, good.client_secret]) assert.ok(!error.message.includes(secret!), error.message);
    }
    const recorder = recordingFetch();
    const missing = await adapterFor(sandbox, { credentials: { client_id: good.client_id!, username: good.username! }, fetch: recorder.fetch })
      .testConnection().then(() => null, (e: unknown) => e);
    assert.ok(missing instanceof SyncError && missing.errorClass === 'auth');
    assert.match(missing.message, /add client_secret, password to the connection/);
    assert.equal(recorder.requests.length, 0, 'no call without the credentials');
  });

  it('a token that expires mid-read is renewed once (by its refresh token) and the read goes on', async () => {
    const recorder = recordingFetch();
    const adapter = adapterFor(sandbox, { fetch: recorder.fetch });
    const stream = adapter.participants(queryOf())[Symbol.asyncIterator]();
    const pages = [(await stream.next()).value!];
    sandbox.injectFault({ kind: 'expired_token', pathPattern: '/participants$' });
    for (let next = await stream.next(); !next.done; next = await stream.next()) pages.push(next.value);
    const event = eventsOf(sandbox)[0]!;
    assert.equal(pages.flatMap((p) => p.records).length, event.races.reduce((n, r) => n + sandbox.world.registrationsWith(r, 'active', 'cancelled').length, 0));
    assert.deepEqual(tokenCalls(recorder).map((r) => grantOf(r.body).get('grant_type')), ['access_token', 'refresh_token']);
    const offsets = recorder.to('/participants').map((url) => url.searchParams.get('offset'));
    assert.deepEqual(offsets, ['0', '100', '100', '200']);
  });

  it('a refresh token already spent falls back to a new grant', async () => {
    const tokens = memoryTokenStore();
    await adapterFor(sandbox, { tokens }).testConnection();
    const spent = (await tokens.read()).token!;
    // Another process renewed with it: the store still holds the old pair, now useless.
    await adapterFor(sandbox).testConnection();
    const form = { grant_type: 'refresh_token', client_id: credentialsOf(sandbox).client_id!, client_secret: credentialsOf(sandbox).client_secret!, refresh_token: spent.refreshToken! };
    const used = await fetch(sandbox.endpoint('raceroster').authUrl!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    assert.equal(used.status, 200);
    sandbox.clock.advance(DAY_MS + 1000);
    try {
      const recorder = recordingFetch();
      await adapterFor(sandbox, { tokens, fetch: recorder.fetch }).testConnection();
      assert.deepEqual(tokenCalls(recorder).map((r) => grantOf(r.body).get('grant_type')), ['refresh_token', 'access_token']);
    } finally {
      sandbox.clock.set(ANCHOR);
    }
  });

  it('takes the token answer wrapped in data as an array, or bare', async () => {
    for (const tokenEnvelope of ['data-array', 'bare'] as const) {
      const other = await startRaceRoster({ eventsPerPartner: { raceroster: 1 }, registrationsPerRace: 1, raceroster: { tokenEnvelope } });
      try {
        await adapterFor(other).testConnection();
        const wrongSwitch = tokenEnvelope === 'bare' ? 'data-object' : 'bare';
        await assert.rejects(adapterFor(other, { settings: { tokenEnvelope: wrongSwitch } }).testConnection(), /token answer has an unexpected shape/);
      } finally {
        await other.close();
      }
    }
  });

  it('asks the connection\'s auth URL when it has one; else /api/oauth/authorize on the base URL\'s host', async () => {
    const recorder = recordingFetch();
    const authUrl = `${sandbox.endpoint('raceroster').authUrl}?tenant=a`;
    await adapterFor(sandbox, { fetch: recorder.fetch, authUrl }).testConnection();
    assert.equal(tokenCalls(recorder)[0]!.url.toString(), authUrl);
    assert.equal(tokenUrlOf('https://raceroster.com/api/v1', null), 'https://raceroster.com/api/oauth/authorize');
    assert.equal(tokenUrlOf('https://raceroster.com/api/v1/', null), 'https://raceroster.com/api/oauth/authorize');
    assert.equal(tokenUrlOf('https://proxy.example/rr/api/v1', null), 'https://proxy.example/rr/api/oauth/authorize');
    assert.equal(tokenUrlOf('https://proxy.example/rr', null), 'https://proxy.example/api/oauth/authorize');
    assert.equal(tokenUrlOf('https://raceroster.com/api/v1', 'https://auth.example/token'), 'https://auth.example/token');
  });
});
