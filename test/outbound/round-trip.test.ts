/**
 * The outbound round trip through the CLI, on both engines: registrations synced from RunSignUp, a
 * link to the Copernico race that times them, the push (one item refused, the rest taken; a second
 * push of the unchanged list sends nothing), results scored at Copernico and matched back to the
 * registrations, publication after approval, and a corrected result re-published as a correction.
 * Each hop is compared with exact values: the bodies Copernico received, the matches, the rows
 * RunSignUp received.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { WorldEvent, WorldRace } from '../../src/sandbox/world/index.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { cliEngines, type CliStore } from '../helpers/database.js';

/** The world was generated a day ago; its races started 20 minutes ago on the real clock the CLI reads. */
const STARTED = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000);
const ANCHOR = new Date(STARTED.getTime() - 86_400_000);
const GENDER = { M: 'male', F: 'female', X: 'mixed' } as const;

interface Hop {
  partner: string;
  link: string;
  event: WorldEvent;
  race: WorldRace;
  /** The registration whose last name RunSignUp serves blank: Copernico refuses it. */
  nameless: number;
  publication: string;
}

async function adminOf(sandbox: Sandbox, provider: 'runsignup' | 'copernico', path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${sandbox.endpoint(provider).origin}/_admin/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

async function withDb<T>(store: CliStore, read: (db: Database) => Promise<T>): Promise<T> {
  const db = await store.open();
  try {
    return await read(db);
  } finally {
    await db.close();
  }
}

async function raceIdOf(store: CliStore, provider: string, providerRaceId: string): Promise<string> {
  const [row] = await withDb(store, (db) => db.query<{ race_id: string }>(
    'select race_id::text from unified_races where provider = $1 and provider_race_id = $2', [provider, providerRaceId]));
  assert.ok(row, `${provider} race ${providerRaceId} is stored`);
  return row.race_id;
}

/** What the registration race's participants must look like at Copernico, from what we stored of them. */
async function expectedPush(store: CliStore, hop: Hop): Promise<Record<string, string>[]> {
  const rows = await withDb(store, (db) => db.query<Record<string, string | null>>(
    `select p.provider_participant_id as id, p.first_name, p.last_name, p.gender, p.birthdate::text as birthdate, p.bib, p.team_name
     from unified_participants p join unified_races r on r.race_id = p.race_id
     where r.provider = 'runsignup' and r.provider_race_id = $1 order by p.provider_participant_id`, [String(hop.race.ids.runsignup)]));
  return rows.map((p) => Object.fromEntries(Object.entries({
    id: `RSU-${p.id}`, name: p.first_name, surname: p.last_name, gender: p.gender ? GENDER[p.gender as keyof typeof GENDER] : null,
    birthdate: p.birthdate, dorsal: p.bib, club: p.team_name, raceId: hop.event.ids.copernico, eventId: hop.race.ids.copernico,
  }).filter(([, value]) => value !== null && value !== '')) as Record<string, string>);
}

const byId = (a: Record<string, string>, b: Record<string, string>) => a.id!.localeCompare(b.id!);

for (const engine of cliEngines()) {
  describe(`the outbound round trip: RunSignUp → Copernico → RunSignUp (${engine.name})`, () => {
    let sandbox: Sandbox;
    let store: CliStore;
    const hop = {} as Hop;

    before(async () => {
      sandbox = await startSandbox({
        providers: ['runsignup', 'copernico'], seed: 33, partners: 1, racesPerEvent: 1, registrationsPerRace: 14,
        eventsPerPartner: { runsignup: 2, raceroster: 0, haku: 0 }, scoredShare: 1, pastShare: 0, clock: 'virtual', anchor: ANCHOR,
        eventStarts: () => STARTED,
      });
      store = await engine.create();
      hop.event = sandbox.world.eventsAt('copernico', 1)[0]!;
      hop.race = hop.event.races[0]!;
      const bibbed = sandbox.world.registrationsWith(hop.race, 'active').filter((r) => r.bib !== null);
      hop.nameless = bibbed[bibbed.length - 1]!.id;
      await adminOf(sandbox, 'runsignup', 'corrupt', { registrations: [hop.nameless], field: 'user.last_name', mode: 'missing' });

      hop.partner = String((await runCliJson(['partner', 'add', '--name', 'Round Trip Timing', '--time-zone', 'America/New_York'], store.env)).id);
      const rsu = sandbox.endpoint('runsignup').credentials[0]!;
      await runCliJson(['connection', 'add', '--partner', hop.partner, '--provider', 'runsignup', '--api-key', rsu.api_key, '--api-secret', rsu.api_secret,
        '--base-url', sandbox.endpoint('runsignup').baseUrl], store.env);
      await runCliJson(['connection', 'add', '--partner', hop.partner, '--provider', 'copernico', '--api-key', sandbox.endpoint('copernico').credentials[0]!.api_key,
        '--base-url', sandbox.endpoint('copernico').baseUrl, '--setting', `raceIds=${hop.event.ids.copernico}`], store.env);
      const sync = await runCli(['sync', '--partner', hop.partner, '--json'], store.env);
      assert.equal(sync.code, 0, sync.stderr);
    });
    after(async () => {
      await sandbox?.close();
      await store?.dispose();
    });

    it('links the registration race to its Copernico race, and the first push is due at once', async () => {
      const registration = await raceIdOf(store, 'runsignup', String(hop.race.ids.runsignup));
      const scoring = await raceIdOf(store, 'copernico', `${hop.event.ids.copernico}/${hop.race.ids.copernico}`);
      hop.link = String((await runCliJson(['link', 'add', '--partner', hop.partner, '--registration-race', registration, '--scoring-race', scoring], store.env)).id);
      const due = await withDb(store, (db) => db.query<{ kind: string; due: boolean }>(
        "select kind, next_run_at <= now() as due from sync_targets where scope = $1 order by kind", [`link:${hop.link}`]));
      assert.deepEqual(due, [{ kind: 'push', due: true }]);
    });

    it('a dry run lists the push and sends nothing', async () => {
      const posts = (await adminOf(sandbox, 'copernico', 'state')).registrationPosts.length;
      const summary = await runCliJson<any>(['push', '--link', hop.link, '--dry-run'], store.env);
      // A dry run cannot know what Copernico will refuse: everyone would be sent.
      assert.equal(summary.totals.created, sandbox.world.activeCount(hop.race), JSON.stringify(summary.totals));
      assert.equal((await adminOf(sandbox, 'copernico', 'state')).registrationPosts.length, posts);
    });

    it('pushes every registration in Copernico\'s shape; the one without a surname is refused with Copernico\'s reason and the rest sent again', async () => {
      const result = await runCli(['push', '--link', hop.link, '--json'], store.env);
      assert.equal(result.code, 0, result.stderr);
      const expected = (await expectedPush(store, hop)).sort(byId);
      const posts = (await adminOf(sandbox, 'copernico', 'state')).registrationPosts as { raceId: string; status: number; items: Record<string, string>[] }[];
      assert.deepEqual(posts.map((p) => [p.raceId, p.status]), [[hop.event.ids.copernico, 400], [hop.event.ids.copernico, 200]]);
      assert.deepEqual([...posts[0]!.items].sort(byId), expected);
      const refused = `RSU-${hop.nameless}`;
      assert.deepEqual([...posts[1]!.items].sort(byId), expected.filter((item) => item.id !== refused));
      const summary = JSON.parse(result.stdout);
      assert.deepEqual([summary.totals.created, summary.totals.rejected], [expected.length - 1, 1]);
      const check = await runCliJson<{ pushRejects: { pushedId: string; reason: string }[] }>(['link', 'check', hop.link], store.env);
      assert.deepEqual(check.pushRejects.map((r) => [r.pushedId, r.reason]), [[refused, 'surname is required']]);
    });

    it('a second push of the unchanged list sends nothing', async () => {
      const before = (await adminOf(sandbox, 'copernico', 'state')).registrationPosts.length;
      const summary = await runCliJson<any>(['push', '--link', hop.link], store.env);
      assert.equal(summary.totals.created + summary.totals.updated, 0);
      assert.equal((await adminOf(sandbox, 'copernico', 'state')).registrationPosts.length, before);
    });

    it('results scored at Copernico are matched to the registrations by bib, and wait for approval', async () => {
      // The timer's results are all in four hours after the start (the sandbox's clock is its own).
      sandbox.clock.set(new Date(STARTED.getTime() + 4 * 3_600_000));
      const sync = await runCli(['sync', '--partner', hop.partner, '--results', '--json'], store.env);
      assert.equal(sync.code, 0, sync.stderr);
      const matches = await withDb(store, (db) => db.query<{ bib: string; registration: string | null; method: string | null }>(
        `select u.bib, p.provider_participant_id as registration, u.match_method as method
         from unified_results u join unified_races r on r.race_id = u.race_id left join participants p on p.id = u.registration_participant_id
         where r.provider = 'copernico' and r.provider_race_id = $1 order by u.bib`, [`${hop.event.ids.copernico}/${hop.race.ids.copernico}`]));
      const finishers = sandbox.world.results(hop.race);
      const scored = [...finishers.finished, ...finishers.unfinished].map((view) => view.registration);
      assert.deepEqual(matches, scored.map((r) => ({ bib: String(r.bib), registration: String(r.id), method: 'bib' })).sort((a, b) => a.bib.localeCompare(b.bib)));
      const waiting = await runCliJson<any[]>(['publish', 'list', '--partner', hop.partner], store.env);
      assert.deepEqual(waiting.map((p) => [p.status, p.rows.length, p.diff.added, p.correction]), [['pending', scored.length, scored.length, false]]);
      assert.equal((await adminOf(sandbox, 'runsignup', 'state')).resultPosts.length, 0, 'nothing is published before approval');
      hop.publication = String(waiting[0].id);
    });

    it('an approved publication creates the result set once and posts every matched result by registration id', async () => {
      const approved = await runCli(['publish', 'approve', hop.publication, '--by', 'race director', '--now', '--json'], store.env);
      assert.equal(approved.code, 0, approved.stderr);
      const posts = (await adminOf(sandbox, 'runsignup', 'state')).resultPosts as any[];
      assert.deepEqual(posts.map((p) => [p.kind, p.raceId, p.eventId]), [
        ['new-result-set', hop.event.ids.runsignup, hop.race.ids.runsignup], ['full-results', hop.event.ids.runsignup, hop.race.ids.runsignup],
      ]);
      assert.equal(posts[1].individualResultSetId, posts[0].individualResultSetId);
      assert.deepEqual(sortRows(posts[1].request.results), await expectedPublished(store, hop));
      const [publication] = await withDb(store, (db) => db.query<{ status: string; decided_by: string; answer: unknown }>(
        'select status, decided_by, provider_answer as answer from publications where id = $1', [hop.publication]));
      assert.deepEqual(publication, { status: 'published', decided_by: 'race director', answer: { num_results: posts[1].request.results.length } });
    });

    it('a corrected result is re-published alone, as a correction, into the same result set', async () => {
      const change = sandbox.mutate({ race: hop.race.id, correctTimes: 1 });
      assert.equal(change.correctTimes.length, 1);
      const sync = await runCli(['sync', '--partner', hop.partner, '--results', '--json'], store.env);
      assert.equal(sync.code, 0, sync.stderr);
      const [waiting] = await runCliJson<any[]>(['publish', 'list', '--partner', hop.partner], store.env);
      assert.deepEqual([waiting.correction, waiting.rows.map((r: { registrationId: string }) => r.registrationId)], [true, [String(change.correctTimes[0])]]);
      assert.equal(waiting.diff.changed[0].registrationId, String(change.correctTimes[0]));
      assert.notDeepEqual(waiting.diff.changed[0].before, waiting.diff.changed[0].after);
      assert.equal((await runCli(['publish', 'approve', String(waiting.id), '--now'], store.env)).code, 0);
      const posts = (await adminOf(sandbox, 'runsignup', 'state')).resultPosts as any[];
      assert.deepEqual(posts.map((p) => p.kind), ['new-result-set', 'full-results', 'full-results']);
      assert.equal(posts[2].individualResultSetId, posts[0].individualResultSetId);
      const corrected = (await expectedPublished(store, hop)).filter((row) => row.registration_id === change.correctTimes[0]);
      assert.deepEqual(posts[2].request.results, corrected);
      assert.deepEqual(await runCliJson<any[]>(['publish', 'list', '--partner', hop.partner], store.env), []);
    });

    it('partner remove --purge deletes all of it: a connection removed earlier, links, pushes, publications, tokens, webhooks', async () => {
      const [copernico] = await withDb(store, (db) => db.query<{ id: string }>("select id::text from connections where provider = 'copernico'"));
      assert.equal((await runCli(['connection', 'remove', copernico!.id], store.env)).code, 0, 'removed first, its data kept');
      assert.equal((await runCli(['token', 'create', '--partner', hop.partner], store.env)).code, 0);
      assert.equal((await runCli(['webhook', 'add', '--url', 'http://127.0.0.1:9/hook', '--partner', hop.partner], store.env)).code, 0);
      const held = await rowsOfPartner(store, hop.partner);
      for (const table of ['push_items', 'publications', 'published_results', 'race_links', 'api_tokens', 'webhooks']) assert.ok(held[table]! > 0, `${table} has rows to purge`);
      const purged = await runCli(['partner', 'remove', hop.partner, '--purge', '--json'], store.env);
      assert.equal(purged.code, 0, purged.stderr);
      const left = await rowsOfPartner(store, hop.partner);
      assert.deepEqual(Object.entries(left).filter(([, n]) => n > 0), [], 'nothing of the partner is left');
    });
  });
}

/** Rows per table that belong to the partner, directly or through a parent row. */
async function rowsOfPartner(store: CliStore, partner: string): Promise<Record<string, number>> {
  const owned = {
    timing_partners: 'id = $1', connections: 'timing_partner_id = $1', events: 'timing_partner_id = $1', races: 'timing_partner_id = $1',
    participants: 'timing_partner_id = $1', results: 'timing_partner_id = $1', result_splits: 'timing_partner_id = $1',
    sync_targets: 'timing_partner_id = $1', changes: 'timing_partner_id = $1', rejects: 'timing_partner_id = $1', alerts: 'timing_partner_id = $1',
    race_links: 'timing_partner_id = $1', publications: 'timing_partner_id = $1', api_tokens: 'timing_partner_id = $1', webhooks: 'timing_partner_id = $1',
    sync_requests: 'timing_partner_id = $1',
    sync_runs: 'target_id in (select id from sync_targets where timing_partner_id = $1)',
    budgets: 'connection_id in (select id from connections where timing_partner_id = $1)',
    provider_tokens: 'connection_id in (select id from connections where timing_partner_id = $1)',
    push_items: 'link_id in (select id from race_links where timing_partner_id = $1)',
    published_results: 'link_id in (select id from race_links where timing_partner_id = $1)',
  };
  return withDb(store, async (db) => {
    const counts: Record<string, number> = {};
    for (const [table, where] of Object.entries(owned)) {
      counts[table] = (await db.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, [partner]))[0]!.n;
    }
    return counts;
  });
}

const sortRows = (rows: { registration_id: number }[]) => [...rows].sort((a, b) => a.registration_id - b.registration_id);

/** What RunSignUp must receive: every matched result of the scoring race, by registration id, times as stored. */
async function expectedPublished(store: CliStore, hop: Hop): Promise<Record<string, unknown>[]> {
  const rows = await withDb(store, (db) => db.query<{ registration_id: string; bib: string | null; place: number | null; clock: string | null; chip: string | null; status: string }>(
    `select p.provider_participant_id as registration_id, u.bib, u.overall_place as place, u.clock_time::text as clock, u.chip_time::text as chip, u.status
     from unified_results u join unified_races r on r.race_id = u.race_id join participants p on p.id = u.registration_participant_id
     where r.provider = 'copernico' and r.provider_race_id = $1`, [`${hop.event.ids.copernico}/${hop.race.ids.copernico}`]));
  const STATUS_TIME: Record<string, string> = { dnf: 'DNF', dns: 'DNS', dq: 'DQ' };
  // RunSignUp's form of a time: no leading zero on the hours ("0:28:01.123").
  const runsignupTime = (time: string | null) => time?.replace(/^0(\d):/, '$1:') ?? null;
  return sortRows(rows.map((r) => ({
    registration_id: Number(r.registration_id),
    place: r.status === 'finished' ? r.place : null,
    clock_time: r.status === 'finished' ? runsignupTime(r.clock) : STATUS_TIME[r.status]!,
    chip_time: r.status === 'finished' ? runsignupTime(r.chip) : STATUS_TIME[r.status]!,
    ...(r.bib !== null ? { bib: r.bib } : {}),
  })));
}
