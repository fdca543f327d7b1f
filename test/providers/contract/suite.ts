/**
 * The provider contract: every adapter, against its own sandbox skin, through the real engine and
 * database (both engines), passes the same cases. See README.md.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/db/database.js';
import { SyncError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log.js';
import type { HttpFetch } from '../../../src/providers/types.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import type { WorldRace } from '../../../src/sandbox/world/index.js';
import { runSync, type SyncRequest } from '../../../src/scheduler/sync-now.js';
import { createConnectionHandle } from '../../../src/sync/connection-handle.js';
import type { RunReport, SyncContext } from '../../../src/sync/context.js';
import { addConnection, openConnection } from '../../../src/tenants/connections.js';
import { addPartner } from '../../../src/tenants/partners.js';
import { testEngines } from '../../helpers/database.js';
import { TEST_BOX } from '../../helpers/sync.js';
import { contractRace, type ContractCase, type ContractHarness } from './harness.js';

const REGISTRATION_HOSTS = new Set(['runsignup', 'raceroster', 'haku']);

interface Fixture {
  sandbox: Sandbox;
  db: Database;
  partnerId: number;
  connectionId: number;
  race: WorldRace;
  providerRaceId: string;
  /** The fetch the connection uses: the network, or a broken one for the resume case. */
  fetch: { current: HttpFetch };
}

async function startFixture(h: ContractHarness, db: Database, options: { past: boolean }): Promise<Fixture> {
  const host = REGISTRATION_HOSTS.has(h.provider) ? h.provider : 'runsignup';
  const sandbox = await startSandbox({
    providers: [h.provider], seed: 71, partners: 1, racesPerEvent: 1, registrationsPerRace: h.registrationsPerRace,
    eventsPerPartner: { [host]: REGISTRATION_HOSTS.has(h.provider) ? 1 : 2 }, scoredShare: 1, pastShare: options.past ? 1 : 0,
    ...h.sandbox,
  });
  const endpoint = sandbox.endpoint(h.provider);
  const partner = await addPartner(db, 'Contract Timing', 'America/New_York');
  const connection = await addConnection(db, TEST_BOX, {
    timingPartnerId: partner.id, provider: h.provider, baseUrl: endpoint.baseUrl, authUrl: endpoint.authUrl ?? null, budgetPerHour: 100_000,
    credentials: h.credentials(endpoint), settings: { retryBaseMs: 1, ...h.settings },
  });
  const race = contractRace(sandbox, h.provider);
  return {
    sandbox, db, partnerId: partner.id, connectionId: connection.id, race, providerRaceId: h.providerRaceId?.(race) ?? String(race.ids[h.provider]),
    fetch: { current: globalThis.fetch },
  };
}

function contextOf(db: Database): SyncContext {
  return { db, log: createLogger('silent'), now: () => new Date(), holder: 'contract:1', settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 } };
}

function syncOf(f: Fixture) {
  return (request: Partial<Omit<SyncRequest, 'partnerId'>> = {}) => runSync(
    { ctx: contextOf(f.db), box: TEST_BOX, fetch: (url, init) => f.fetch.current(url, init), authFailureLimit: 1000 },
    { partnerId: f.partnerId, full: false, includePast: true, results: false, dryRun: false, race: f.providerRaceId, ...request },
  );
}

function reportOf(f: Fixture, reports: RunReport[], kind: 'participants' | 'results' = 'participants'): RunReport {
  const report = reports.find((r) => r.kind === kind && r.race?.providerRaceId === f.providerRaceId);
  assert.ok(report, `a ${kind} run of race ${f.providerRaceId}: ${JSON.stringify(reports.map((r) => [r.kind, r.status, r.error]))}`);
  return report;
}

async function storedParticipants(f: Fixture): Promise<{ key: string; bib: string | null }[]> {
  return f.db.query(
    `select p.provider_participant_id as key, p.bib from unified_participants p join unified_races r on r.race_id = p.race_id
     where r.provider_race_id = $1 and p.timing_partner_id = $2 order by 1`,
    [f.providerRaceId, f.partnerId],
  );
}

function expectedParticipants(h: ContractHarness, f: Fixture, except: ReadonlySet<number> = new Set()) {
  return h.activeRegistrations(f.sandbox.world, f.race)
    .filter((r) => !except.has(r.id))
    .map((r) => ({ key: h.participantKey(r, f.race), bib: r.bib === null ? null : String(r.bib) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function assertProviderState(h: ContractHarness, f: Fixture, except?: ReadonlySet<number>): Promise<void> {
  assert.deepEqual(await storedParticipants(f), expectedParticipants(h, f, except));
  const twice = await f.db.query('select provider_participant_id from participants where timing_partner_id = $1 group by 1 having count(*) > 1', [f.partnerId]);
  assert.deepEqual(twice, [], 'no registration stored twice');
}

async function admin(f: Fixture, h: ContractHarness, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${f.sandbox.endpoint(h.provider).origin}/_admin/${path}`, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `admin ${method} ${path}: ${response.status} ${await response.clone().text()}`);
  return response.json().catch(() => null);
}

const skipOf = (h: ContractHarness, name: ContractCase) => (h.skips?.[name] ? { skip: h.skips[name] } : {});

export function runContractSuite(h: ContractHarness): void {
  for (const engine of testEngines()) {
    describe(`${h.provider} passes the provider contract (${engine.name})`, () => {
      let f: Fixture;
      let fullReadPages = 0;
      const sync = (request?: Partial<Omit<SyncRequest, 'partnerId'>>) => syncOf(f)(request);

      before(async () => {
        f = await startFixture(h, await engine.open(), { past: false });
      });
      after(async () => {
        await f.sandbox.close();
        await f.db.close();
      });

      it('good credentials: one cheap authenticated call works', skipOf(h, 'good credentials'), async () => {
        const open = await openConnection(f.db, TEST_BOX, f.connectionId);
        await createConnectionHandle(open!, { fetch: globalThis.fetch }).adapter.testConnection();
      });

      it('bad credentials: a clear auth error, with no secret in it', skipOf(h, 'bad credentials'), async () => {
        const open = await openConnection(f.db, TEST_BOX, f.connectionId);
        const bad = h.badCredentials(open!.credentials);
        const adapter = createConnectionHandle({ ...open!, credentials: bad }, { fetch: globalThis.fetch }).adapter;
        await assert.rejects(adapter.testConnection(), (error: unknown) => {
          assert.ok(error instanceof SyncError && error.errorClass === 'auth', String(error));
          for (const secret of h.secrets(bad)) assert.ok(!error.message.includes(secret), `the message shows a secret: ${error.message}`);
          return true;
        });
      });

      it('full read of three pages or more gives exactly the provider\'s participants', skipOf(h, 'full read'), async () => {
        const report = reportOf(f, await sync());
        assert.equal(report.status, 'succeeded', report.error);
        assert.ok(report.counts.pages >= 3, `${report.counts.pages} pages`);
        fullReadPages = report.counts.pages;
        assert.equal(report.counts.created, expectedParticipants(h, f).length);
        await assertProviderState(h, f);
      });

      it('an idempotent re-read creates and updates nothing', skipOf(h, 'idempotent re-read'), async () => {
        const report = reportOf(f, await sync());
        assert.equal(report.status, 'succeeded', report.error);
        assert.deepEqual([report.counts.created, report.counts.updated, report.counts.deleted], [0, 0, 0]);
      });

      it('changes at the provider are found exactly: new, edited, withdrawn, bibs assigned and changed', skipOf(h, 'changes'), async () => {
        const change = f.sandbox.mutate({ race: f.race.id, register: 2, assignBibs: 2, changeBibs: 1, edit: 1, [h.withdrawal]: 1 });
        const report = reportOf(f, await sync());
        assert.equal(report.status, 'succeeded', report.error);
        await assertProviderState(h, f);
        const kinds = await f.db.query<{ kind: string; key: string }>(
          `select c.kind, p.provider_participant_id as key from changes c join participants p on p.id = c.entity_id
           where c.entity = 'participant' and c.run_id = $1 order by c.id`,
          [report.runId],
        );
        const keysOf = (kind: string) => kinds.filter((k) => k.kind === kind).map((k) => k.key).sort();
        const registrations = h.activeRegistrations(f.sandbox.world, f.race);
        const keyOfId = (id: number) => {
          const registration = registrations.find((r) => r.id === id) ?? f.sandbox.world.registration(f.race, id);
          return h.participantKey(registration!, f.race);
        };
        // A registration may take part in several changes of one mutation (a bib assigned, then changed,
        // then withdrawn); the sync sees only where it ended.
        const stillActive = new Set(registrations.map((r) => r.id));
        const known = (id: number) => stillActive.has(id) && !change.register.includes(id);
        const assigned = change.assignBibs.filter(known);
        assert.deepEqual(keysOf('bib_assigned'), assigned.map(keyOfId).sort());
        assert.deepEqual(keysOf('bib_changed'), change.changeBibs.filter((id) => known(id) && !assigned.includes(id)).map(keyOfId).sort());
        assert.equal(keysOf('created').length, change.register.length);
        assert.equal(keysOf('deleted').length, 1);
      });

      it('a malformed record is set aside with its reason and raw payload; the rest of its page is stored', skipOf(h, 'malformed record'), async () => {
        const corrupted = (await admin(f, h, 'POST', 'corrupt', { race: f.race.id, count: 1 })) as { corrupted?: number[] } | null;
        const ids = new Set(corrupted?.corrupted ?? []);
        assert.equal(ids.size, 1, `the sandbox names the corrupted registration: ${JSON.stringify(corrupted)}`);
        try {
          const report = reportOf(f, await sync({ full: true }));
          assert.equal(report.status, 'succeeded', report.error);
          assert.ok(report.counts.rejected >= 1);
          const [reject] = await f.db.query<{ reason: string; raw: unknown }>('select reason, raw from rejects where run_id = $1', [report.runId]);
          assert.ok(reject && reject.reason.length > 10 && reject.raw !== null, JSON.stringify(reject));
          // Everyone else is stored; the corrupted one keeps what was stored of it before.
          const stored = new Set((await storedParticipants(f)).map((p) => p.key));
          for (const expected of expectedParticipants(h, f, ids)) assert.ok(stored.has(expected.key), `${expected.key} stored`);
        } finally {
          await admin(f, h, 'DELETE', 'corrupt');
        }
        assert.equal(reportOf(f, await sync({ full: true })).status, 'succeeded');
        await assertProviderState(h, f);
      });

      it('a read broken off mid-way resumes from its checkpoint with no gap and no duplicate', skipOf(h, 'resume'), async () => {
        f.sandbox.mutate({ race: f.race.id, register: 3 });
        let listCalls = 0;
        f.fetch.current = async (url, init) => {
          if (h.participantsCall.test(new URL(url).pathname) && ++listCalls >= (h.resumeBreakAt ?? 2)) throw new TypeError('fetch failed');
          return globalThis.fetch(url, init);
        };
        const broken = reportOf(f, await sync({ full: true }));
        f.fetch.current = globalThis.fetch;
        assert.equal(broken.status, 'failed');
        assert.ok(broken.counts.pages >= 1, 'a page was committed before the break');
        const resumed = reportOf(f, await sync({ full: true }));
        assert.equal(resumed.status, 'succeeded', resumed.error);
        assert.ok(resumed.counts.pages < Math.max(fullReadPages, 3), `resumed (${resumed.counts.pages} pages), not started over`);
        await assertProviderState(h, f);
        const [created] = await f.db.query<{ n: number; distinct_n: number }>(
          "select count(*)::int as n, count(distinct entity_id)::int as distinct_n from changes where kind = 'created' and entity = 'participant' and timing_partner_id = $1",
          [f.partnerId],
        );
        assert.equal(created!.n, created!.distinct_n, 'one created change per registration');
      });

      it('a throttle pauses the connection\'s budget and ends the run partial, never failed', skipOf(h, 'throttle'), async () => {
        f.sandbox.injectFault({ provider: h.provider, kind: 'throttle', count: 1, pathPattern: h.participantsCall.source });
        const report = reportOf(f, await sync({ full: true }));
        assert.equal(report.status, 'partial', report.error);
        assert.equal(report.errorClass, 'rate_limited');
        const [budget] = await f.db.query<{ paused: boolean }>('select paused_until > now() as paused from budgets where connection_id = $1', [f.connectionId]);
        assert.equal(budget?.paused, true);
        await f.db.query('update budgets set paused_until = null where connection_id = $1', [f.connectionId]);
        assert.equal(reportOf(f, await sync()).status, 'succeeded');
      });

      it('an expired token mid-run is renewed once and the run succeeds', skipOf(h, 'expired token'), async () => {
        const [before] = await f.db.query<{ version: number }>('select version from provider_tokens where connection_id = $1', [f.connectionId]);
        f.sandbox.injectFault({ provider: h.provider, kind: 'expired_token', count: 1, pathPattern: h.participantsCall.source });
        const report = reportOf(f, await sync({ full: true }));
        assert.equal(report.status, 'succeeded', report.error);
        const [after] = await f.db.query<{ version: number }>('select version from provider_tokens where connection_id = $1', [f.connectionId]);
        assert.equal(after!.version, (before?.version ?? 0) + 1, 'renewed exactly once');
      });

      it('the mass-delete guard holds a withdrawal of most of the race until it is allowed', skipOf(h, 'mass-delete guard'), async () => {
        const active = h.activeRegistrations(f.sandbox.world, f.race).length;
        f.sandbox.mutate({ race: f.race.id, [h.withdrawal]: Math.ceil(active * 0.4) });
        const held = reportOf(f, await sync({ full: true }));
        assert.ok((held.heldDeletes ?? 0) > 0, JSON.stringify(held));
        assert.equal(held.counts.deleted, 0, 'nothing deleted yet');
        const [alert] = await f.db.query<{ kind: string }>("select kind from alerts where kind = 'mass_delete_held' and connection_id = $1", [f.connectionId]);
        assert.ok(alert);
        assert.equal(reportOf(f, await sync({ full: true, allowMassDelete: true })).status, 'succeeded');
        await assertProviderState(h, f);
      });
    });

    describe(`${h.provider} results pass the provider contract (${engine.name})`, { skip: h.skips?.['result corrected'] ?? false }, () => {
      let f: Fixture;
      const results = async () => reportOf(f, await syncOf(f)({ results: true }), 'results');
      const changeKinds = async (runId: number | null) =>
        (await f.db.query<{ kind: string }>("select kind from changes where entity = 'result' and run_id = $1", [runId])).map((r) => r.kind);

      before(async () => {
        f = await startFixture(h, await engine.open(), { past: true });
        await syncOf(f)();
      });
      after(async () => {
        await f.sandbox.close();
        await f.db.close();
      });

      it('results are collected, and a corrected result is a result_corrected change', async () => {
        const first = await results();
        assert.equal(first.status, 'succeeded', first.error);
        assert.ok(first.counts.created > 0);
        f.sandbox.mutate({ race: f.race.id, correctTimes: 1 });
        const corrected = await results();
        // A corrected time may re-rank others: their places are corrected too.
        const kinds = await changeKinds(corrected.runId);
        assert.ok(kinds.length >= 1 && kinds.every((kind) => kind === 'result_corrected'), JSON.stringify(kinds));
      });

      it('a DNF becoming a finish is a correction', skipOf(h, 'dnf to finish'), async () => {
        const change = f.sandbox.mutate({ race: f.race.id, dnfToFinish: 1 });
        const report = await results();
        assert.ok((change.dnfToFinish?.length ?? 1) > 0);
        assert.ok((await changeKinds(report.runId)).includes('result_corrected'));
      });

      it('a withdrawn result is deleted', skipOf(h, 'result withdrawn'), async () => {
        f.sandbox.mutate({ race: f.race.id, withdrawResults: 1 });
        const report = await results();
        const kinds = await changeKinds(report.runId);
        assert.equal(kinds.filter((kind) => kind === 'deleted').length, 1, JSON.stringify(kinds));
        assert.ok(kinds.every((kind) => kind === 'deleted' || kind === 'result_corrected'), 'the others are re-ranked');
      });
    });
  }
}
