import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncError, type ErrorClass } from '../../../src/errors.js';
import type { HttpFetch } from '../../../src/providers/types.js';
import { FIXTURE_API_SECRET, startRunSignupFixture, type RunSignupFixture } from './fixture-server.js';
import { adapterFor, collectPages, GOOD_CREDENTIALS, requestsTo } from './helpers.js';

const QUERY = { providerEventId: '1', providerRaceIds: ['12890'] };
const envelope = (code: number, message: string) => ({ error: { error_code: code, error_msg: message } });

/** Every error is checked for its class and for never echoing the secret. */
async function expectSyncError(promise: Promise<unknown>, errorClass: ErrorClass, message?: RegExp): Promise<SyncError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof SyncError, `expected a SyncError, got ${String(caught)}`);
  assert.equal(caught.errorClass, errorClass, caught.message);
  assert.ok(!caught.message.includes(FIXTURE_API_SECRET), `message leaks the secret: ${caught.message}`);
  assert.ok(!caught.message.includes('api_secret='), `message leaks the query string: ${caught.message}`);
  if (message) assert.match(caught.message, message);
  return caught;
}

describe('RunSignUp error classification', () => {
  let fixture: RunSignupFixture;
  before(async () => { fixture = await startRunSignupFixture(); });
  after(() => fixture.close());

  it('testConnection passes with good credentials in one cheap call', async () => {
    fixture.requests.length = 0;
    await adapterFor(fixture).testConnection();
    assert.equal(fixture.requests.length, 1);
    const [request] = fixture.requests;
    assert.deepEqual(
      [request!.pathname, request!.searchParams.get('results_per_page'), request!.searchParams.get('page'), request!.searchParams.get('only_partner_races')],
      ['/Rest/races', '1', '1', 'T'],
    );
  });

  it('testConnection reports bad credentials (error 6 at HTTP 200) as auth, without the secret', async () => {
    const adapter = adapterFor(fixture, { credentials: { api_key: 'wrong', api_secret: 'wrong-secret-value' } });
    const error = await expectSyncError(adapter.testConnection(), 'auth', /rejected the API key and secret.*error 6 \(Key authentication failed\)/);
    assert.ok(!error.message.includes('wrong-secret-value'));
  });

  it('testConnection reports error 6 sent with HTTP 401 as auth, and missing credentials too', async () => {
    const strict = await startRunSignupFixture({ errorStatus: 401 });
    try {
      await expectSyncError(adapterFor(strict, { credentials: { api_key: 'x', api_secret: 'y' } }).testConnection(), 'auth');
      await expectSyncError(adapterFor(strict, { credentials: {} }).testConnection(), 'auth', /needs both api_key and api_secret/);
    } finally {
      await strict.close();
    }
  });

  const envelopeCases: [number, string, number, ErrorClass][] = [
    [7, 'Permission Denied', 200, 'permission'],
    [7, 'Permission Denied', 403, 'permission'],
    [14, 'Request throttled.', 200, 'rate_limited'],
    [201, 'Race not found.', 200, 'not_found'],
    [201, 'Race not found.', 404, 'not_found'],
    [3, 'Invalid parameters', 400, 'config'],
    [6, 'Key authentication failed', 200, 'auth'],
  ];
  for (const [code, text, status, errorClass] of envelopeCases) {
    it(`error ${code} at HTTP ${status} → ${errorClass}, not retried`, async () => {
      fixture.requests.length = 0;
      fixture.respondNext({ status, body: envelope(code, text) });
      await expectSyncError(collectPages(adapterFor(fixture).participants(QUERY)), errorClass, new RegExp(`^RunSignUp GET /race/1/participants: RunSignUp error ${code} `));
      assert.equal(fixture.requests.length, 1);
    });
  }

  it('a real unknown race answers 201 → not_found', async () => {
    await expectSyncError(collectPages(adapterFor(fixture).participants({ ...QUERY, providerEventId: '999' })), 'not_found', /Race not found/);
  });

  it('HTTP 429 → rate_limited with Retry-After, not retried', async () => {
    fixture.requests.length = 0;
    fixture.respondNext({ status: 429, body: 'slow down', headers: { 'retry-after': '7' } });
    const error = await expectSyncError(collectPages(adapterFor(fixture).participants(QUERY)), 'rate_limited');
    assert.equal(error.retryAfterMs, 7000);
    assert.equal(fixture.requests.length, 1);
  });

  it('HTTP 401/403 without an envelope → auth; other 4xx → config', async () => {
    fixture.respondNext({ status: 403, body: '<html>Forbidden</html>' });
    await expectSyncError(collectPages(adapterFor(fixture).participants(QUERY)), 'auth', /HTTP 403/);
    fixture.respondNext({ status: 404, body: '<html>Not found</html>' });
    await expectSyncError(collectPages(adapterFor(fixture).participants(QUERY)), 'config', /HTTP 404/);
  });

  it('retries a transient 5xx and then succeeds', async () => {
    fixture.requests.length = 0;
    fixture.respondNext({ status: 503, body: 'busy' }, { status: 200, body: '[{"event": {"event_id": 12890, "partici' });
    const [page] = await collectPages(adapterFor(fixture).participants(QUERY));
    assert.deepEqual(page!.records.map((record) => record.providerParticipantId), ['2645624']);
    assert.equal(requestsTo(fixture, '/participants').length, 3);
  });

  it('gives up after maxAttempts transient failures (5xx, envelope error 5, truncated JSON)', async () => {
    fixture.requests.length = 0;
    fixture.respondNext(
      { status: 500, body: 'boom' },
      { status: 200, body: envelope(5, 'Database error') },
      { status: 200, body: '{"races": [' },
    );
    await expectSyncError(adapterFor(fixture).testConnection(), 'transient', /^RunSignUp GET \/races: response is not valid JSON.*gave up after 3 attempts/);
    assert.equal(fixture.requests.length, 3);
  });

  it('network failures and timeouts are transient and name the path only', async () => {
    const closed = await startRunSignupFixture();
    await closed.close();
    await expectSyncError(adapterFor(closed, { settings: { maxAttempts: 2 } }).testConnection(), 'transient', /^RunSignUp GET \/races: network error/);

    // A fetch that only ever ends when the adapter's own timeout aborts it.
    const hanging: HttpFetch = (_url, init) => new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    });
    await expectSyncError(adapterFor(fixture, { fetch: hanging, settings: { timeoutMs: 20, maxAttempts: 1 } }).testConnection(), 'transient', /timed out after 20 ms/);
  });

  it('passes a SyncError thrown by the fetch seam through unchanged', async () => {
    const budgetSpent = new SyncError('rate_limited', 'request budget spent', { retryAfterMs: 1000 });
    const error = await expectSyncError(adapterFor(fixture, { fetch: async () => { throw budgetSpent; } }).testConnection(), 'rate_limited');
    assert.equal(error, budgetSpent);
  });

  it('redacts credentials even when the server echoes them', async () => {
    fixture.respondNext({ status: 200, body: envelope(3, `Invalid parameters: api_secret ${GOOD_CREDENTIALS.api_secret}`) });
    const error = await expectSyncError(collectPages(adapterFor(fixture).participants(QUERY)), 'config');
    assert.match(error.message, /\[redacted\]/);
  });

  it('refuses invalid settings with one message listing every problem', () => {
    assert.throws(
      () => adapterFor(fixture, { settings: { participantsPageSize: 5000, resultsPageParam: 'size' } }),
      (error: unknown) => error instanceof SyncError && error.errorClass === 'config'
        && /participantsPageSize/.test(error.message) && /resultsPageParam/.test(error.message),
    );
  });
});
