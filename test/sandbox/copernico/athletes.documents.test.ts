import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { call, json, racesOf, startCopernico } from './helpers.js';

/** The raw bytes and headers, without fetch's automatic gunzip. */
function raw(url: string, headers: Record<string, string>): Promise<{ headers: Record<string, unknown>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ headers: response.headers, bytes: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

describe('Copernico skin: races and athlete documents', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startCopernico({ eventsPerPartner: { runsignup: 6, raceroster: 6, haku: 0 }, registrationsPerRace: 120, pastShare: 0.5 });
  });
  after(() => sandbox.close());

  const past = () => racesOf(sandbox).find((e) => e.past)!;

  it('needs x-api-key: 401 without or with a wrong key, 403 for another partner\'s race, 404 for an unknown one', async () => {
    const slug = past().ids.copernico!;
    assert.equal((await fetch(`${sandbox.endpoint('copernico').baseUrl}/${slug}`)).status, 401);
    assert.equal((await call(sandbox, `/${slug}`, { headers: { 'x-api-key': 'nope' } })).status, 401);
    assert.equal((await call(sandbox, `/${racesOf(sandbox, 2)[0]!.ids.copernico}`)).status, 403);
    assert.equal((await call(sandbox, '/no-such-race-2025')).status, 404);
  });

  it('shows a race with its events (by name), their splits and the finish "Meta"', async () => {
    const event = past();
    const { body } = await json(sandbox, `/${event.ids.copernico}`);
    assert.equal(body.id, event.ids.copernico);
    assert.deepEqual(body.events.map((e: { name: string }) => e.name), event.races.map((r) => r.name));
    assert.equal(body.events[0].splits.at(-1).name, 'Meta');
    assert.equal(typeof body.startTime, 'number');
  });

  it('answers one unpaged array of athlete documents per event, times in integer milliseconds', async () => {
    const event = past();
    const race = event.races.find((r) => r.splits.length > 0) ?? event.races[0]!;
    const { body } = await json(sandbox, `/${event.ids.copernico}/athletes?event=${encodeURIComponent(race.name)}`);
    assert.equal(body.length, sandbox.world.activeCount(race));
    const finisher = body.find((a: any) => a.events[0].status === 'finished');
    assert.deepEqual(Object.keys(finisher).slice(0, 6), ['id', 'name', 'surname', 'fullname', 'gender', 'birthdate']);
    assert.match(finisher.id, /^(RSU|RR|HAKU)-\d+$/);
    const meta = finisher.events[0].times.Meta;
    assert.ok(Number.isInteger(meta.time) && Number.isInteger(meta.netTime) && meta.netTime <= meta.time);
    assert.equal(meta.raw.valid, true);
    assert.equal(Object.keys(finisher.events[0].times).length, race.splits.length + 1);
    const statuses = new Set(body.map((a: any) => a.events[0].status));
    assert.ok(statuses.has('finished'));
    assert.ok([...statuses].every((s) => ['finished', 'dnf', 'dns', 'dsq', 'notstarted'].includes(s as string)));
    assert.equal((await call(sandbox, `/${event.ids.copernico}/athletes?event=NOPE`)).status, 404);
    const all = await json(sandbox, `/${event.ids.copernico}/athletes`);
    assert.equal(all.body.length, event.races.reduce((n, r) => n + sandbox.world.activeCount(r), 0));
    const one = await json(sandbox, `/${event.ids.copernico}/athlete/${encodeURIComponent(finisher.id)}/full`);
    assert.deepEqual(one.body, finisher);
  });

  it('shows runners on course with status running and the splits they passed', async () => {
    const event = racesOf(sandbox).find((e) => !e.past && e.races.some((r) => r.splits.length > 1))!;
    const race = event.races.find((r) => r.splits.length > 1)!;
    const first = [...sandbox.world.resultTruth(race).values()].filter((r) => r.status === 'finished').map((r) => r.visibleAt).sort((a, b) => a - b)[0]!;
    sandbox.clock.set(new Date(first * 1000 - 120_000));
    const { body } = await json(sandbox, `/${event.ids.copernico}/athletes?event=${encodeURIComponent(race.name)}`);
    const running = body.filter((a: any) => a.events[0].status === 'running');
    assert.ok(running.length > 0);
    assert.ok(running.every((a: any) => !('Meta' in a.events[0].times) && Object.keys(a.events[0].times).length > 0));
  });

  it('sends gzip bodies even when not asked, unless switched off', async () => {
    const event = past();
    const { baseUrl, credentials } = sandbox.endpoint('copernico');
    const unasked = await raw(`${baseUrl}/${event.ids.copernico}`, { 'x-api-key': credentials[0]!.api_key });
    assert.equal(unasked.headers['content-encoding'], 'gzip');
    assert.deepEqual([...unasked.bytes.subarray(0, 2)], [0x1f, 0x8b]);
    const plain = await startCopernico({ copernico: { gzip: 'when-asked' } });
    try {
      const key = plain.endpoint('copernico').credentials[0]!.api_key;
      const slug = racesOf(plain)[0]!.ids.copernico;
      const notAsked = await raw(`${plain.endpoint('copernico').baseUrl}/${slug}`, { 'x-api-key': key });
      assert.equal(notAsked.headers['content-encoding'], undefined);
      assert.equal(JSON.parse(notAsked.bytes.toString('utf8')).id, slug);
      const asked = await raw(`${plain.endpoint('copernico').baseUrl}/${slug}`, { 'x-api-key': key, 'accept-encoding': 'gzip' });
      assert.equal(asked.headers['content-encoding'], 'gzip');
    } finally {
      await plain.close();
    }
  });

  it('garbles a share of non-ASCII names as mojibake (UTF-8 read as Latin-1), unless switched off', async () => {
    const everyone = async (s: Sandbox) => (await Promise.all(racesOf(s).map(async (e) => (await json(s, `/${e.ids.copernico}/athletes`)).body))).flat();
    const names = (await everyone(sandbox)).map((a: any) => `${a.name} ${a.surname}`);
    assert.ok(names.some((n) => /Ã|Å|Ä/.test(n)), 'some mojibake');
    assert.ok(names.some((n) => /[áéíóúñøüö]/.test(n)), 'most unicode intact');
    const clean = await startCopernico({ eventsPerPartner: { runsignup: 6, raceroster: 6, haku: 0 }, registrationsPerRace: 120, copernico: { mojibakeShare: 0 } });
    try {
      assert.ok((await everyone(clean)).every((a: any) => !/Ã[\u0080-\u00bf]/.test(`${a.name} ${a.surname}`)));
    } finally {
      await clean.close();
    }
  });
});
