import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { WorldRace } from '../../../src/sandbox/world/index.js';
import { adapterFor, apiKeyOf, collectPages, expectSyncError, queryOf, racesOf, recordsOf, startCopernico } from './helpers.js';
import { expectedParticipants } from './truth.js';

describe('Copernico auth, errors and throttling against the skin', () => {
  let sandbox: Sandbox;
  let race: WorldRace;
  let key: string;
  const calls = () => sandbox.callCount('copernico');

  before(async () => {
    sandbox = await startCopernico({ eventsPerPartner: { runsignup: 2, raceroster: 0, haku: 0 }, registrationsPerRace: 40 });
    race = racesOf(sandbox)[0]!.races[0]!;
    key = apiKeyOf(sandbox);
  });
  after(() => sandbox.close());
  let before_ = 0;
  beforeEach(() => { before_ = calls(); });
  const spent = () => calls() - before_;

  it('testConnection passes with the right key in one call, with or without configured races', async () => {
    await adapterFor(sandbox).testConnection();
    await adapterFor(sandbox, { settings: { raceIds: [] } }).testConnection();
    assert.equal(spent(), 2);
  });

  it('a wrong key is an auth error that never shows the key', async () => {
    const wrong = `${key.slice(0, -4)}beef`;
    await expectSyncError(adapterFor(sandbox, { apiKey: wrong }).testConnection(), 'auth', wrong, /^Copernico rejected the api key; check it with the partner \(Copernico GET \/.+: HTTP 401 \(Unauthorized\)\)$/);
    await expectSyncError(collectPages(adapterFor(sandbox, { apiKey: wrong }).participants(queryOf(race))), 'auth', wrong, /HTTP 401/);
    await expectSyncError(adapterFor(sandbox, { apiKey: '' }).testConnection(), 'auth', key, /needs an api_key/);
  });

  it("another partner's race is a permission error, an unknown event not_found", async () => {
    const theirs = racesOf(sandbox, 2)[0]!.races[0]!;
    await expectSyncError(collectPages(adapterFor(sandbox).participants(queryOf(theirs))), 'permission', key, /HTTP 403 \(Forbidden\)/);
    const unknown = { ...queryOf(race), providerRaceIds: [`${race.event.ids.copernico}/No Such Event`] };
    await expectSyncError(collectPages(adapterFor(sandbox).participants(unknown)), 'not_found', key, /HTTP 404 \(event No Such Event not found/);
  });

  it('a 429 is rate_limited with its Retry-After, not retried', async () => {
    sandbox.injectFault({ kind: 'throttle' });
    const error = await expectSyncError(collectPages(adapterFor(sandbox).participants(queryOf(race))), 'rate_limited', key, /HTTP 429 \(Too Many Requests\)/);
    assert.equal(error.retryAfterMs, 60_000);
    assert.equal(spent(), 1);
  });

  it('an expired-token answer (401) is auth: an api key has nothing to renew', async () => {
    sandbox.injectFault({ kind: 'expired_token' });
    await expectSyncError(collectPages(adapterFor(sandbox).participants(queryOf(race))), 'auth', key);
    assert.equal(spent(), 1);
  });

  for (const kind of ['5xx', 'reset', 'malformed', 'truncated'] as const) {
    it(`a ${kind} answer is transient and read again, with the same athletes in the end`, async () => {
      sandbox.injectFault({ kind, pathPattern: '/athletes$' });
      const records = recordsOf(await collectPages(adapterFor(sandbox, { settings: { pageSize: 5 } }).participants(queryOf(race))));
      assert.deepEqual(records.map((r) => r.providerParticipantId).sort(), expectedParticipants(sandbox.world, race).map((p) => p.providerParticipantId).sort());
      assert.equal(spent(), 2);
    });
  }

  it('a body that breaks off mid-list resumes after the last page handed on: no gap, no duplicate', async () => {
    sandbox.injectFault({ kind: 'truncated', pathPattern: '/athletes$' });
    const pages = await collectPages(adapterFor(sandbox, { settings: { pageSize: 3 } }).participants(queryOf(race)));
    const ids = recordsOf(pages).map((r) => r.providerParticipantId);
    assert.equal(new Set(ids).size, ids.length, 'no athlete twice');
    assert.deepEqual([...ids].sort(), expectedParticipants(sandbox.world, race).map((p) => p.providerParticipantId).sort());
    assert.ok(pages.length > 3);
  });

  it('gives up after maxAttempts reads of a broken body', async () => {
    sandbox.injectFault({ kind: 'malformed', count: 3, pathPattern: '/athletes$' });
    await expectSyncError(collectPages(adapterFor(sandbox, { settings: { maxAttempts: 3 } }).participants(queryOf(race))), 'transient', key, /not JSON: "<" where a JSON array or object must start/);
    assert.equal(spent(), 3);
  });

  it('a timeout is transient, retried by the shared client', async () => {
    sandbox.injectFault({ kind: 'timeout', pathPattern: '/athletes$' });
    const records = recordsOf(await collectPages(adapterFor(sandbox, { settings: { timeoutMs: 300 } }).participants(queryOf(race))));
    assert.equal(records.length, expectedParticipants(sandbox.world, race).length);
    assert.equal(spent(), 2);
  });
});

describe('Copernico budget at the skin', () => {
  it("over the skin's hourly budget: rate_limited with the wait until a call is free", async () => {
    const sandbox = await startCopernico({ eventsPerPartner: { runsignup: 2, raceroster: 0, haku: 0 }, registrationsPerRace: 5, copernico: { callsPerHour: 2 } });
    try {
      const adapter = adapterFor(sandbox);
      const race = racesOf(sandbox)[0]!.races[0]!;
      await collectPages(adapter.participants(queryOf(race)));
      await collectPages(adapter.participants(queryOf(race)));
      const error = await expectSyncError(collectPages(adapter.participants(queryOf(race))), 'rate_limited', apiKeyOf(sandbox), /HTTP 429/);
      assert.ok(error.retryAfterMs! > 0 && error.retryAfterMs! <= 3_600_000, String(error.retryAfterMs));
    } finally {
      await sandbox.close();
    }
  });
});
