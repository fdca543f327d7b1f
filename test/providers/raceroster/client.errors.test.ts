import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncError } from '../../../src/errors.js';
import { classifyStatus, classifyTokenError } from '../../../src/providers/raceroster/client.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { adapterFor, collectPages, eventsOf, recordingFetch, startRaceRoster } from './helpers.js';

const failureOf = (promise: Promise<unknown>): Promise<SyncError> =>
  promise.then(() => assert.fail('expected a failure'), (error: unknown) => {
    assert.ok(error instanceof SyncError, String(error));
    return error;
  });

describe('Race Roster errors and throttling', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startRaceRoster({ eventsPerPartner: { raceroster: 2 }, registrationsPerRace: 30, pastShare: 0 });
  });
  after(() => sandbox.close());

  const queryOf = (partner = 1) => {
    const event = eventsOf(sandbox, partner)[0]!;
    return { providerEventId: String(event.ids.raceroster), providerRaceIds: event.races.map((r) => String(r.ids.raceroster)) };
  };

  it('a throttle is rate_limited with the provider\'s Retry-After, and not retried', async () => {
    const adapter = adapterFor(sandbox);
    await adapter.testConnection();
    sandbox.injectFault({ kind: 'throttle', pathPattern: '/participants$' });
    const recorder = recordingFetch();
    const error = await failureOf(collectPages(adapterFor(sandbox, { fetch: recorder.fetch }).participants(queryOf())));
    assert.equal(error.errorClass, 'rate_limited');
    assert.equal(error.retryAfterMs, 60_000);
    assert.match(error.message, /HTTP 429 \(Too Many Attempts\.\)/);
    assert.equal(recorder.to('/participants').length, 1);
  });

  it('the skin\'s own budget answers 429 the same way', async () => {
    const budgeted = await startRaceRoster({ eventsPerPartner: { raceroster: 1 }, registrationsPerRace: 5, raceroster: { callsPerHour: 1 } });
    try {
      const adapter = adapterFor(budgeted);
      await adapter.testConnection();
      const error = await failureOf(adapter.testConnection());
      assert.equal(error.errorClass, 'rate_limited');
      assert.ok((error.retryAfterMs ?? 0) > 0);
    } finally {
      await budgeted.close();
    }
  });

  it('5xx is retried; past maxAttempts it is transient', async () => {
    sandbox.injectFault({ kind: '5xx', pathPattern: '/participants$', count: 2 });
    assert.ok((await collectPages(adapterFor(sandbox).participants(queryOf()))).length > 0);
    sandbox.injectFault({ kind: '5xx', pathPattern: '/participants$', count: 3 });
    const error = await failureOf(collectPages(adapterFor(sandbox).participants(queryOf())));
    assert.equal(error.errorClass, 'transient');
    assert.match(error.message, /gave up after 3 attempts/);
  });

  it('another account\'s event is permission, an unknown one not_found, a bad parameter config', async () => {
    const foreign = await failureOf(collectPages(adapterFor(sandbox).participants(queryOf(2))));
    assert.equal(foreign.errorClass, 'permission');
    assert.match(foreign.message, /HTTP 403 \(This action is unauthorized\.\)/);
    const unknown = await failureOf(collectPages(adapterFor(sandbox).participants({ providerEventId: '999999999', providerRaceIds: ['1'] })));
    assert.equal(unknown.errorClass, 'not_found');
    const wrongRace = await failureOf(collectPages(adapterFor(sandbox).participants({ ...queryOf(), providerRaceIds: ['123'] })));
    assert.equal(wrongRace.errorClass, 'not_found');
    const badParam = await failureOf(collectPages(adapterFor(sandbox, { settings: { resultsRaceParam: 'subEventId' } }).results!({ providerEventId: queryOf().providerEventId, providerRaceId: 'x' })));
    assert.equal(badParam.errorClass, 'config');
    assert.match(badParam.message, /HTTP 400/);
  });

  it('a token endpoint outage is transient and retried like any call', async () => {
    sandbox.injectFault({ kind: '5xx', pathPattern: '^/api/oauth/authorize$', count: 1 });
    const recorder = recordingFetch();
    await adapterFor(sandbox, { fetch: recorder.fetch }).testConnection();
    assert.equal(recorder.requests.filter((r) => r.url.pathname === '/api/oauth/authorize').length, 2);
  });

  it('refuses invalid settings with every problem named', () => {
    assert.throws(() => adapterFor(sandbox, { settings: { pageSize: 0, pagingStyle: 'cursor', pastEventsFrom: '2020-01-01' } }), (error: SyncError) =>
      error.errorClass === 'config' && /pageSize/.test(error.message) && /pagingStyle/.test(error.message) && /pastEventsFrom/.test(error.message));
  });

  it('classifies statuses and Passport codes by what the caller must do', () => {
    assert.deepEqual([400, 401, 403, 404, 405, 429, 500, 501, 503].map(classifyStatus),
      ['config', 'auth', 'permission', 'not_found', 'config', 'rate_limited', 'transient', 'config', 'transient']);
    assert.deepEqual(['invalid_grant', 'invalid_client', 'invalid_request', 'unsupported_grant_type', 'server_error', 'odd'].map((code) => classifyTokenError(code, 400)),
      ['auth', 'auth', 'auth', 'config', 'transient', 'config']);
  });
});
