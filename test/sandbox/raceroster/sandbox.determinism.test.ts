import type { Sandbox } from '../../../src/sandbox/index.js';
import { biggestRace, describeDeterminismAndScale } from '../shared/determinism-scale.js';
import { api, eventsOf, login, startRaceRoster } from './helpers.js';

async function sample(sandbox: Sandbox): Promise<string[]> {
  const { access } = await login(sandbox);
  const past = eventsOf(sandbox).find((e) => e.past)!;
  const paths: Array<[string, Record<string, string | number>]> = [
    ['/events', { eventDateFrom: '2024-01-01', limit: 100 }],
    [`/events/${past.ids.raceroster}`, {}],
    [`/events/${past.ids.raceroster}/participants`, { limit: 100 }],
    [`/events/${past.ids.raceroster}/results`, { perPage: 100 }],
  ];
  const bodies = await Promise.all(paths.map(async ([path, params]) => (await api(sandbox, path, access, params)).text));
  return [access, ...bodies];
}

describeDeterminismAndScale({
  provider: 'raceroster',
  start: (options) => startRaceRoster(options),
  sample,
  biggestPage: async (sandbox) => {
    const race = biggestRace(sandbox, 'raceroster');
    const { access } = await login(sandbox);
    const reply = await api(sandbox, `/events/${race.event.ids.raceroster}/participants`, access, { subEventId: race.ids.raceroster as number, limit: 100, page: 3 });
    return reply.body.data.length;
  },
  scaleWorld: { eventsPerPartner: { raceroster: 400 } },
});
