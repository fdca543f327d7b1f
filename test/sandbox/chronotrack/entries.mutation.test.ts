import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { ctUrl, eventsOf, getJson, startChronoTrack } from './helpers.js';

describe('ChronoTrack skin: mutations seen through the API', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startChronoTrack({ eventsPerPartner: { runsignup: 4, raceroster: 0, haku: 0 }, registrationsPerRace: 40, pastShare: 0.5 });
  });
  after(() => sandbox.close());

  const entries = async (eventId: number) =>
    (await getJson(ctUrl(sandbox, `/event/${eventId}/entry`, { size: 100 }))).body.event_entry as Array<Record<string, string>>;

  it('shows registrations, bibs and removals made through the admin API with ChronoTrack ids', async () => {
    const event = eventsOf(sandbox)[0]!;
    const eventId = event.ids.chronotrack!;
    const reply = await fetch(`${sandbox.endpoint('chronotrack').origin}/_admin/mutate`, {
      method: 'POST', body: JSON.stringify({ eventId, register: 2, remove: 1 }),
    });
    const summary = (await reply.json()) as { register: number[]; remove: number[]; raceIds: number[] };
    assert.ok(summary.raceIds.every((id) => event.races.some((race) => race.ids.chronotrack === id)));
    const byExternal = new Map((await entries(eventId)).map((e) => [e.entry_external_id, e]));
    for (const id of summary.register) assert.equal(byExternal.get(`RSU-${id}`)?.entry_bib, '');
    assert.ok(!byExternal.has(`RSU-${summary.remove[0]}`));
    const bibbed = sandbox.mutate({ race: event.races[0]!.id, assignBibs: 1 });
    const after = new Map((await entries(eventId)).map((e) => [e.entry_external_id, e]));
    assert.match(after.get(`RSU-${bibbed.assignBibs[0]}`)?.entry_bib ?? '', /^\d+$/);
  });

  it('shows posted and withdrawn results in the results rows', async () => {
    const event = eventsOf(sandbox).find((e) => e.past)!;
    const race = event.races[0]!;
    const rows = async () => (await getJson(ctUrl(sandbox, `/race/${race.ids.chronotrack}/results`, { size: 1000 }))).body.race_results as Array<Record<string, string>>;
    const before = await rows();
    const summary = sandbox.mutate({ race: race.id, assignBibs: 1, results: 1, withdrawResults: 1 });
    const now = await rows();
    assert.equal(now.length, before.length);
    const posted = sandbox.world.registration(race, summary.results[0]!)!;
    assert.ok(now.some((row) => row.results_bib === String(posted.bib)), 'the posted result is ranked');
    const withdrawn = sandbox.world.registration(race, summary.withdrawResults[0]!)!;
    assert.ok(!now.some((row) => row.results_bib === String(withdrawn.bib)), 'the withdrawn one is not');
  });
});
