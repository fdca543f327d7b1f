import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncError } from '../../../src/errors.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { adapterFor, collectPages, eventsOf, queryOf, RecordingFetch, recordsOf, startHaku } from './helpers.js';

const LIST = /\/participants$/;

async function expectError(promise: Promise<unknown>, errorClass: string, message?: RegExp): Promise<SyncError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => ((caught = error), true));
  assert.ok(caught instanceof SyncError, `expected a SyncError, got ${String(caught)}`);
  assert.equal(caught.errorClass, errorClass, caught.message);
  if (message) assert.match(caught.message, message);
  return caught;
}

describe('Haku errors: HTTP statuses classified by what the caller must do', () => {
  let sandbox: Sandbox;
  const recording = new RecordingFetch();
  const read = (settings: Record<string, unknown> = {}, query = queryOf(eventsOf(sandbox)[0]!)) =>
    collectPages(adapterFor(sandbox, { fetch: recording.fetch, settings }).participants(query));

  before(async () => {
    sandbox = await startHaku({ eventsPerPartner: { haku: 1 }, registrationsPerRace: 10 });
  });
  after(() => sandbox.close());

  it('a 429 with Retry-After is rate_limited with retryAfterMs, and not retried', async () => {
    sandbox.injectFault({ kind: 'throttle', count: 1, pathPattern: '/participants$' });
    recording.clear();
    const error = await expectError(read(), 'rate_limited', /^Haku GET \/events\/.*\/participants: HTTP 429 \(Too Many Requests\)$/);
    assert.equal(error.retryAfterMs, 60_000);
    assert.equal(recording.count(LIST), 1);
  });

  it('the skin\'s own 500-an-hour budget answers 429 + Retry-After the same way', async () => {
    const tight = await startHaku({ eventsPerPartner: { haku: 1 }, registrationsPerRace: 10, haku: { callsPerHour: 3 } });
    try {
      const error = await expectError(collectPages(adapterFor(tight).participants(queryOf(eventsOf(tight)[0]!))), 'rate_limited');
      assert.ok(error.retryAfterMs! > 0 && error.retryAfterMs! <= 3_600_000, String(error.retryAfterMs));
    } finally {
      await tight.close();
    }
  });

  for (const kind of ['5xx', 'malformed', 'truncated', 'reset'] as const) {
    it(`a ${kind} answer is transient: retried, and the read completes`, async () => {
      const clean = recordsOf(await read()).length;
      sandbox.injectFault({ kind, count: 1, pathPattern: '/registrations/' });
      assert.equal(recordsOf(await read()).length, clean);
    });
  }

  it('a failure that persists gives up after maxAttempts, still transient', async () => {
    sandbox.injectFault({ kind: '5xx', count: 3, pathPattern: '/participants$' });
    recording.clear();
    await expectError(read({ maxAttempts: 3 }), 'transient', /HTTP 503 \(gave up after 3 attempts\)$/);
    assert.equal(recording.count(LIST), 3);
  });

  it('a call that never answers times out as transient', async () => {
    sandbox.injectFault({ kind: 'timeout', count: 1, pathPattern: '/participants$' });
    await expectError(read({ timeoutMs: 200, maxAttempts: 1 }), 'transient', /timed out after 200 ms/);
  });

  it('an unknown event is not_found; another client\'s event is permission', async () => {
    await expectError(read({}, { providerEventId: 'ffffffffffffffffffff', providerRaceIds: ['1'] }), 'not_found', /HTTP 404 \(Event not found\)/);
    const two = await startHaku({ partners: 2, eventsPerPartner: { haku: 1 } });
    try {
      const foreign = eventsOf(two, 2)[0]!;
      await expectError(collectPages(adapterFor(two).participants(queryOf(foreign))), 'permission', /HTTP 403 \(User is not authorized to access this resource\)/);
    } finally {
      await two.close();
    }
  });

  it('a token endpoint outage is transient and retried', async () => {
    sandbox.injectFault({ kind: '5xx', count: 1, pathPattern: '/oauth2/token$' });
    recording.clear();
    await adapterFor(sandbox, { fetch: recording.fetch }).testConnection();
    assert.equal(recording.count(/\/oauth2\/token$/), 2);
  });
});
