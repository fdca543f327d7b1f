import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CanonicalParticipant } from '../../../src/model/canonical.js';
import type { ParticipantsQuery } from '../../../src/providers/types.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { Registration, WorldRace } from '../../../src/sandbox/world/index.js';
import {
  adapterFor, collectPages, eventsOf, postAdmin, queryOf, RecordingFetch, recordsOf, registrationsOf, startHaku, startRewritingProxy,
} from './helpers.js';

const LIST = /\/participants$/;
const DETAIL = /\/registrations\//;

/** The canonical record the world's registration must become (without its raw payload). */
function expectedRecord(race: WorldRace, r: Registration): Omit<CanonicalParticipant, 'raw'> {
  return {
    providerParticipantId: `R-${r.id}`,
    providerRaceId: String(race.ids.haku),
    bib: r.bib === null ? null : String(r.bib),
    chip: r.chip,
    firstName: r.person.firstName,
    lastName: r.person.lastName,
    email: r.person.email,
    gender: r.person.gender,
    birthdate: r.person.birthdate,
    age: r.age,
    city: r.person.address.city,
    region: r.person.address.region,
    country: r.person.address.countryCode,
    teamName: r.team?.name ?? null,
    amountPaid: (r.paidCents / 100).toFixed(2),
    registeredAt: new Date(r.registeredAt * 1000),
    providerModifiedAt: new Date(r.modifiedAt * 1000),
    cancelled: false,
    versionTag: new Date(r.modifiedAt * 1000).toISOString(),
  };
}

const withoutRaw = ({ raw: _raw, ...record }: CanonicalParticipant) => record;
const byKey = <T extends { providerParticipantId: string }>(a: T, b: T) => a.providerParticipantId.localeCompare(b.providerParticipantId);
const versionsOf = (records: CanonicalParticipant[]) => new Map(records.map((r) => [r.providerParticipantId, r.versionTag ?? null]));

describe('Haku participants: the summary, a detail per new or changed registration', () => {
  let sandbox: Sandbox;
  const recording = new RecordingFetch();

  before(async () => {
    sandbox = await startHaku({ eventsPerPartner: { haku: 2 }, registrationsPerRace: 40 });
  });
  after(() => sandbox.close());

  it('reads every registration of every category in Haku\'s formats, cancellations from the summary alone', async () => {
    const event = eventsOf(sandbox)[0]!;
    recording.clear();
    const records = recordsOf(await collectPages(adapterFor(sandbox, { fetch: recording.fetch }).participants(queryOf(event))));
    const all = registrationsOf(sandbox, event);
    const active = all.filter(({ r }) => r.status === 'active');
    const cancelled = all.filter(({ r }) => r.status !== 'active');
    assert.ok(cancelled.length > 0 && active.some(({ r }) => r.person.gender === null) && active.some(({ r }) => r.team !== null));
    assert.deepEqual(records.filter((r) => !r.cancelled).map(withoutRaw).sort(byKey), active.map(({ race, r }) => expectedRecord(race, r)).sort(byKey));
    assert.deepEqual(records.filter((r) => r.cancelled).map((r) => r.providerParticipantId).sort(), cancelled.map(({ r }) => `R-${r.id}`).sort());
    assert.equal(recording.count(DETAIL), active.length, 'one detail per active registration, none per cancellation');
    const [first] = records.filter((r) => !r.cancelled);
    assert.deepEqual(Object.keys(first!.raw as object), ['summary', 'registration']);
    const list = recording.requests.find((r) => LIST.test(r.url.pathname))!;
    assert.deepEqual([list.url.searchParams.get('sort_column'), list.url.searchParams.get('sort_direction'), list.url.searchParams.get('per_page')], ['updated_at', 'desc', '100']);
  });

  it('skips the detail call of every registration the engine holds at the summary\'s version', async () => {
    const event = eventsOf(sandbox)[0]!;
    const adapter = adapterFor(sandbox, { fetch: recording.fetch });
    const first = recordsOf(await collectPages(adapter.participants(queryOf(event))));
    const versions = versionsOf(first.filter((r) => !r.cancelled));
    recording.clear();
    const pages = await collectPages(adapter.participants(queryOf(event, { knownVersion: (key) => versions.get(key) })));
    assert.equal(recording.count(DETAIL), 0);
    assert.deepEqual(pages.flatMap((p) => p.unchanged ?? []).sort(), [...versions.keys()].sort());
    assert.ok(recordsOf(pages).every((r) => r.cancelled));
  });

  it('an incremental read stops at the first registration older than modifiedSince and details only the changed', async () => {
    const event = eventsOf(sandbox)[1]!;
    const adapter = adapterFor(sandbox, { fetch: recording.fetch });
    const versions = versionsOf(recordsOf(await collectPages(adapter.participants(queryOf(event)))));
    sandbox.clock.advance(600_000);
    const change = sandbox.mutate({ event: event.id, register: 2, assignBibs: 2, edit: 1, cancel: 1 });
    recording.clear();
    const pages = await collectPages(adapter.participants(queryOf(event, { modifiedSince: change.at, knownVersion: (key) => versions.get(key) })));
    const records = recordsOf(pages);
    const touched = new Set([...change.register, ...change.assignBibs, ...change.edit, ...change.cancel].map((id) => `R-${id}`));
    assert.deepEqual(records.map((r) => r.providerParticipantId).sort(), [...touched].sort());
    assert.deepEqual(records.filter((r) => r.cancelled).map((r) => r.providerParticipantId), change.cancel.map((id) => `R-${id}`));
    assert.equal(recording.count(LIST), 1, 'the first page holds the change and the row that ends the read');
    assert.equal(recording.count(DETAIL), touched.size - change.cancel.length);
    assert.equal(pages.at(-1)!.resumeAfter, null);
    // Inclusive: a read from exactly the change's second still sees it.
    assert.ok(records.every((r) => r.providerModifiedAt!.getTime() >= change.at * 1000));
  });

  it('pages past a silent clamp: per_page=500 gets 100 rows, the read ends on the short page, not on "fewer than asked"', async () => {
    const big = await startHaku({ eventsPerPartner: { haku: 1 }, registrationsPerRace: 125 });
    try {
      const event = eventsOf(big)[0]!;
      const total = registrationsOf(big, event).length;
      const local = new RecordingFetch();
      const records = recordsOf(await collectPages(adapterFor(big, { fetch: local.fetch, settings: { pageSize: 500 } }).participants(queryOf(event))));
      assert.equal(records.length, total);
      assert.equal(new Set(records.map((r) => r.providerParticipantId)).size, total);
      const pages = local.paths(LIST).map((p) => new URL(p, 'http://x').searchParams);
      assert.deepEqual(pages.map((p) => [p.get('page'), p.get('per_page')]), Array.from({ length: Math.ceil(total / 100) }, (_, i) => [String(i + 1), '500']));
    } finally {
      await big.close();
    }
  });

  it('a list that fits one page needs the empty page that confirms it, unless the server cap is known', async () => {
    const event = eventsOf(sandbox)[0]!;
    const versions = versionsOf(recordsOf(await collectPages(adapterFor(sandbox).participants(queryOf(event)))));
    const known = (key: string) => versions.get(key);
    assert.ok(versions.size < 100);
    for (const [settings, lists] of [[{}, 2], [{ serverPageCap: 100 }, 1], [{ pageSize: 30 }, Math.ceil(versions.size / 30) + (versions.size % 30 === 0 ? 1 : 0)]] as const) {
      recording.clear();
      await collectPages(adapterFor(sandbox, { fetch: recording.fetch, settings }).participants(queryOf(event, { knownVersion: known })));
      assert.equal(recording.count(LIST), lists, JSON.stringify(settings));
    }
  });

  it('a read of one category skips the other category\'s rows once it has learnt their name', async () => {
    const event = eventsOf(sandbox)[0]!;
    const [race, other] = event.races;
    const query = { providerEventId: event.ids.haku!, providerRaceIds: [String(race!.ids.haku)] };
    recording.clear();
    const records = recordsOf(await collectPages(adapterFor(sandbox, { fetch: recording.fetch }).participants(query)));
    const active = sandbox.world.registrationsWith(race!, 'active');
    assert.deepEqual(records.filter((r) => !r.cancelled).map((r) => r.providerParticipantId).sort(), active.map((r) => `R-${r.id}`).sort());
    assert.ok(records.every((r) => r.providerRaceId === String(race!.ids.haku)));
    assert.equal(recording.count(DETAIL), active.length + 1, 'one detail learns the other category');
    // Once the covered rows are known, the other category's rows cost nothing.
    const versions = versionsOf(records);
    recording.clear();
    const again = recordsOf(await collectPages(adapterFor(sandbox, { fetch: recording.fetch }).participants({ ...query, knownVersion: (key) => versions.get(key) })));
    assert.equal(recording.count(DETAIL), 0);
    const otherIds = new Set(sandbox.world.registrations(other!).filter((r) => r.status === 'active').map((r) => `R-${r.id}`));
    assert.ok(again.every((r) => !otherIds.has(r.providerParticipantId)));
  });

  it('rejects a bad summary and a bad detail with the field and the raw payload, keeping the rest of the page', async () => {
    const event = eventsOf(sandbox)[1]!;
    const [race] = event.races;
    const [badSummary, badDetail] = sandbox.world.registrationsWith(race!, 'active').filter((r) => r.bib !== null).slice(0, 2);
    await postAdmin(sandbox, 'corrupt', { registrations: [badSummary!.id], field: 'registration_number', mode: 'missing' });
    await postAdmin(sandbox, 'corrupt', { registrations: [badDetail!.id], field: 'event_categories.0.tag_number', mode: 'wrong_type' });
    try {
      const pages = await collectPages(adapterFor(sandbox).participants(queryOf(event)));
      const rejects = pages.flatMap((p) => p.rejects);
      assert.equal(rejects.length, 2);
      const summaryReject = rejects.find((r) => r.reason.startsWith('invalid participant summary'))!;
      assert.match(summaryReject.reason, /registration_number: /);
      assert.equal((summaryReject.raw as any).person_full_name.includes(badSummary!.person.lastName), true);
      const detailReject = rejects.find((r) => r.reason.startsWith(`invalid registration R-${badDetail!.id}`))!;
      assert.match(detailReject.reason, /event_categories\.0\.tag_number: /);
      assert.deepEqual((detailReject.raw as any).registration.event_categories[0].tag_number, { value: String(badDetail!.bib) });
      const keys = new Set(recordsOf(pages).map((r) => r.providerParticipantId));
      assert.equal(keys.size, registrationsOf(sandbox, event).length - 2);
    } finally {
      await fetch(`${sandbox.endpoint('haku').origin}/_admin/corrupt`, { method: 'DELETE' });
    }
  });

  it('rejects a listed registration whose detail is gone, and goes on', async () => {
    const event = eventsOf(sandbox)[0]!;
    const proxy = await startRewritingProxy(sandbox.endpoint('haku').baseUrl, (path, body) =>
      LIST.test(path) && Array.isArray(body) && body.length > 0 ? [{ ...body[0], registration_number: 'R-1', is_cancelled: false }, ...body.slice(1)] : body);
    try {
      const pages = await collectPages(adapterFor(sandbox, { baseUrl: proxy.baseUrl }).participants(queryOf(event)));
      const rejects = pages.flatMap((p) => p.rejects);
      assert.equal(rejects.length, 1);
      assert.match(rejects[0]!.reason, /^registration R-1 is listed but its detail is not found: Haku GET .*R-1: HTTP 404 \(Registration not found\)/);
      assert.equal(recordsOf(pages).length, registrationsOf(sandbox, event).length - 1);
    } finally {
      await proxy.close();
    }
  });

  it('yields a page every detailsPerPage details, and resumes from its position without a gap', async () => {
    const event = eventsOf(sandbox)[0]!;
    const pages = await collectPages(adapterFor(sandbox, { settings: { detailsPerPage: 10 } }).participants(queryOf(event)));
    assert.ok(pages.length >= 5);
    const cut = 2;
    const position = pages[cut]!.resumeAfter!;
    assert.match(position, /^1:\d+:0$/);
    recording.clear();
    const rest = recordsOf(await collectPages(adapterFor(sandbox, { fetch: recording.fetch }).participants(queryOf(event, { resumeAfter: position }))));
    const before = recordsOf(pages.slice(0, cut + 1)).map((r) => r.providerParticipantId);
    assert.deepEqual([...before, ...rest.map((r) => r.providerParticipantId)].sort(), recordsOf(pages).map((r) => r.providerParticipantId).sort());
    assert.equal(recording.count(DETAIL), rest.filter((r) => !r.cancelled).length, 'no detail is read twice');
  });

  it('a repeated page is asked again; a server that keeps repeating stops the read', async () => {
    const event = eventsOf(sandbox)[0]!;
    const settings = { pageSize: 20 };
    const clean = recordsOf(await collectPages(adapterFor(sandbox, { settings }).participants(queryOf(event))));
    const versions = versionsOf(clean);
    const query = queryOf(event, { knownVersion: (key: string) => versions.get(key) });
    // Page 1 is served first; then the skin answers page 2 with page 1 again (once, then ten times).
    for (const count of [1, 10]) {
      const pages = adapterFor(sandbox, { settings }).participants(query)[Symbol.asyncIterator]();
      const first = await pages.next();
      sandbox.injectFault({ kind: 'repeat_page', count, pathPattern: '/participants$' });
      const seen = [...(first.value.unchanged ?? []), ...first.value.records.map((r: CanonicalParticipant) => r.providerParticipantId)];
      if (count === 1) {
        for (let page = await pages.next(); !page.done; page = await pages.next()) seen.push(...(page.value.unchanged ?? []), ...page.value.records.map((r) => r.providerParticipantId));
        assert.deepEqual(seen.sort(), clean.map((r) => r.providerParticipantId).sort());
      } else {
        await assert.rejects(pages.next(), (error: any) => error.errorClass === 'transient' && /page 2 repeats page 1/.test(error.message));
      }
      await fetch(`${sandbox.endpoint('haku').origin}/_admin/faults`, { method: 'DELETE' });
    }
  });
  it('a first page older than a registration held (another read\'s last page) is asked again, so an incremental read misses nothing', async () => {
    const event = eventsOf(sandbox)[1]!;
    const settings = { pageSize: 20 };
    const clean = recordsOf(await collectPages(adapterFor(sandbox, { settings }).participants(queryOf(event))));
    const versions = versionsOf(clean);
    const newest = [...versions.values()].filter((v): v is string => v !== null).sort().at(-1)!;
    sandbox.clock.advance(600_000);
    const since = Math.floor(sandbox.clock.now().getTime() / 1000);
    const edited = sandbox.mutate({ event: event.id, edit: 2 }).edit.map((id) => `R-${id}`).sort();
    const readChanges = async (more: Partial<ParticipantsQuery>) => {
      // A full read ends on the list's last page; the skin then serves that page as the next read's page 1.
      await collectPages(adapterFor(sandbox, { settings }).participants(queryOf(event)));
      sandbox.injectFault({ kind: 'repeat_page', count: 1, pathPattern: '/participants$' });
      const query = queryOf(event, { modifiedSince: since, knownVersion: (key: string) => versions.get(key), ...more });
      const records = recordsOf(await collectPages(adapterFor(sandbox, { settings }).participants(query)));
      await fetch(`${sandbox.endpoint('haku').origin}/_admin/faults`, { method: 'DELETE' });
      return records.map((r) => r.providerParticipantId).sort();
    };
    // Without the newest version held, the stale page's old rows end the read at once.
    assert.deepEqual(await readChanges({}), []);
    assert.deepEqual(await readChanges({ newestKnownVersion: newest }), edited);
  });
});

describe('Haku participants without the summary\'s updated_at ([INFERRED], the skin can omit it)', () => {
  let sandbox: Sandbox;
  const recording = new RecordingFetch();

  before(async () => {
    sandbox = await startHaku({ eventsPerPartner: { haku: 1 }, registrationsPerRace: 30, haku: { summaryUpdatedAt: false } });
  });
  after(() => sandbox.close());

  it('takes the version from the detail, and an incremental read stops at the first detail older than the cursor', async () => {
    const event = eventsOf(sandbox)[0]!;
    const adapter = adapterFor(sandbox, { fetch: recording.fetch });
    const first = recordsOf(await collectPages(adapter.participants(queryOf(event))));
    const active = registrationsOf(sandbox, event).filter(({ r }) => r.status === 'active');
    assert.deepEqual(first.filter((r) => !r.cancelled).map(withoutRaw).sort(byKey), active.map(({ race, r }) => expectedRecord(race, r)).sort(byKey));
    sandbox.clock.advance(600_000);
    const change = sandbox.mutate({ event: event.id, edit: 2, cancel: 1 });
    recording.clear();
    const versions = versionsOf(first);
    const records = recordsOf(await collectPages(adapter.participants(queryOf(event, { modifiedSince: change.at, knownVersion: (key) => versions.get(key) }))));
    const touched = [...change.edit, ...change.cancel].map((id) => `R-${id}`).sort();
    assert.deepEqual(records.map((r) => r.providerParticipantId).sort(), touched);
    assert.equal(records.find((r) => r.providerParticipantId === `R-${change.cancel[0]}`)?.cancelled, true);
    assert.equal(recording.count(DETAIL), touched.length + 1, 'every changed row, and the first older one that ends the read');
  });

  it('trustSummaryUpdatedAt=false ignores a summary stamp the same way', async () => {
    const stamped = await startHaku({ eventsPerPartner: { haku: 1 }, registrationsPerRace: 10 });
    try {
      const event = eventsOf(stamped)[0]!;
      const local = new RecordingFetch();
      const adapter = adapterFor(stamped, { fetch: local.fetch, settings: { trustSummaryUpdatedAt: false } });
      const versions = versionsOf(recordsOf(await collectPages(adapter.participants(queryOf(event)))));
      local.clear();
      await collectPages(adapter.participants(queryOf(event, { knownVersion: (key) => versions.get(key) })));
      const cancelled = registrationsOf(stamped, event).filter(({ r }) => r.status !== 'active').length;
      assert.equal(local.count(DETAIL), registrationsOf(stamped, event).length - cancelled);
    } finally {
      await stamped.close();
    }
  });
});
