import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/db/database.js';
import type { HttpFetch } from '../../../src/providers/types.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { WorldRace } from '../../../src/sandbox/world/index.js';
import type { RunReport } from '../../../src/sync/context.js';
import { testEngines } from '../../helpers/database.js';
import { raceIdOf, racesOf, servedAthletes, startCopernico } from './helpers.js';
import { setUpCopernicoSync, type CopernicoSync } from './sync-fixture.js';
import { expectedParticipants } from './truth.js';

/** A fetch whose athletes bodies break off after `bytes` (every attempt), the rest untouched. */
function breakingBodiesAfter(bytes: number): HttpFetch {
  return async (url, init) => {
    const real = await fetch(url, init);
    if (!/\/athletes$/.test(new URL(url).pathname) || !real.body) return real;
    const reader = real.body.getReader();
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent >= bytes) {
          await reader.cancel();
          controller.error(new TypeError('terminated'));
          return;
        }
        const { done, value } = await reader.read();
        if (done) return controller.close();
        const piece = value.subarray(0, bytes - sent);
        sent += piece.length;
        controller.enqueue(piece);
      },
    });
    return new Response(body, { status: real.status, headers: real.headers });
  };
}

const reportOf = (reports: RunReport[], race: WorldRace) => reports.find((r) => r.kind === 'participants' && r.race?.providerRaceId === raceIdOf(race))!;

/**
 * The contract's resume case in Copernico's terms: its read is one call, so what breaks mid-way is
 * the body. Every read of it breaks (the adapter's own re-reads too), the run fails with its first
 * pages committed, and the next run goes on from their checkpoint.
 */
for (const engine of testEngines()) {
  describe(`Copernico: a read broken off mid-body resumes from its checkpoint (${engine.name})`, () => {
    let db: Database;
    let sandbox: Sandbox;
    let fixture: CopernicoSync;
    let race: WorldRace;

    before(async () => {
      db = await engine.open();
      sandbox = await startCopernico({ partners: 1, eventsPerPartner: { runsignup: 2, raceroster: 0, haku: 0 }, racesPerEvent: 1, registrationsPerRace: 45 });
      race = racesOf(sandbox)[0]!.races[0]!;
      fixture = await setUpCopernicoSync(db, sandbox, { pageSize: 10, maxAttempts: 2, raceIds: [race.event.ids.copernico] });
    });
    after(async () => {
      await sandbox?.close();
      await db?.close();
    });

    it('with no gap and no duplicate, reading fewer pages than a whole read', async () => {
      const whole = reportOf(await fixture.sync({ race: raceIdOf(race) }), race);
      assert.equal(whole.status, 'succeeded', whole.error);
      sandbox.mutate({ race: race.id, register: 3 });
      const size = Buffer.byteLength(JSON.stringify(await servedAthletes(sandbox, race)));
      fixture.fetch.current = breakingBodiesAfter(Math.floor(size * 0.6));
      const broken = reportOf(await fixture.sync({ race: raceIdOf(race), full: true }), race);
      fixture.fetch.current = globalThis.fetch;
      assert.deepEqual([broken.status, broken.errorClass], ['failed', 'transient'], broken.error);
      assert.match(broken.error ?? '', /the response broke off \(terminated\)/);
      assert.ok(broken.counts.pages >= 2, `pages were committed before the break (${broken.counts.pages})`);

      const resumed = reportOf(await fixture.sync({ race: raceIdOf(race), full: true }), race);
      assert.equal(resumed.status, 'succeeded', resumed.error);
      assert.ok(resumed.counts.pages < whole.counts.pages, `resumed (${resumed.counts.pages} pages of ${whole.counts.pages})`);
      const stored = await db.query<{ key: string }>('select provider_participant_id as key from unified_participants where timing_partner_id = $1 order by 1', [fixture.partnerId]);
      assert.deepEqual(stored.map((r) => r.key), expectedParticipants(sandbox.world, race).map((p) => p.providerParticipantId).sort());
      const [created] = await db.query<{ n: number; distinct_n: number }>(
        "select count(*)::int as n, count(distinct entity_id)::int as distinct_n from changes where kind = 'created' and entity = 'participant' and timing_partner_id = $1",
        [fixture.partnerId]);
      assert.deepEqual(created, { n: expectedParticipants(sandbox.world, race).length, distinct_n: expectedParticipants(sandbox.world, race).length });
      const deleted = await db.query("select 1 from changes where kind = 'deleted' and timing_partner_id = $1", [fixture.partnerId]);
      assert.equal(deleted.length, 0, 'nothing was taken for withdrawn');
    });
  });
}
