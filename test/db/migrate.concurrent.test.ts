import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { listMigrations, migrate } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';

const VIEW_COLUMNS: Record<string, string[]> = {
  unified_events: ['timing_partner_id', 'provider', 'event_id', 'provider_event_id', 'name', 'start_time', 'time_zone', 'city', 'region', 'country', 'updated_at', 'start_time_precision'],
  unified_races: ['timing_partner_id', 'provider', 'event_id', 'race_id', 'provider_race_id', 'name', 'start_time', 'distance', 'updated_at', 'start_time_precision'],
  unified_participants: ['timing_partner_id', 'provider', 'event_id', 'race_id', 'participant_id', 'provider_participant_id', 'bib', 'chip',
    'first_name', 'last_name', 'email', 'gender', 'birthdate', 'age', 'city', 'region', 'country', 'team_name', 'amount_paid',
    'registered_at', 'provider_modified_at', 'updated_at'],
  unified_results: ['timing_partner_id', 'provider', 'event_id', 'race_id', 'result_set', 'participant_id', 'bib', 'first_name', 'last_name',
    'gender', 'age', 'clock_time', 'chip_time', 'overall_place', 'gender_place', 'division_place', 'division', 'status', 'updated_at', 'result_id', 'registration_participant_id', 'match_method'],
};

describe('migrations', () => {
  it('apply once on PGlite, create the four views with their contract columns, and are a no-op the second time', async () => {
    const db = await openPglite(undefined);
    try {
      assert.deepEqual(await migrate(db), listMigrations().map((m) => m.name));
      assert.deepEqual(await migrate(db), []);
      for (const [view, columns] of Object.entries(VIEW_COLUMNS)) {
        const rows = await db.query<{ column_name: string }>(
          'select column_name from information_schema.columns where table_name = $1 order by ordinal_position',
          [view],
        );
        assert.deepEqual(rows.map((r) => r.column_name), columns, view);
      }
    } finally {
      await db.close();
    }
  });

  it('run once when two processes start at once on one PostgreSQL', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL' }, async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `p88_migrate_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    const [a, b] = await Promise.all([openPostgres(target.toString()), openPostgres(target.toString())]);
    try {
      const [first, second] = await Promise.all([migrate(a), migrate(b)]);
      assert.deepEqual([...first, ...second].sort(), listMigrations().map((m) => m.name).sort(), 'each file applied by exactly one');
      const applied = await a.query<{ n: number }>('select count(*)::int as n from schema_migrations');
      assert.equal(applied[0]!.n, listMigrations().length);
    } finally {
      await a.close();
      await b.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
