import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_POLICY } from '../../src/scheduler/policy.js';
import { planConnection } from '../../src/scheduler/planner.js';
import { addConnection } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';
import { testEngines } from '../helpers/database.js';
import { TEST_BOX } from '../helpers/sync.js';

const NOW = new Date('2026-10-10T08:00:00Z');
const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000);

for (const engine of testEngines()) {
  describe(`planning targets from discovered races (${engine.name})`, () => {
    it('creates targets for new races, brings moved races forward and retires finished ones', async () => {
      const db = await engine.open();
      try {
        const partner = await addPartner(db, 'Planner', 'America/Denver');
        const connection = await addConnection(db, TEST_BOX, {
          timingPartnerId: partner.id, provider: 'runsignup', baseUrl: null, budgetPerHour: 1000, credentials: { api_key: 'k', api_secret: 's' },
        });
        const [event] = await db.query<{ id: number }>(
          `insert into events (timing_partner_id, provider, connection_id, provider_event_id, name, raw, content_hash)
           values ($1, 'runsignup', $2, 'E1', 'City Run', '{}', 'h') returning id`,
          [partner.id, connection.id],
        );
        const addRace = async (key: string, start: Date) => {
          const [row] = await db.query<{ id: number }>(
            `insert into races (timing_partner_id, provider, connection_id, event_id, provider_race_id, name, start_time, raw, content_hash)
             values ($1, 'runsignup', $2, $3, $4, $4, $5, '{}', 'h') returning id`,
            [partner.id, connection.id, event!.id, key, start],
          );
          return row!.id;
        };
        const far = await addRace('far', hours(72));
        const soon = await addRace('soon', hours(2));
        const over = await addRace('over', hours(-2));
        assert.deepEqual(await planConnection(db, connection, partner.timeZone, NOW, DEFAULT_POLICY), { created: 5, retired: 0 });
        const targets = async () => db.query<{ race_id: number; kind: string; next_run_at: Date | null; priority: number; state: string }>(
          'select race_id, kind, next_run_at, priority, state from sync_targets order by race_id, kind',
        );
        assert.deepEqual(await targets(), [
          { race_id: far, kind: 'participants', next_run_at: NOW, priority: 30, state: 'active' },
          { race_id: far, kind: 'results', next_run_at: hours(72), priority: 40, state: 'active' },
          { race_id: soon, kind: 'participants', next_run_at: NOW, priority: 10, state: 'active' },
          { race_id: soon, kind: 'results', next_run_at: hours(2), priority: 40, state: 'active' },
          { race_id: over, kind: 'results', next_run_at: NOW, priority: 40, state: 'active' },
        ]);

        // The far race was synced (next in 4 h), then moved to start in 3 h; the soon race has ended.
        await db.query("update sync_targets set next_run_at = $1 where race_id = $2 and kind = 'participants'", [hours(4), far]);
        await db.query('update races set start_time = $1 where id = $2', [hours(3), far]);
        const later = hours(3.5);
        await planConnection(db, connection, partner.timeZone, later, DEFAULT_POLICY);
        const after = await targets();
        const farParticipants = after.find((t) => t.race_id === far && t.kind === 'participants')!;
        assert.deepEqual({ at: farParticipants.next_run_at, priority: farParticipants.priority }, { at: new Date(later.getTime() + 60_000), priority: 10 });
        assert.equal(after.find((t) => t.race_id === soon && t.kind === 'participants')!.state, 'done');
      } finally {
        await db.close();
      }
    });
  });
}
