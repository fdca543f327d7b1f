import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunSignupSandbox } from '../../../src/sandbox/index.js';
import { allParticipants, apiUrl, getJson, startSandbox } from './helpers.js';

const FULL_WALK = process.env.RSU_SANDBOX_SCALE === '1';

describe('RunSignUp sandbox at production scale', () => {
  let sandbox: RunSignupSandbox;

  before(async () => {
    sandbox = await startSandbox({ seed: 7, partners: 2, racesPerPartner: 808, totalParticipants: 407_053 });
  });
  after(() => sandbox.close());

  it('distributes exactly totalParticipants over 1,616 races, skewed', () => {
    assert.equal(sandbox.world.raceIds.length, 1616);
    const counts = sandbox.world.eventIds().map((id) => sandbox.world.participantCount(id));
    assert.equal(counts.length, 3232);
    assert.equal(counts.reduce((sum, n) => sum + n, 0), 407_053);
    assert.equal(sandbox.world.participantCount(), 407_053);
    const sorted = [...counts].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    const largest = sorted.at(-1) as number;
    assert.ok(largest > 20 * median, `largest ${largest} vs median ${median}`);
    assert.ok((sorted[0] as number) >= 1, 'no empty events when there are more people than events');
  });

  it('serves one large event page by page without materialising the world', async () => {
    const eventIds = sandbox.world.eventIds();
    const biggest = eventIds.reduce((best, id) =>
      sandbox.world.participantCount(id) > sandbox.world.participantCount(best) ? id : best,
    );
    const raceId = sandbox.world.eventInfo(biggest)?.raceId as number;
    const started = Date.now();
    let seen = 0;
    let afterId = 0;
    for (;;) {
      const { body } = await getJson(apiUrl(sandbox, `/race/${raceId}/participants`, {
        event_id: biggest, results_per_page: 2500, after_registration_id: afterId,
      }));
      const page = allParticipants(body);
      seen += page.length;
      if (page.length < 2500) break;
      afterId = page.at(-1)?.registration_id as number;
    }
    assert.equal(seen, sandbox.world.participantCount(biggest));
    assert.ok(Date.now() - started < 15_000);
  });

  it('walks every participant through the API in well under a minute', { skip: FULL_WALK ? false : 'takes ~20 s; set RSU_SANDBOX_SCALE=1 to run' }, async () => {
    const started = Date.now();
    let seen = 0;
    for (const credential of sandbox.credentials) {
      for (let page = 1; ; page++) {
        const { body } = await getJson(apiUrl(sandbox, '/races', { events: 'T', results_per_page: 1000, page }, credential));
        for (const { race } of body.races) {
          const ids = race.events.map((e: { event_id: number }) => e.event_id).join(',');
          let afterId = 0;
          for (;;) {
            const reply = await getJson(apiUrl(sandbox, `/race/${race.race_id}/participants`, {
              event_id: ids, results_per_page: 2500, after_registration_id: afterId,
            }, credential));
            const rows = allParticipants(reply.body);
            seen += rows.length;
            if (rows.length < 2500) break;
            afterId = Math.max(...rows.map((p) => p.registration_id));
          }
        }
        if (body.races.length < 1000) break;
      }
    }
    assert.equal(seen, 407_053);
    assert.ok(Date.now() - started < 60_000);
  });
});
