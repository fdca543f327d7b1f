import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncError } from '../../../src/errors.js';
import type { CanonicalParticipant } from '../../../src/model/canonical.js';
import type { Page } from '../../../src/providers/types.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { WorldEvent } from '../../../src/sandbox/world/index.js';
import { listedParticipants, participantIdOf, withoutRaw } from './expected.js';
import { genderCode } from '../../../src/sandbox/skins/raceroster/render-participants.js';
import type { Registration } from '../../../src/sandbox/world/index.js';
import { adapterFor, admin, collectPages, eventsOf, recordingFetch, startRaceRoster } from './helpers.js';

const queryOf = (event: WorldEvent, races = event.races) => ({
  providerEventId: String(event.ids.raceroster),
  providerRaceIds: races.map((race) => String(race.ids.raceroster)),
});

const genderCodeOf = (r: Registration) => genderCode(r.person.gender);

const recordsOf = (pages: Page<CanonicalParticipant>[]) => pages.flatMap((page) => page.records);

describe('Race Roster participants against the skin', () => {
  let sandbox: Sandbox;
  let event: WorldEvent;

  before(async () => {
    sandbox = await startRaceRoster({ eventsPerPartner: { raceroster: 4 }, racesPerEvent: 2, registrationsPerRace: 160, pastShare: 0 });
    event = eventsOf(sandbox)[0]!;
    // Cancelled registrations stay listed, with their status.
    sandbox.mutate({ event: event.id, cancel: 3 });
  });
  after(() => sandbox.close());

  it('reads every sub-event of the event in one read, every value in canonical form', async () => {
    const recorder = recordingFetch();
    const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch }).participants(queryOf(event)));
    const expected = listedParticipants(sandbox.world, event.races);
    assert.deepEqual(recordsOf(pages).map(withoutRaw), expected);
    assert.equal(pages.length, Math.ceil(expected.length / 100));
    assert.ok(pages.every((page) => page.total === expected.length && page.rejects.length === 0 && page.unchanged?.length === 0));
    assert.deepEqual(pages.map((page) => page.resumeAfter), [...pages.slice(1).map((_, i) => String((i + 1) * 100)), null]);
    const urls = recorder.to('/participants');
    assert.deepEqual(urls.map((url) => [url.searchParams.get('offset'), url.searchParams.get('limit')]), urls.map((_, i) => [String(i * 100), '100']));
    assert.ok(urls.every((url) => !url.searchParams.has('subEventId')), 'the whole event in one read');
    // The formats the skin uses are all there: cancellations, unassigned bibs (null and ""), padded bibs, accents, genders.
    const records = recordsOf(pages);
    assert.equal(records.filter((p) => p.cancelled).length, 3);
    assert.ok(records.some((p) => p.bib === null));
    assert.ok(records.some((p) => p.gender === null) && records.some((p) => p.gender === 'X'));
    assert.ok(records.some((p) => /[^\x00-\x7f]/.test(`${p.firstName}${p.lastName}`)));
    assert.ok(records.every((p) => (p.raw as { participantId: number }).participantId === Number(p.providerParticipantId)));
  });

  it('keeps a bib\'s leading zeros', async () => {
    const padded = [];
    for (const each of eventsOf(sandbox)) {
      const [first] = await collectPages(adapterFor(sandbox, { settings: { pageSize: 50 } }).participants(queryOf(each)));
      padded.push(...first!.records.filter((p) => p.bib?.startsWith('0')));
    }
    assert.ok(padded.length > 0, 'some event prints its bibs zero-padded');
    assert.ok(padded.every((p) => p.bib === (p.raw as { bibNumber: string }).bibNumber));
  });

  it('filters one sub-event read alone, with its own total', async () => {
    const race = event.races[1]!;
    const recorder = recordingFetch();
    const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch }).participants(queryOf(event, [race])));
    const expected = listedParticipants(sandbox.world, [race]);
    assert.deepEqual(recordsOf(pages).map(withoutRaw), expected);
    assert.ok(pages.every((page) => page.total === expected.length));
    assert.ok(recorder.to('/participants').every((url) => url.searchParams.get('subEventId') === String(race.ids.raceroster)));
  });

  it('without the filter, accounts for the other sub-events\' rows in unchanged, not as records', async () => {
    const race = event.races[0]!;
    const pages = await collectPages(adapterFor(sandbox, { settings: { subEventParam: null } }).participants(queryOf(event, [race])));
    assert.deepEqual(recordsOf(pages).map(withoutRaw), listedParticipants(sandbox.world, [race]));
    const others = listedParticipants(sandbox.world, [event.races[1]!]).map((p) => p.providerParticipantId);
    assert.deepEqual(pages.flatMap((page) => page.unchanged ?? []), others);
    const all = listedParticipants(sandbox.world, event.races).length;
    assert.ok(pages.every((page) => page.total === all));
  });

  it('pages at any size (a short page continues while the total says more) and resumes from an offset', async () => {
    const expected = listedParticipants(sandbox.world, event.races);
    const small = await collectPages(adapterFor(sandbox, { settings: { pageSize: 37 } }).participants(queryOf(event)));
    assert.deepEqual(recordsOf(small).map(withoutRaw), expected);
    assert.equal(small.length, Math.ceil(expected.length / 37));
    // Asked for 500, the skin clamps at 100: every page is "short", the total says go on.
    const clamped = await collectPages(adapterFor(sandbox, { settings: { pageSize: 500 } }).participants(queryOf(event)));
    assert.deepEqual(clamped.map((page) => page.records.length), [100, 100, 100, expected.length - 300]);
    const resumed = await collectPages(adapterFor(sandbox).participants({ ...queryOf(event), resumeAfter: '200' }));
    assert.deepEqual(recordsOf(resumed).map(withoutRaw), expected.slice(200));
    await assert.rejects(collectPages(adapterFor(sandbox).participants({ ...queryOf(event), resumeAfter: 'x' })), /checkpoint is not an offset/);
  });

  it('reads page+perPage when switched to it', async () => {
    const recorder = recordingFetch();
    const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch, settings: { pagingStyle: 'page' } }).participants(queryOf(event)));
    assert.deepEqual(recordsOf(pages).map(withoutRaw), listedParticipants(sandbox.world, event.races));
    assert.deepEqual(recorder.to('/participants').map((url) => url.searchParams.get('page')), pages.map((_, i) => String(i + 1)));
    assert.ok(recorder.to('/participants').every((url) => url.searchParams.get('perPage') === '100' && !url.searchParams.has('offset')));
  });

  it('rejects a broken record with its reason and raw payload and keeps the rest of the page', async () => {
    const [race] = event.races;
    const listed = sandbox.world.registrationsWith(race!, 'active');
    const [idBroken, genderBroken, dateBroken] = [listed[3]!, listed[10]!, listed[20]!];
    await admin(sandbox, '/_admin/corrupt', { registrations: [idBroken.id] });
    await admin(sandbox, '/_admin/corrupt', { registrations: [genderBroken.id], field: 'gender' });
    await admin(sandbox, '/_admin/corrupt', { registrations: [dateBroken.id], field: 'registrationDate' });
    try {
      const pages = await collectPages(adapterFor(sandbox).participants(queryOf(event)));
      const rejects = pages.flatMap((page) => page.rejects);
      assert.deepEqual(rejects.map((r) => r.reason), [
        `invalid participant: participantId: not a numeric id: "#${participantIdOf(idBroken.id)}"`,
        `invalid participant: gender: not a Race Roster gender code (0, 1, 2, 8, 9): "#${genderCodeOf(genderBroken)}"`,
        'invalid participant: registrationDate: Invalid input: expected string, received object',
      ]);
      assert.deepEqual(rejects.map((r) => (r.raw as { registrationId: number }).registrationId), [idBroken.id, genderBroken.id, dateBroken.id]);
      const expected = listedParticipants(sandbox.world, event.races)
        .filter((p) => ![idBroken, genderBroken, dateBroken].some((r) => String(participantIdOf(r.id)) === p.providerParticipantId));
      assert.deepEqual(recordsOf(pages).map(withoutRaw), expected);
      // A rejected row is not "unchanged": the engine knows from the rejects that this read cannot be diffed.
      assert.deepEqual(pages.flatMap((page) => page.unchanged ?? []), []);
    } finally {
      await fetch(`${sandbox.endpoint('raceroster').origin}/_admin/corrupt`, { method: 'DELETE' });
    }
  });
});
