import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { api, basic, login, requestToken, startHaku } from './helpers.js';

describe('Haku skin: Cognito client credentials and the raw-token rule', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startHaku();
  });
  after(() => sandbox.close());

  const credentials = () => sandbox.endpoint('haku').credentials[0]!;

  it('issues a client-credentials token on the same port, 3600 s by default', async () => {
    const endpoint = sandbox.endpoint('haku');
    assert.equal(new URL(endpoint.authUrl!).origin, endpoint.origin);
    assert.equal(endpoint.baseUrl, endpoint.origin);
    const reply = await requestToken(sandbox, basic(credentials().client_id, credentials().client_secret));
    assert.equal(reply.status, 200);
    assert.deepEqual(Object.keys(reply.body), ['access_token', 'expires_in', 'token_type']);
    assert.equal(reply.body.expires_in, 3600);
    assert.equal(reply.body.token_type, 'Bearer');
  });

  it('refuses bad client credentials, a missing Basic header and other grants', async () => {
    assert.deepEqual((await requestToken(sandbox, basic(credentials().client_id, 'nope'))).body, { error: 'invalid_client' });
    assert.equal((await requestToken(sandbox, '')).body.error, 'invalid_request');
    const grant = await requestToken(sandbox, basic(credentials().client_id, credentials().client_secret), 'grant_type=password');
    assert.deepEqual(grant.body, { error: 'unsupported_grant_type' });
  });

  it('takes the raw token in Authorization; "Bearer <token>", none or an unknown one is a 401', async () => {
    const token = await login(sandbox);
    assert.equal((await api(sandbox, '/events', token)).status, 200);
    const bearer = await api(sandbox, '/events', `Bearer ${token}`);
    assert.equal(bearer.status, 401);
    assert.deepEqual(bearer.body, { message: 'Unauthorized' });
    assert.equal((await api(sandbox, '/events', undefined)).status, 401);
    assert.equal((await api(sandbox, '/events', 'eyJnope')).status, 401);
  });

  it('expires tokens after their lifetime (shorter by option)', async () => {
    const short = await startHaku({ haku: { tokenLifetimeSeconds: 30 } });
    try {
      const token = await login(short);
      assert.equal((await api(short, '/events', token)).status, 200);
      short.clock.advance(31_000);
      const expired = await api(short, '/events', token);
      assert.equal(expired.status, 401);
      assert.deepEqual(expired.body, { message: 'The incoming token has expired' });
    } finally {
      await short.close();
    }
  });
});
