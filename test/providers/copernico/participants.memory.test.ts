import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startCopernicoFixture, type CopernicoFixture } from './fixture-server.js';
import { adapterFor, apiKeyOf, racesOf, startCopernico } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const ATHLETES = 10_000;
const MB = 1024 * 1024;
/** An old-space limit near the body's size: streaming fits in it, parsing the body whole does not. */
const HEAP_LIMIT_MB = 32;
/** Collections until memory stops falling: Buffers are freed only after their wrappers are collected. */
async function settle(): Promise<void> {
  for (let last = Number.POSITIVE_INFINITY, i = 0; i < 10; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    const now = used();
    if (now >= last) return;
    last = now;
  }
}
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/** Heap plus memory outside it (`external` includes Buffers and zlib's): what a read can grow. */
const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

/**
 * Peak memory of reading one 10,000-athlete event (a past race: every athlete with splits and a
 * finish) against the size of its body. The skin renders the body once; it is then served from a
 * file, so neither the rendering nor the served bytes count against the reader.
 */
describe('Copernico: memory of a 10,000-athlete event', () => {
  let dir: string;
  let file: string;
  let providerRaceId: string;
  let body: number;

  before(async () => {
    const sandbox = await startCopernico({ partners: 1, eventsPerPartner: { runsignup: 2, raceroster: 0, haku: 0 }, racesPerEvent: 1, registrationsPerRace: ATHLETES, pastShare: 1 });
    try {
      const race = racesOf(sandbox)[0]!.races[0]!;
      const slug = race.event.ids.copernico!;
      const response = await fetch(`${sandbox.endpoint('copernico').baseUrl}/${slug}/athletes?event=${encodeURIComponent(race.name)}`, { headers: { 'x-api-key': apiKeyOf(sandbox) } });
      dir = mkdtempSync(join(tmpdir(), 'p88-copernico-'));
      file = join(dir, 'athletes.json');
      writeFileSync(file, await response.text());
      body = statSync(file).size;
      providerRaceId = `${slug}/${race.name}`;
    } finally {
      await sandbox.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds a page, not the list: live memory during the read stays under half the body', async (t) => {
    const fixture: CopernicoFixture = await startCopernicoFixture();
    const slug = providerRaceId.slice(0, providerRaceId.indexOf('/'));
    fixture.routes.set(`/${slug}/athletes`, { body: '', file });
    try {
      const read = async (collect: boolean) => {
        await settle();
        const base = used();
        let peak = Number.NEGATIVE_INFINITY;
        let count = 0;
        const sample = () => { peak = Math.max(peak, used() - base); };
        const timer = collect ? undefined : setInterval(sample, 1);
        for await (const page of adapterFor(fixture, { settings: { pageSize: 250 } }).participants({ providerEventId: slug, providerRaceIds: [providerRaceId] })) {
          count += page.records.length;
          // With a collection at each page, what remains is what the read really holds.
          if (collect) gc();
          sample();
        }
        clearInterval(timer);
        return { peak, count };
      };
      const live = await read(true);
      const natural = await read(false);
      t.diagnostic(`body ${mb(body)} (${ATHLETES} athletes); live peak ${mb(live.peak)} (${(live.peak / body).toFixed(2)}× the body); ` +
        `peak without forced collections ${mb(natural.peak)} (${(natural.peak / body).toFixed(2)}×, uncollected garbage included)`);
      assert.equal(live.count, ATHLETES);
      assert.ok(body > 10 * MB, `the body is big enough to matter (${mb(body)})`);
      assert.ok(live.peak < body / 2, `live peak ${mb(live.peak)} is under half the body's ${mb(body)}`);
    } finally {
      await fixture.close();
    }
  });

  it(`reads it within a ${HEAP_LIMIT_MB} MB heap, where parsing the body whole runs out of memory`, (t) => {
    const child = fileURLToPath(new URL('./memory-child.ts', import.meta.url));
    const run = (mode: string) => spawnSync(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MB}`, '--import', 'tsx', child, mode, file, providerRaceId], { encoding: 'utf8' });
    const streamed = run('stream');
    assert.equal(streamed.status, 0, streamed.stderr);
    assert.deepEqual(JSON.parse(streamed.stdout), { athletes: ATHLETES });
    const whole = run('whole');
    assert.notEqual(whole.status, 0, 'the whole body parsed at once does not fit the same heap');
    assert.match(whole.stderr, /heap out of memory|Allocation failed/);
    t.diagnostic(`streamed: ${ATHLETES} athletes with --max-old-space-size=${HEAP_LIMIT_MB} (body ${mb(body)}); whole: out of memory`);
  });
});
