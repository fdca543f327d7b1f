import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncError } from '../../../src/errors.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { adapterFor, collectPages, ctEvents, futureEvents, idOf, recordingFetch, startWorld } from './helpers.js';

describe('ChronoTrack errors and throttling against the sandbox', () => {
  let sandbox: Sandbox;
  before(async () => { sandbox = await startWorld(); });
  after(() => sandbox.close());

  const query = () => {
    const event = futureEvents(sandbox)[0]!;
    return { providerEventId: idOf(event.ids.chronotrack), providerRaceIds: event.races.map((r) => idOf(r.ids.chronotrack)) };
  };
  const readAll = (settings: Record<string, unknown> = {}, fetchFn = recordingFetch()) =>
    collectPages(adapterFor(sandbox, { settings, fetch: fetchFn.fetch }).participants(query()));
  const failure = async (promise: Promise<unknown>): Promise<SyncError> => {
    const error = await promise.then(() => null, (e: unknown) => e);
    assert.ok(error instanceof SyncError, `expected a SyncError, got ${String(error)}`);
    return error;
  };
  const expectedCount = () => futureEvents(sandbox)[0]!.races.reduce((n, r) => n + sandbox.world.activeCount(r), 0);

  for (const kind of ['5xx', 'reset', 'malformed', 'truncated'] as const) {
    it(`retries a ${kind} answer and reads on`, async () => {
      sandbox.injectFault({ kind, count: 1, pathPattern: '/entry$' });
      const recorder = recordingFetch();
      const pages = await readAll({}, recorder);
      assert.equal(pages.flatMap((p) => p.records).length, expectedCount());
      assert.equal(recorder.calls.length, 2);
    });
  }

  it('gives up on a persistent outage as transient, after maxAttempts calls', async () => {
    sandbox.injectFault({ kind: '5xx', count: 5, pathPattern: '/entry$' });
    const recorder = recordingFetch();
    const error = await failure(readAll({ maxAttempts: 2 }, recorder));
    assert.equal(error.errorClass, 'transient');
    assert.match(error.message, /^ChronoTrack GET \/event\/\d+\/entry: HTTP 503, provider error \(gave up after 2 attempts\)$/);
    assert.equal(recorder.calls.length, 2);
    await fetch(`${sandbox.endpoint('chronotrack').origin}/_admin/faults`, { method: 'DELETE' });
  });

  it('a timeout is transient', async () => {
    sandbox.injectFault({ kind: 'timeout', count: 1, pathPattern: '/entry$' });
    const error = await failure(readAll({ timeoutMs: 150, maxAttempts: 1 }));
    assert.equal(error.errorClass, 'transient');
    assert.match(error.message, /timed out after 150 ms/);
  });

  it('a throttle is rate_limited with the provider\'s Retry-After, and is not retried', async () => {
    sandbox.injectFault({ kind: 'throttle', count: 1, pathPattern: '/entry$' });
    const recorder = recordingFetch();
    const error = await failure(readAll({}, recorder));
    assert.equal(error.errorClass, 'rate_limited');
    assert.equal(error.retryAfterMs, 60_000);
    assert.match(error.message, /HTTP 429 \(rate limit exceeded\)/);
    assert.equal(recorder.calls.length, 1);
  });

  it('another partner\'s event is permission, an unknown one not_found', async () => {
    const foreign = ctEvents(sandbox, 2)[0]!;
    const denied = await failure(collectPages(adapterFor(sandbox).participants({
      providerEventId: idOf(foreign.ids.chronotrack), providerRaceIds: foreign.races.map((r) => idOf(r.ids.chronotrack)),
    })));
    assert.equal(denied.errorClass, 'permission');
    const unknown = await failure(collectPages(adapterFor(sandbox).results!({ providerEventId: '1', providerRaceId: '1' })));
    assert.equal(unknown.errorClass, 'not_found');
  });
});

describe('ChronoTrack: the provider\'s own budget', () => {
  it('answers 429 with Retry-After when the account is over its hourly calls: rate_limited', async () => {
    const sandbox = await startWorld({ chronotrack: { callsPerHour: 2 } });
    try {
      const adapter = adapterFor(sandbox, { settings: { eventsPageSize: 1 } });
      const error = await collectPages(adapter.discoverEvents({ includePast: true, now: new Date() })).then(() => null, (e: unknown) => e);
      assert.ok(error instanceof SyncError);
      assert.equal(error.errorClass, 'rate_limited');
      assert.ok((error.retryAfterMs ?? 0) > 0, `retryAfterMs ${error.retryAfterMs}`);
    } finally {
      await sandbox.close();
    }
  });
});
