import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PARTICIPANTS_SAMPLE } from '../providers/runsignup/fixture-samples.js';
import { FIXTURE_API_KEY, FIXTURE_API_SECRET, startRunSignupFixture, type RunSignupFixture } from '../providers/runsignup/fixture-server.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

/**
 * Text PostgreSQL cannot store (a NUL, half a surrogate pair) in one record of a page: that record
 * is set aside with its reason and its raw payload (the characters replaced), the rest is stored.
 */
const margie = structuredClone(PARTICIPANTS_SAMPLE[0]!.participants[0]!) as Record<string, any>;
const person = (id: number, first: string, last: string) => ({
  ...structuredClone(margie), event_id: 1, registration_id: id, bib_num: String(id - 2645000),
  user: { ...structuredClone(margie.user), user_id: id, first_name: first, last_name: last },
});
const extraParticipants = [person(2645701, 'Nul\u0000la', 'Okafor'), person(2645702, 'Ana', 'Half\uD800'), person(2645703, 'Zoë', 'Fine')];

for (const engine of cliEngines()) {
  describe(`a record PostgreSQL cannot store is set aside, not the page (${engine.name})`, () => {
    let fixture: RunSignupFixture;
    let store: CliStore;
    let partner: string;

    before(async () => {
      fixture = await startRunSignupFixture({ extraParticipants });
      store = await engine.create();
      partner = String((await runCliJson(['partner', 'add', '--name', 'Acme Timing', '--time-zone', 'America/Chicago'], store.env)).id);
      await runCliJson(['connection', 'add', '--partner', partner, '--provider', 'runsignup', '--api-key', FIXTURE_API_KEY,
        '--api-secret', FIXTURE_API_SECRET, '--base-url', fixture.baseUrl, '--setting', 'retryBaseMs=1', '--json'], store.env);
    });
    after(async () => {
      await fixture.close();
      await store.dispose();
    });

    it('stores the rest of the page and keeps each bad record with its reason and payload', async () => {
      const result = await runCli(['sync', '--partner', partner, '--include-past', '--json'], store.env);
      assert.equal(result.code, 0, result.stderr);
      const db = await store.open();
      try {
        const stored = await db.query<{ id: string }>("select provider_participant_id as id from unified_participants where provider_participant_id like '26457%' order by 1");
        assert.deepEqual(stored.map((r) => r.id), ['2645703']);
        const rejects = await db.query<{ reason: string; raw: any }>("select reason, raw from rejects where reason like '%cannot store%' order by id");
        assert.equal(rejects.length, 2);
        assert.match(rejects[0]!.reason, /^firstName holds a NUL character/);
        assert.match(rejects[1]!.reason, /^lastName holds .*half of a surrogate pair/);
        assert.equal(rejects[0]!.raw.user.first_name, 'Nul\uFFFDla');
        assert.equal(rejects[1]!.raw.user.last_name, 'Half\uFFFD');
      } finally {
        await db.close();
      }
    });
  });
}
