import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatStatus } from '../../src/cli/commands/status.js';
import type { Database } from '../../src/db/database.js';
import { ensureBudget, trySpend } from '../../src/budget/budget.js';
import { buildStatusReport, type ConnectionStatusReport, type StatusReport } from '../../src/status/status-report.js';
import { addConnection, setConnectionStatus } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';
import { runCli } from '../helpers/cli.js';
import { cliEngines, testEngines } from '../helpers/database.js';
import { TEST_BOX } from '../helpers/sync.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

interface World {
  partnerId: number;
  otherPartnerId: number;
  connectionId: number;
  pausedConnectionId: number;
}

async function addRunsignup(db: Database, partnerId: number, budgetPerHour: number): Promise<number> {
  const connection = await addConnection(db, TEST_BOX, {
    timingPartnerId: partnerId, provider: 'runsignup', baseUrl: null, budgetPerHour, credentials: { api_key: 'k', api_secret: 's' },
  });
  return connection.id;
}

async function insertRace(db: Database, connectionId: number, partnerId: number, eventId: number, name: string, start: Date, deleted = false): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `insert into races (timing_partner_id, provider, connection_id, event_id, provider_race_id, name, start_time, raw, content_hash, deleted_at)
     values ($1, 'runsignup', $2, $3, $4, $5, $6, '{}', 'h', $7) returning id`,
    [partnerId, connectionId, eventId, `p-${name}`, name, start, deleted ? NOW : null],
  );
  return row!.id;
}

async function insertTarget(
  db: Database,
  connectionId: number,
  partnerId: number,
  target: { kind: string; raceId: number | null; nextRunAt: Date | null; state?: string; lastSuccessAt?: Date; lease?: 'live' | 'expired' },
): Promise<number> {
  const lease = target.lease === 'live' ? "now() + interval '10 minutes'" : target.lease === 'expired' ? "now() - interval '1 minute'" : 'null';
  const [row] = await db.query<{ id: number }>(
    `insert into sync_targets (timing_partner_id, connection_id, kind, race_id, scope, next_run_at, state, last_success_at,
                               leased_by, lease_until)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, ${lease}) returning id`,
    [partnerId, connectionId, target.kind, target.raceId, target.raceId === null ? 'connection' : `race:${target.raceId}`,
      target.nextRunAt, target.state ?? 'active', target.lastSuccessAt ?? null, target.lease ? 'worker:1' : null],
  );
  return row!.id;
}

async function insertRun(
  db: Database,
  targetId: number,
  run: { status: string; startedAt: Date; latenessMs: number | null; errorClass?: string; message?: string },
): Promise<void> {
  await db.query(
    `insert into sync_runs (target_id, mode, status, started_at, finished_at, lateness_ms, error_class, error_message)
     values ($1, 'incremental', $2, $3, $4, $5, $6, $7)`,
    [targetId, run.status, run.startedAt, new Date(run.startedAt.getTime() + MIN), run.latenessMs, run.errorClass ?? null, run.message ?? null],
  );
}

/**
 * One partner with an active connection (races now running, in 2 h, 10 h and 3 days; one long past,
 * one deleted), a paused second connection, and another partner the filter must leave out.
 */
async function buildWorld(db: Database): Promise<World> {
  const partnerId = (await addPartner(db, 'Status Timing', 'America/Chicago')).id;
  const otherPartnerId = (await addPartner(db, 'Other Timing', 'America/New_York')).id;
  const connectionId = await addRunsignup(db, partnerId, 100);
  const pausedConnectionId = await addRunsignup(db, partnerId, 50);
  await setConnectionStatus(db, pausedConnectionId, 'paused');
  await addRunsignup(db, otherPartnerId, 10);

  const [event] = await db.query<{ id: number }>(
    `insert into events (timing_partner_id, provider, connection_id, provider_event_id, name, start_time, raw, content_hash)
     values ($1, 'runsignup', $2, 'e1', 'Summer Series', $3, '{}', 'h') returning id`,
    [partnerId, connectionId, at(2 * HOUR)],
  );
  const race = (name: string, start: Date, deleted?: boolean) => insertRace(db, connectionId, partnerId, event!.id, name, start, deleted);
  const running = await race('Now 5K', at(-30 * MIN));
  const soon = await race('Soon 10K', at(2 * HOUR));
  const later = await race('Later Half', at(10 * HOUR));
  const far = await race('Far Marathon', at(3 * 24 * HOUR));
  const past = await race('Past Mile', at(-3 * HOUR));
  await race('Gone Relay', at(3 * HOUR), true);

  const target = (t: Parameters<typeof insertTarget>[3]) => insertTarget(db, connectionId, partnerId, t);
  // Due: one never leased, one whose lease expired. Running: a live lease. Slowed: next run 2 h out on a 15 min cadence.
  await target({ kind: 'participants', raceId: running, nextRunAt: at(-10_000), lease: 'expired', lastSuccessAt: at(-90_000) });
  const soonTarget = await target({ kind: 'participants', raceId: soon, nextRunAt: at(-MIN), lastSuccessAt: at(-5 * MIN) });
  const laterTarget = await target({ kind: 'participants', raceId: later, nextRunAt: at(2 * HOUR), lastSuccessAt: at(-2 * HOUR) });
  const farTarget = await target({ kind: 'participants', raceId: far, nextRunAt: at(HOUR), lease: 'live' });
  const discovery = await target({ kind: 'discovery', raceId: null, nextRunAt: at(6 * HOUR) });
  await target({ kind: 'results', raceId: soon, nextRunAt: at(2 * HOUR), state: 'paused' });
  await target({ kind: 'participants', raceId: past, nextRunAt: null, state: 'done' });

  await insertRun(db, soonTarget, { status: 'succeeded', startedAt: at(-6 * MIN), latenessMs: 99 });
  await insertRun(db, soonTarget, { status: 'failed', startedAt: at(-3 * MIN), latenessMs: 1500, errorClass: 'transient', message: '503 from the provider' });
  await insertRun(db, discovery, { status: 'partial', startedAt: at(-21 * MIN), latenessMs: 0, errorClass: 'rate_limited', message: 'call budget used up' });
  await insertRun(db, laterTarget, { status: 'failed', startedAt: at(-61 * MIN), latenessMs: 60_000, errorClass: 'auth', message: 'key refused' });
  await insertRun(db, farTarget, { status: 'succeeded', startedAt: at(-4 * HOUR), latenessMs: 0 });

  await db.query(
    `insert into alerts (timing_partner_id, connection_id, kind, message, created_at, delivered_at) values
       ($1, $2, 'mass_delete', 'held a deletion', $3, null),
       ($1, $2, 'auth_failed', 'already told', $3, $3),
       ($1, null, 'partner_note', 'for the whole partner', $3, null)`,
    [partnerId, connectionId, at(-10 * MIN)],
  );

  // 10 calls 70 min ago have left the sliding hour; 7 + 5 + 3 are in it; an overspend outside the reserve counts nothing.
  await ensureBudget(db, connectionId, 100, 0.3, at(-70 * MIN));
  for (const [offset, calls] of [[-70 * MIN, 10], [-30 * MIN, 7], [-MIN, 5], [0, 3]] as const) {
    assert.equal((await trySpend(db, connectionId, at(offset), 'race_day', calls)).ok, true);
  }
  assert.equal((await trySpend(db, connectionId, NOW, 'outside_reserve', 60)).ok, false);
  return { partnerId, otherPartnerId, connectionId, pausedConnectionId };
}

for (const engine of testEngines()) {
  describe(`p88 status report (${engine.name})`, () => {
    let db: Database;
    let world: World;
    let report: StatusReport;
    let connection: ConnectionStatusReport;

    before(async () => {
      db = await engine.open();
      world = await buildWorld(db);
      report = await buildStatusReport(db, NOW, { partnerId: world.partnerId });
      connection = report.partners[0]!.connections.find((c) => c.id === world.connectionId)!;
    });
    after(async () => {
      await db.close();
    });

    it('lists only the asked partner, with each of its connections', () => {
      assert.equal(report.generatedAt.getTime(), NOW.getTime());
      assert.deepEqual(report.partners.map((p) => [p.id, p.name, p.timeZone]), [[world.partnerId, 'Status Timing', 'America/Chicago']]);
      assert.deepEqual(report.partners[0]!.connections.map((c) => [c.id, c.provider, c.status]), [
        [world.connectionId, 'runsignup', 'active'],
        [world.pausedConnectionId, 'runsignup', 'paused'],
      ]);
    });

    it('counts the calls of the sliding hour only', () => {
      assert.deepEqual(connection.budget, { callsPerHour: 100, usedThisHour: 15, left: 85, pausedUntil: null });
      const paused = report.partners[0]!.connections.find((c) => c.id === world.pausedConnectionId)!;
      assert.equal(paused.budget, null, 'no budget row before its first sync');
      assert.deepEqual(paused.targets, { due: 0, running: 0, active: 0, paused: 0, done: 0, failed: 0 });
    });

    it('counts due targets (an expired lease is free again) and running ones (a live lease)', () => {
      assert.deepEqual(connection.targets, { due: 2, running: 1, active: 5, paused: 1, done: 1, failed: 0 });
    });

    it('lists the next races soonest first with the cadence of their window now', () => {
      assert.deepEqual(
        connection.nextRaces.map((r) => [r.name, r.startTime.getTime(), r.cadence]),
        [
          ['Now 5K', at(-30 * MIN).getTime(), '1 min'],
          ['Soon 10K', at(2 * HOUR).getTime(), '1 min'],
          ['Later Half', at(10 * HOUR).getTime(), '15 min'],
          ['Far Marathon', at(3 * 24 * HOUR).getTime(), '4 h'],
        ],
      );
      assert.equal(connection.nextRaces[1]!.eventName, 'Summer Series');
      assert.equal(connection.nextRaces[1]!.providerRaceId, 'p-Soon 10K');
    });

    it('gives each race its last success, freshness, latest lateness and whether it was slowed down', () => {
      assert.deepEqual(
        connection.nextRaces.map((r) => [r.name, r.lastSuccessAt?.getTime() ?? null, r.freshnessSeconds, r.lastLatenessMs, r.slowedDown]),
        [
          ['Now 5K', at(-90_000).getTime(), 90, null, false],
          ['Soon 10K', at(-5 * MIN).getTime(), 300, 1500, false],
          ['Later Half', at(-2 * HOUR).getTime(), 7200, 60_000, true],
          ['Far Marathon', null, null, 0, false],
        ],
      );
      assert.equal(connection.nextRaces[2]!.nextRunAt?.getTime(), at(2 * HOUR).getTime());
    });

    it('lists failed and partial runs newest first with their error class', () => {
      assert.deepEqual(
        connection.failures.map((f) => [f.at.getTime(), f.status, f.kind, f.raceName, f.errorClass, f.message]),
        [
          [at(-2 * MIN).getTime(), 'failed', 'participants', 'Soon 10K', 'transient', '503 from the provider'],
          [at(-20 * MIN).getTime(), 'partial', 'discovery', null, 'rate_limited', 'call budget used up'],
          [at(-60 * MIN).getTime(), 'failed', 'participants', 'Later Half', 'auth', 'key refused'],
        ],
      );
      assert.equal((report.partners[0]!.connections.find((c) => c.id === world.pausedConnectionId)!).failures.length, 0);
    });

    it('shows undelivered alerts of the connection and of the partner', () => {
      assert.deepEqual(connection.alerts.map((a) => [a.kind, a.message]), [['mass_delete', 'held a deletion']]);
      assert.deepEqual(report.partners[0]!.alerts.map((a) => [a.kind, a.message]), [['partner_note', 'for the whole partner']]);
    });

    it('honours the limits and, without a filter, reports every partner', async () => {
      const small = await buildStatusReport(db, NOW, { partnerId: world.partnerId, nextRaces: 2, failures: 1 });
      const first = small.partners[0]!.connections[0]!;
      assert.deepEqual(first.nextRaces.map((r) => r.name), ['Now 5K', 'Soon 10K']);
      assert.deepEqual(first.failures.map((f) => f.errorClass), ['transient']);
      const all = await buildStatusReport(db, NOW, {});
      assert.deepEqual(all.partners.map((p) => p.id), [world.partnerId, world.otherPartnerId]);
      assert.deepEqual((await buildStatusReport(db, NOW, { partnerId: 9999 })).partners, []);
    });

    it('renders a text view with the budget line, the race table and the failures', () => {
      const text = formatStatus(report);
      assert.match(text, /Partner \d+ Status Timing \(times in America\/Chicago\)/);
      assert.match(text, /runsignup \(active\): budget 15 used\/85 left of 100 this hour; targets 2 due, 1 running/);
      assert.match(text, /Later Half .*15 min.*slowed/);
      assert.match(text, /participants Soon 10K: failed, transient — 503 from the provider/);
    });
  });
}

for (const engine of cliEngines()) {
  describe(`p88 status on the command line (${engine.name})`, () => {
    it('exits 0 and prints the report as JSON; an unknown partner exits 1', async () => {
      const store = await engine.create();
      try {
        const added = await runCli(['partner', 'add', '--name', 'Cli Timing', '--json'], store.env);
        const partnerId = (JSON.parse(added.stdout) as { id: number }).id;
        const result = await runCli(['status', '--json'], store.env);
        assert.equal(result.code, 0, result.stderr);
        const parsed = JSON.parse(result.stdout) as { generatedAt: string; partners: Array<{ id: number; name: string; connections: unknown[] }> };
        assert.ok(!Number.isNaN(Date.parse(parsed.generatedAt)));
        assert.deepEqual(parsed.partners.map((p) => [p.id, p.name, p.connections]), [[partnerId, 'Cli Timing', []]]);
        const text = await runCli(['status', '--partner', String(partnerId)], store.env);
        assert.equal(text.code, 0, text.stderr);
        assert.match(text.stdout, /Cli Timing/);
        const unknown = await runCli(['status', '--partner', '999'], store.env);
        assert.equal(unknown.code, 1);
        assert.match(unknown.stderr, /No timing partner with id 999/);
      } finally {
        await store.dispose();
      }
    });
  });
}
