import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/db/database.js';
import { createLogger } from '../../../src/log.js';
import { DEFAULT_POLICY } from '../../../src/scheduler/policy.js';
import { Worker } from '../../../src/scheduler/worker.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { addConnection } from '../../../src/tenants/connections.js';
import { addPartner } from '../../../src/tenants/partners.js';
import { testEngines } from '../../helpers/database.js';
import { TEST_BOX, TestClock } from '../../helpers/sync.js';
import { listedParticipants, participantIdOf } from './expected.js';
import { credentialsOf, eventsOf, recordingFetch, startRaceRoster, type Recorder } from './helpers.js';

const ANCHOR = new Date('2025-06-01T12:00:00Z');

async function storedKeys(db: Database): Promise<string[]> {
  const rows = await db.query<{ key: string }>('select provider_participant_id as key from unified_participants order by 1');
  return rows.map((r) => r.key);
}

for (const engine of testEngines()) {
  describe(`Race Roster under the scheduler: one read per event (${engine.name})`, () => {
    const clock = new TestClock(new Date(ANCHOR.getTime() + 60_000));
    let db: Database;
    let sandbox: Sandbox;
    let recorder: Recorder;
    let worker: Worker;

    const drain = async () => {
      let runs = 0;
      while (runs < 100 && (await worker.tick())) runs += 1;
      return runs;
    };
    const truth = () => listedParticipants(sandbox.world, eventsOf(sandbox).flatMap((e) => e.races))
      .filter((p) => !p.cancelled).map((p) => p.providerParticipantId).sort();

    before(async () => {
      db = await engine.open();
      sandbox = await startRaceRoster({ seed: 5, partners: 1, eventsPerPartner: { raceroster: 2 }, racesPerEvent: 3, registrationsPerRace: 70, pastShare: 0, now: clock.now });
      const partner = await addPartner(db, 'Scheduled Timing', 'America/Toronto');
      await addConnection(db, TEST_BOX, {
        timingPartnerId: partner.id, provider: 'raceroster', baseUrl: sandbox.endpoint('raceroster').baseUrl, budgetPerHour: 1000,
        credentials: credentialsOf(sandbox), settings: { retryBaseMs: 1 },
      });
      recorder = recordingFetch();
      worker = new Worker({
        ctx: { db, log: createLogger('silent'), now: clock.now, holder: 'test:rr', settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 } },
        box: TEST_BOX, fetch: recorder.fetch, policy: DEFAULT_POLICY, reserveShare: 0.3, authFailureLimit: 3, leaseMs: 60_000, random: () => 0.5,
      }, { concurrency: 1, idleMs: 10 });
      await worker.prepare();
    });
    after(async () => {
      await sandbox.close();
      await db.close();
    });

    it('reads each event\'s participants once for all its sub-events, unfiltered', async () => {
      await drain();
      assert.deepEqual(await storedKeys(db), truth());
      for (const event of eventsOf(sandbox)) {
        const reads = recorder.to(`/events/${event.ids.raceroster}/participants`);
        const listed = listedParticipants(sandbox.world, event.races).length;
        assert.equal(reads.length, Math.ceil(listed / 100), `event ${event.ids.raceroster}: one read of ${listed} rows`);
        assert.ok(reads.every((url) => !url.searchParams.has('subEventId')));
      }
      assert.equal(recorder.requests.filter((r) => r.url.pathname === '/api/oauth/authorize').length, 1);
    });

    it('a later grouped read stores new registrations and removes withdrawn ones by the full-read diff', async () => {
      const [event] = eventsOf(sandbox);
      const change = sandbox.mutate({ event: event!.id, register: 2, remove: 2, cancel: 1 });
      recorder.requests.length = 0;
      clock.advance(5 * 3_600_000);
      await drain();
      assert.deepEqual(await storedKeys(db), truth());
      const deleted = await db.query<{ key: string }>(
        `select p.provider_participant_id as key from changes c join participants p on p.id = c.entity_id
         where c.entity = 'participant' and c.kind = 'deleted' order by 1`);
      assert.deepEqual(deleted.map((r) => r.key), [...change.remove, ...change.cancel].filter((id) => !change.register.includes(id)).map((id) => String(participantIdOf(id))).sort());
      assert.equal(recorder.requests.filter((r) => r.url.pathname === '/api/oauth/authorize').length, 0, 'the stored token is reused');
      const listed = listedParticipants(sandbox.world, event!.races).length;
      assert.equal(recorder.to(`/events/${event!.ids.raceroster}/participants`).length, Math.ceil(listed / 100), 'still one read for the event');
    });
  });
}
