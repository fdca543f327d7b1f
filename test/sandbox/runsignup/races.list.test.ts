import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RsuRace, RunSignupSandbox } from '../../../src/sandbox/index.js';
import { ANCHOR, apiUrl, getJson, startSandbox } from './helpers.js';

const RACE_KEYS = [
  'race_id', 'name', 'last_date', 'last_end_date', 'next_date', 'next_end_date', 'is_draft_race', 'is_private_race',
  'is_registration_open', 'created', 'last_modified', 'description', 'url', 'external_race_url', 'external_results_url',
  'fb_page_id', 'fb_event_id', 'address', 'timezone', 'logo_url', 'real_time_notifications_enabled',
];

const isoOf = (mdY: string) => `${mdY.slice(6)}-${mdY.slice(0, 2)}-${mdY.slice(3, 5)}`;

describe('RunSignUp sandbox races', () => {
  let sandbox: RunSignupSandbox;
  let clock = new Date(ANCHOR);

  before(async () => {
    sandbox = await startSandbox({ partners: 2, racesPerPartner: 30, eventsPerRace: 3, participantsPerEvent: 5, now: () => clock });
  });
  after(() => sandbox.close());

  const races = async (params: Record<string, string | number> = {}, partner = 0) =>
    (await getJson<{ races: Array<{ race: RsuRace }> }>(apiUrl(sandbox, '/races', params, sandbox.credentials[partner]))).body.races.map((r) => r.race);

  it('lists only the calling partner\'s races, paged, in RunSignUp\'s race shape', async () => {
    const first = await races({ results_per_page: 20 });
    const second = await races({ results_per_page: 20, page: 2 });
    const third = await races({ results_per_page: 20, page: 3 });
    assert.equal(first.length, 20);
    assert.equal(second.length, 10);
    assert.deepEqual(third, []);
    const ids = [...first, ...second].map((r) => r.race_id);
    assert.deepEqual([...ids].sort((a, b) => a - b), [...(sandbox.world.partners[0]?.raceIds ?? [])].sort((a, b) => a - b));
    assert.deepEqual(Object.keys(first[0] as RsuRace), RACE_KEYS);
    const race = first[0] as RsuRace;
    assert.match(race.next_date ?? '', /^\d{2}\/\d{2}\/\d{4}$/);
    assert.match(race.created, /^\d{1,2}\/\d{1,2}\/\d{4} \d{2}:\d{2}$/);
    const partnerTwo = await races({ results_per_page: 50 }, 1);
    assert.ok(partnerTwo.every((r) => !ids.includes(r.race_id)));
  });

  it('includes events only with events=T, and varies time zones', async () => {
    const plain = await races({ results_per_page: 50 });
    assert.ok(plain.every((r) => r.events === undefined));
    const withEvents = await races({ results_per_page: 50, events: 'T' });
    assert.ok(withEvents.every((r) => r.events?.length === 3));
    const zones = new Set([...withEvents, ...(await races({ results_per_page: 50 }, 1))].map((r) => r.timezone));
    assert.ok(zones.size >= 3, `time zones: ${[...zones].join(', ')}`);
  });

  it('filters on next_date with start_date and end_date and sorts by date', async () => {
    const all = await races({ results_per_page: 50, sort: 'date ASC' });
    const dates = all.map((r) => isoOf(r.next_date ?? ''));
    assert.deepEqual(dates, [...dates].sort());
    const from = dates[10] as string;
    const to = dates[20] as string;
    const filtered = await races({ results_per_page: 50, start_date: from, end_date: to });
    assert.ok(filtered.length >= 11);
    assert.ok(filtered.every((r) => isoOf(r.next_date ?? '') >= from && isoOf(r.next_date ?? '') <= to));
  });

  it('shows race detail with all events, start times in the race\'s zone, and future_events_only', async () => {
    const raceId = sandbox.world.partners[0]?.raceIds[0] as number;
    const { body } = await getJson(apiUrl(sandbox, `/race/${raceId}`));
    const race = body.race as RsuRace;
    assert.equal(race.can_use_registration_api, 'F');
    assert.equal(race.events?.length, 3);
    const event = race.events?.[0];
    assert.ok(event);
    assert.match(event.start_time, /^\d{1,2}\/\d{1,2}\/\d{4} 07:00$/, 'first event starts 07:00 local');
    assert.equal(event.end_time, null);
    assert.equal(event.event_type, 'running_race');
    assert.match(event.registration_periods[0]?.race_fee ?? '', /^\$\d+\.\d{2}$/);

    const past = sandbox.world.raceIds.find((id) => sandbox.world.race(id)?.is_registration_open === 'F' && sandbox.world.partners[0]?.raceIds.includes(id));
    const future = await getJson(apiUrl(sandbox, `/race/${past}`, { future_events_only: 'T' }));
    assert.deepEqual(future.body.race.events, []);
    clock = new Date(ANCHOR.getTime() - 400 * 86_400_000);
    const earlier = await getJson(apiUrl(sandbox, `/race/${past}`, { future_events_only: 'T' }));
    assert.equal(earlier.body.race.events.length, 3, 'future_events_only is judged on now()');
  });
});
