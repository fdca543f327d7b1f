import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { ANCHOR, ctUrl, getJson, sha1, startChronoTrack } from './helpers.js';

describe('ChronoTrack skin: the three auth modes', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startChronoTrack();
  });
  after(() => sandbox.close());

  const creds = () => sandbox.endpoint('chronotrack').credentials[0]!;
  const base = () => sandbox.endpoint('chronotrack').baseUrl;
  const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

  it('simple: client_id + user_id + user_pass = sha1 hex of the password', async () => {
    assert.equal((await getJson(ctUrl(sandbox, '/event'))).status, 200);
    const wrong = await getJson(ctUrl(sandbox, '/event', { user_pass: sha1('nope') }));
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, { error: 'invalid credentials' });
    assert.equal((await getJson(ctUrl(sandbox, '/event', { user_pass: creds().password }))).status, 401, 'the plain password is not accepted');
    assert.equal((await getJson(ctUrl(sandbox, '/event', { client_id: 'other' }))).status, 401);
  });

  it('HTTP Basic login:password plus the client_id parameter', async () => {
    const url = `${base()}/event?format=json&client_id=${creds().client_id}`;
    assert.equal((await getJson(url, { headers: { authorization: basic(creds().username, creds().password) } })).status, 200);
    assert.equal((await getJson(url, { headers: { authorization: basic(creds().username, 'nope') } })).status, 401);
    assert.equal((await getJson(`${base()}/event?format=json`, { headers: { authorization: basic(creds().username, creds().password) } })).status, 401, 'client_id is required');
  });

  it('OAuth2 password grant at GET /oauth2/token, then Bearer + client_id; tokens expire', async () => {
    const tokenUrl = `${sandbox.endpoint('chronotrack').authUrl}?grant_type=password&username=${encodeURIComponent(creds().username)}&password=${creds().password}`;
    const token = await getJson(tokenUrl, { headers: { authorization: basic(creds().client_id, creds().client_secret) } });
    assert.equal(token.status, 200);
    assert.equal(token.body.expires_in, 3600);
    const call = (bearer: string) => getJson(`${base()}/event?format=json&client_id=${creds().client_id}`, { headers: { authorization: `Bearer ${bearer}` } });
    assert.equal((await call(token.body.access_token)).status, 200);
    assert.equal((await getJson(tokenUrl, { headers: { authorization: basic(creds().client_id, 'nope') } })).status, 401);
    sandbox.clock.advance(3_601_000);
    assert.equal((await call(token.body.access_token)).status, 401);
    sandbox.clock.set(ANCHOR);
    const post = await getJson(sandbox.endpoint('chronotrack').authUrl!, {
      method: 'POST', headers: { authorization: basic(creds().client_id, creds().client_secret), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: creds().username, password: creds().password }).toString(),
    });
    assert.equal(post.status, 200, 'POST works too');
  });

  it('refuses another partner\'s event with 403 and unknown ids with 404', async () => {
    const foreign = sandbox.world.eventsAt('chronotrack', 2)[0]!;
    assert.equal((await getJson(ctUrl(sandbox, `/event/${foreign.ids.chronotrack}`))).status, 403);
    assert.equal((await getJson(ctUrl(sandbox, '/event/1'))).status, 404);
  });
});
