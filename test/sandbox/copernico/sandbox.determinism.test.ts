import type { Sandbox } from '../../../src/sandbox/index.js';
import { biggestRace, describeDeterminismAndScale } from '../shared/determinism-scale.js';
import { call, racesOf, startCopernico } from './helpers.js';

async function sample(sandbox: Sandbox): Promise<string[]> {
  const [first, second] = racesOf(sandbox);
  const paths = [`/${first!.ids.copernico}`, `/${first!.ids.copernico}/athletes`, `/${second!.ids.copernico}/athletes`];
  return Promise.all(paths.map(async (path) => (await call(sandbox, path)).text()));
}

describeDeterminismAndScale({
  provider: 'copernico',
  start: (options) => startCopernico(options),
  sample,
  biggestPage: async (sandbox) => {
    const race = biggestRace(sandbox, 'copernico');
    const body = (await (await call(sandbox, `/${race.event.ids.copernico}/athletes?event=${encodeURIComponent(race.name)}`)).json()) as unknown[];
    return body.length;
  },
  scaleWorld: { eventsPerPartner: { runsignup: 400, raceroster: 0, haku: 0 } },
});
