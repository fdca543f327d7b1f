import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PARTICIPANTS_SAMPLE } from '../providers/runsignup/fixture-samples.js';
import { FIXTURE_API_KEY, FIXTURE_API_SECRET, startRunSignupFixture, type RunSignupFixture } from '../providers/runsignup/fixture-server.js';
import { runCli, runCliJson, type CliResult } from '../helpers/cli.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

/**
 * The whole CLI against a RunSignUp-compatible server that is not our sandbox: the literal sample
 * payloads of the provider documentation. Values in the views are checked exactly.
 */
const margie = structuredClone(PARTICIPANTS_SAMPLE[0]!.participants[0]!) as Record<string, any>;
const extraParticipants = [
  { ...structuredClone(margie), event_id: 1, bib_num: 100 },
  {
    ...structuredClone(margie), event_id: 1, registration_id: 2645700, bib_num: '', amount_paid: '$0.00', age: null,
    user: { ...structuredClone(margie.user), user_id: 5, first_name: 'Zoë', last_name: 'Ñúñez', gender: null, dob: null },
  },
  { ...structuredClone(margie), event_id: 1, registration_id: 2645800, user: { ...structuredClone(margie.user), dob: '1986-13-45' } },
];

for (const engine of cliEngines()) {
  describe(`p88 against a RunSignUp-compatible server (${engine.name})`, () => {
    let fixture: RunSignupFixture;
    let store: CliStore;
    let partner: string;
    const outputs: CliResult[] = [];
    const cli = async (args: string[]) => {
      const result = await runCli(args, { ...store.env, P88_LOG_LEVEL: 'trace' });
      outputs.push(result);
      return result;
    };

    before(async () => {
      fixture = await startRunSignupFixture({ extraParticipants });
      store = await engine.create();
      partner = String((await runCliJson(['partner', 'add', '--name', 'Acme Timing', '--time-zone', 'America/Chicago'], store.env)).id);
      const added = await cli([
        'connection', 'add', '--partner', partner, '--provider', 'runsignup', '--api-key', FIXTURE_API_KEY,
        '--api-secret', FIXTURE_API_SECRET, '--base-url', fixture.baseUrl, '--setting', 'retryBaseMs=1', '--json',
      ]);
      assert.equal(added.code, 0, added.stderr);
    });
    after(async () => {
      await fixture.close();
      await store.dispose();
    });

    it('syncs events, races and participants with exact values in the views', async () => {
      const result = await cli(['sync', '--partner', partner, '--include-past', '--json']);
      assert.equal(result.code, 0, result.stderr);
      const summary = JSON.parse(result.stdout);
      const run = summary.partners[0].runs.find((r: any) => r.race?.providerRaceId === '1');
      assert.deepEqual({ mode: run.mode, status: run.status, created: run.counts.created, rejected: run.counts.rejected },
        { mode: 'full', status: 'succeeded', created: 2, rejected: 1 });

      const db = await store.open();
      try {
        const events = await db.query('select provider_event_id, name, start_time, time_zone, city, region, country from unified_events order by provider_event_id::int');
        assert.deepEqual(events[0], {
          provider_event_id: '1', name: 'Sample Race', start_time: new Date('2019-03-20T14:00:00Z'),
          time_zone: 'America/Chicago', city: 'DE', region: 'AZ', country: 'US',
        });
        const races = await db.query("select provider_race_id, name, start_time, distance from unified_races where provider_race_id = '1'");
        assert.deepEqual(races, [{ provider_race_id: '1', name: '5K', start_time: new Date('2019-03-20T14:00:00Z'), distance: '5K' }]);
        const participants = await db.query(
          `select provider_participant_id, bib, chip, first_name, last_name, email, gender, birthdate, age, city, region, country,
                  team_name, amount_paid, registered_at, provider_modified_at
           from unified_participants order by provider_participant_id`,
        );
        assert.deepEqual(participants, [
          {
            provider_participant_id: '2645624', bib: '100', chip: null, first_name: 'Margie', last_name: 'Stephens',
            email: 'margie.stephens@example.com', gender: 'F', birthdate: '1986-01-06', age: 35, city: 'Moorestown',
            region: 'NJ', country: 'US', team_name: null, amount_paid: '57.75',
            registered_at: new Date('2021-09-07T19:15:00Z'), provider_modified_at: new Date(1631042122 * 1000),
          },
          {
            provider_participant_id: '2645700', bib: null, chip: null, first_name: 'Zoë', last_name: 'Ñúñez',
            email: 'margie.stephens@example.com', gender: null, birthdate: null, age: null, city: 'Moorestown',
            region: 'NJ', country: 'US', team_name: null, amount_paid: '0.00',
            registered_at: new Date('2021-09-07T19:15:00Z'), provider_modified_at: new Date(1631042122 * 1000),
          },
        ]);
        const rejects = await db.query<{ provider: string; reason: string; raw: any }>('select provider, reason, raw from rejects');
        assert.equal(rejects.length, 1);
        assert.equal(rejects[0]!.raw.registration_id, 2645800);
        assert.match(rejects[0]!.reason, /dob/);
        const raw = await db.query<{ raw: any }>("select raw from participants where provider_participant_id = '2645624'");
        assert.equal(raw[0]!.raw.amount_paid, '$57.75', 'the raw payload is kept as the provider sent it');
      } finally {
        await db.close();
      }
    });

    it('a second sync is incremental and sends modified_after_timestamp', async () => {
      const before = fixture.requests.length;
      const result = await cli(['sync', '--partner', partner, '--include-past', '--json']);
      assert.equal(result.code, 0, result.stderr);
      const runs = JSON.parse(result.stdout).partners[0].runs.filter((r: any) => r.kind === 'participants');
      assert.ok(runs.every((r: any) => r.mode === 'incremental'));
      const participantCalls = fixture.requests.slice(before).filter((u) => u.pathname.endsWith('/participants'));
      assert.ok(participantCalls.length > 0);
      assert.ok(participantCalls.every((u) => /^\d+$/.test(u.searchParams.get('modified_after_timestamp') ?? '')));
      assert.ok(fixture.requests.slice(before).some((u) => u.pathname.endsWith('/removed-participants')));
    });

    it('collects results with times as intervals, places and the participant linked by bib', async () => {
      const result = await cli(['results', '--partner', partner, '--include-past', '--json']);
      assert.equal(result.code, 0, result.stderr);
      const db = await store.open();
      try {
        const rows = await db.query(
          `select u.result_set, p.provider_participant_id, u.bib, u.first_name, u.last_name, u.gender, u.clock_time::text as clock_time,
                  u.chip_time, u.overall_place, u.status
           from unified_results u left join participants p on p.id = u.participant_id order by u.overall_place`,
        );
        assert.deepEqual(rows, [
          { result_set: '691649', provider_participant_id: '2645624', bib: '100', first_name: 'Avery', last_name: 'Alpha', gender: 'F', clock_time: '00:08:27.42', chip_time: null, overall_place: 1, status: 'finished' },
          { result_set: '691649', provider_participant_id: null, bib: '101', first_name: 'Blake', last_name: 'Bravo', gender: 'F', clock_time: '00:08:28.11', chip_time: null, overall_place: 2, status: 'finished' },
        ]);
        const posted = await db.query("select count(*)::int as n from changes where kind = 'result_posted'");
        assert.deepEqual(posted, [{ n: 2 }]);
      } finally {
        await db.close();
      }
    });

    it('reports bad credentials clearly on connection test', async () => {
      const added = await runCliJson<{ id: number }>([
        'connection', 'add', '--partner', partner, '--provider', 'runsignup', '--api-key', 'wrong', '--api-secret', 'also-wrong',
        '--base-url', fixture.baseUrl,
      ], store.env);
      const result = await cli(['connection', 'test', String(added.id)]);
      assert.equal(result.code, 2);
      assert.match(result.stdout, /refused the credentials/);
      const good = await cli(['connection', 'test', '1']);
      assert.equal(good.code, 0, good.stdout + good.stderr);
    });

    it('never prints or logs a secret, and stores it encrypted', async () => {
      const listed = await cli(['connection', 'list', '--json']);
      assert.equal(listed.code, 0);
      for (const output of outputs) {
        assert.ok(!output.stdout.includes(FIXTURE_API_SECRET) && !output.stderr.includes(FIXTURE_API_SECRET));
      }
      assert.ok(outputs.some((o) => o.stderr.includes('"level"')), 'trace logs were captured');
      const db = await store.open();
      try {
        const rows = await db.query<{ credentials_ciphertext: string }>('select credentials_ciphertext from connections');
        assert.ok(rows.every((r) => !r.credentials_ciphertext.includes(FIXTURE_API_SECRET) && r.credentials_ciphertext.startsWith('v1:')));
      } finally {
        await db.close();
      }
      assert.equal(statSync(join(store.env.P88_DATA_DIR!, 'secret.key')).mode & 0o777, 0o600);
    });
  });
}
