/**
 * Child process of participants.memory.test.ts, run with a small heap: serves the body file from
 * disk on a fixture server and reads it either streamed through the adapter (`stream`) or the way a
 * non-streaming client would, whole and parsed at once (`whole`). Prints `{"athletes": n}`.
 */
import { readFile } from 'node:fs/promises';
import { startCopernicoFixture } from './fixture-server.js';
import { adapterFor } from './helpers.js';

const [mode, file, providerRaceId] = process.argv.slice(2) as [string, string, string];
const fixture = await startCopernicoFixture();
const raceId = providerRaceId.slice(0, providerRaceId.indexOf('/'));
fixture.routes.set(`/${raceId}/athletes`, { body: '', file });
let athletes = 0;
try {
  if (mode === 'stream') {
    for await (const page of adapterFor(fixture).participants({ providerEventId: raceId, providerRaceIds: [providerRaceId] })) athletes += page.records.length;
  } else {
    athletes = (JSON.parse(await readFile(file, 'utf8')) as unknown[]).length;
  }
} finally {
  await fixture.close();
}
process.stdout.write(JSON.stringify({ athletes }));
