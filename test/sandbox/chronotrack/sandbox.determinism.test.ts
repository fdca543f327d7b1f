import type { Sandbox } from '../../../src/sandbox/index.js';
import { biggestRace, describeDeterminismAndScale } from '../shared/determinism-scale.js';
import { ctUrl, eventsOf, startChronoTrack } from './helpers.js';

async function sample(sandbox: Sandbox): Promise<string[]> {
  const event = eventsOf(sandbox).find((e) => e.past) ?? eventsOf(sandbox)[0]!;
  const paths: Array<[string, Record<string, string | number>]> = [
    ['/event', {}],
    [`/event/${event.ids.chronotrack}/race`, {}],
    [`/event/${event.ids.chronotrack}/entry`, { size: 100 }],
    [`/event/${event.ids.chronotrack}/results`, { size: 1000, interval: 'ALL' }],
  ];
  return Promise.all(paths.map(async ([path, params]) => (await fetch(ctUrl(sandbox, path, params))).text()));
}

describeDeterminismAndScale({
  provider: 'chronotrack',
  start: (options) => startChronoTrack(options),
  sample,
  biggestPage: async (sandbox) => {
    const race = biggestRace(sandbox, 'chronotrack');
    const body = (await (await fetch(ctUrl(sandbox, `/race/${race.ids.chronotrack}/entry`, { size: 100, page: 2 }))).json()) as { race_entry: unknown[] };
    return body.race_entry.length;
  },
  scaleWorld: { eventsPerPartner: { runsignup: 400, raceroster: 0, haku: 0 } },
});
