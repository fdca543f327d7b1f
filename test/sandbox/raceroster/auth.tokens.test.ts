import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { ANCHOR, api, login, passwordFields, requestToken, startRaceRoster } from './helpers.js';

const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString('utf8'));

describe('Race Roster skin: OAuth tokens', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startRaceRoster();
  });
  after(() => sandbox.close());

  it('answers a password-style access_token grant wrapped in data, with a 24 h timer JWT', async () => {
    const reply = await requestToken(sandbox, passwordFields(sandbox));
    assert.equal(reply.status, 200);
    assert.deepEqual(Object.keys(reply.body), ['data']);
    const token = reply.body.data;
    assert.deepEqual(Object.keys(token), ['token_type', 'expires_in', 'access_token', 'refresh_token']);
    assert.equal(token.token_type, 'Bearer');
    assert.equal(token.expires_in, 86_400);
    const claims = payloadOf(token.access_token);
    assert.equal(claims.aud, sandbox.endpoint('raceroster').credentials[0]?.client_id);
    assert.equal(claims.exp - claims.iat, 86_400);
    assert.deepEqual(claims.scopes, ['timer']);
    assert.equal((await api(sandbox, '/events', token.access_token)).status, 200);
  });

  it('refuses bad clients, bad user credentials and unknown grants, Passport-style', async () => {
    const fields = passwordFields(sandbox);
    const badClient = await requestToken(sandbox, { ...fields, client_secret: 'nope' });
    assert.equal(badClient.status, 401);
    assert.equal(badClient.body.error, 'invalid_client');
    const badUser = await requestToken(sandbox, { ...fields, password: 'nope' });
    assert.equal(badUser.status, 400);
    assert.deepEqual(Object.keys(badUser.body), ['error', 'error_description', 'hint', 'message']);
    assert.equal(badUser.body.error, 'invalid_grant');
    const otherPartnersUser = await requestToken(sandbox, { ...fields, username: passwordFields(sandbox, 1).username!, password: passwordFields(sandbox, 1).password! });
    assert.equal(otherPartnersUser.body.error, 'invalid_grant');
    const grant = await requestToken(sandbox, { ...fields, grant_type: 'password' });
    assert.equal(grant.body.error, 'unsupported_grant_type');
    assert.equal((await getMethod(sandbox)).status, 405);
  });

  it('lets each refresh token work exactly once', async () => {
    const { refresh } = await login(sandbox);
    const fields = passwordFields(sandbox);
    const refreshFields = { grant_type: 'refresh_token', client_id: fields.client_id!, client_secret: fields.client_secret!, refresh_token: refresh };
    const first = await requestToken(sandbox, refreshFields);
    assert.equal(first.status, 200);
    assert.notEqual(first.body.data.refresh_token, refresh);
    const again = await requestToken(sandbox, refreshFields);
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
    assert.equal(again.body.hint, 'Token has been revoked');
    assert.equal((await requestToken(sandbox, { ...refreshFields, refresh_token: first.body.data.refresh_token })).status, 200);
  });

  it('answers 401 without a token, with an unknown one, and with an expired one', async () => {
    assert.deepEqual((await api(sandbox, '/events', undefined)).body, { error: { code: 401, message: 'Unauthenticated.' } });
    assert.equal((await api(sandbox, '/events', 'not-a-token')).status, 401);
    const { access } = await login(sandbox);
    sandbox.clock.advance(86_400_000);
    assert.equal((await api(sandbox, '/events', access)).status, 401);
    sandbox.clock.set(ANCHOR);
  });

  it('expires tokens sooner by option and wraps the answer as the switch says', async () => {
    const short = await startRaceRoster({ raceroster: { tokenLifetimeSeconds: 60, tokenEnvelope: 'data-array', errorShape: 'message' } });
    try {
      const reply = await requestToken(short, passwordFields(short));
      const token = reply.body.data[0];
      assert.equal(token.expires_in, 60);
      assert.equal((await api(short, '/events', token.access_token)).status, 200);
      short.clock.advance(61_000);
      const expired = await api(short, '/events', token.access_token);
      assert.deepEqual(expired.body, { message: 'Unauthenticated.' });
    } finally {
      await short.close();
    }
    const bare = await startRaceRoster({ raceroster: { tokenEnvelope: 'bare' } });
    try {
      assert.equal(typeof (await requestToken(bare, passwordFields(bare))).body.access_token, 'string');
    } finally {
      await bare.close();
    }
  });

  it('expired_token fault: the next API call is a 401 and that token stays expired; a refresh recovers', async () => {
    const { access, refresh } = await login(sandbox);
    sandbox.injectFault({ kind: 'expired_token' });
    assert.equal((await api(sandbox, '/events', access)).status, 401);
    assert.equal((await api(sandbox, '/events', access)).status, 401);
    const fields = passwordFields(sandbox);
    const renewed = await requestToken(sandbox, { grant_type: 'refresh_token', client_id: fields.client_id!, client_secret: fields.client_secret!, refresh_token: refresh });
    assert.equal((await api(sandbox, '/events', renewed.body.data.access_token)).status, 200);
  });
});

function getMethod(sandbox: Sandbox) {
  return fetch(sandbox.endpoint('raceroster').authUrl as string);
}
