import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncError } from '../../../src/errors.js';
import { memoryTokenStore } from '../../../src/providers/http/token-auth.js';
import { createRaceRosterAdapter } from '../../../src/providers/raceroster/index.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { WorldEvent } from '../../../src/sandbox/world/index.js';
import { listedParticipants, withoutRaw } from './expected.js';
import { FIXTURE_CREDENTIALS, listOf, startFixture, type FixtureHandler } from './fixture-server.js';
import { adapterFor, collectPages, eventsOf, recordingFetch, startRaceRoster } from './helpers.js';

const queryOf = (event: WorldEvent) => ({ providerEventId: String(event.ids.raceroster), providerRaceIds: event.races.map((r) => String(r.ids.raceroster)) });

describe('Race Roster paging under the skin\'s faults', () => {
  let sandbox: Sandbox;
  let event: WorldEvent;

  before(async () => {
    sandbox = await startRaceRoster({ eventsPerPartner: { raceroster: 2 }, registrationsPerRace: 130, pastShare: 0 });
    event = eventsOf(sandbox)[0]!;
  });
  after(() => sandbox.close());

  const readAll = async (settings: Record<string, unknown> = {}) => {
    const recorder = recordingFetch();
    const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch, settings }).participants(queryOf(event)));
    return { pages, recorder, records: pages.flatMap((p) => p.records.map(withoutRaw)) };
  };

  for (const kind of ['empty_page', 'repeat_page'] as const) {
    it(`${kind} mid-read: the page is asked for once more and the read is whole`, async () => {
      const recorder = recordingFetch();
      const adapter = adapterFor(sandbox, { fetch: recorder.fetch });
      const stream = adapter.participants(queryOf(event))[Symbol.asyncIterator]();
      const pages = [(await stream.next()).value!];
      // The second participants page (offset 100) is the one that comes back wrong.
      sandbox.injectFault({ kind, pathPattern: '/participants$', count: 1 });
      for (let next = await stream.next(); !next.done; next = await stream.next()) pages.push(next.value);
      assert.deepEqual(pages.flatMap((p) => p.records.map(withoutRaw)), listedParticipants(sandbox.world, event.races));
      const offsets = recorder.to('/participants').map((url) => url.searchParams.get('offset'));
      assert.deepEqual(offsets, ['0', '100', '100', '200']);
    });
  }

  it('repeat_page on the first page of a read (the last page of the read before) is asked for again', async () => {
    await collectPages(adapterFor(sandbox).participants(queryOf(event)));
    sandbox.injectFault({ kind: 'repeat_page', pathPattern: '/participants$', count: 1 });
    const { records, recorder } = await readAll();
    assert.deepEqual(records, listedParticipants(sandbox.world, event.races));
    assert.deepEqual(recorder.to('/participants').map((url) => url.searchParams.get('offset')), ['0', '0', '100', '200']);
  });

  it('a page that stays wrong fails the read as transient instead of leaving a gap', async () => {
    sandbox.injectFault({ kind: 'empty_page', pathPattern: '/participants$', count: 2 });
    await assert.rejects(
      collectPages(adapterFor(sandbox).participants(queryOf(event))),
      (error: SyncError) => error.errorClass === 'transient' && /page at offset 0 is empty although totalCount is \d+/.test(error.message),
    );
    await fetch(`${sandbox.endpoint('raceroster').origin}/_admin/faults`, { method: 'DELETE' });
  });

  for (const kind of ['truncated', 'malformed', '5xx', 'reset'] as const) {
    it(`${kind}: retried by the client, the read is whole`, async () => {
      sandbox.injectFault({ kind, pathPattern: '/participants$', count: 1 });
      const { records, recorder } = await readAll();
      assert.deepEqual(records, listedParticipants(sandbox.world, event.races));
      assert.equal(recorder.to('/participants').length, 4, 'one page asked twice');
    });
  }

  it('timeout: given up after timeoutMs and retried', async () => {
    sandbox.injectFault({ kind: 'timeout', pathPattern: '/participants$', count: 1 });
    const { records } = await readAll({ timeoutMs: 300 });
    assert.deepEqual(records, listedParticipants(sandbox.world, event.races));
  });
});

describe('Race Roster paging stop rules against a scripted server', () => {
  const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ resultId: from + i, subEventId: 5, status: 'finished', active: true }));

  async function readResults(handler: FixtureHandler, settings: Record<string, unknown> = {}) {
    const fixture = await startFixture(handler);
    try {
      const adapter = createRaceRosterAdapter({
        baseUrl: fixture.baseUrl, authUrl: null, credentials: FIXTURE_CREDENTIALS, fetch: (u, i) => fetch(u, i), settings: { retryBaseMs: 1, ...settings }, tokens: memoryTokenStore(),
      });
      const pages = await collectPages(adapter.results!({ providerEventId: '1', providerRaceId: '5' }));
      return { pages, requests: fixture.requests.filter((r) => r.path.endsWith('/results')) };
    } finally {
      await fixture.close();
    }
  }
  const offsetOf = (query: URLSearchParams) => Number(query.get('offset') ?? 0);

  it('without metadata, a short page ends the list', async () => {
    const { pages, requests } = await readResults(({ query }) => ({ body: { data: rows(offsetOf(query), Math.min(offsetOf(query) + 100, 150)) } }));
    assert.deepEqual(pages.map((p) => [p.records.length, p.resumeAfter, p.total]), [[100, '100', undefined], [50, null, undefined]]);
    assert.equal(requests.length, 2);
  });

  it('a server that clamps harder than asked is followed to the total', async () => {
    const { pages } = await readResults(({ query }) => {
      const offset = offsetOf(query);
      return { body: listOf(rows(offset, Math.min(offset + 30, 75)), 75, Math.floor(offset / 30) + 1, 30) };
    });
    assert.deepEqual(pages.map((p) => [p.records.length, p.resumeAfter]), [[30, '30'], [30, '60'], [15, null]]);
  });

  it('a server that ignores offset repeats page one: read once more, then transient', async () => {
    await assert.rejects(
      readResults(() => ({ body: { data: rows(0, 100), metadata: { totalCount: 250 } } })),
      (error: SyncError) => error.errorClass === 'transient' && /page at offset 100 repeats the previous page/.test(error.message),
    );
  });

  it('a server whose metadata says page 1 for every offset is read whole', async () => {
    const { pages } = await readResults(({ query }) => {
      const offset = offsetOf(query);
      return { body: listOf(rows(offset, Math.min(offset + 100, 250)), 250, 1, 100) };
    });
    assert.deepEqual(pages.map((p) => [p.records.length, p.resumeAfter]), [[100, '100'], [100, '200'], [50, null]]);
  });

  it('in page style, an answer for another page number is asked for again', async () => {
    let served = 0;
    const { pages, requests } = await readResults(({ query }) => {
      const page = Number(query.get('page'));
      served += 1;
      const answered = served === 2 ? 1 : page;
      return { body: listOf(rows((answered - 1) * 100, Math.min(answered * 100, 150)), 150, answered, 100) };
    }, { pagingStyle: 'page' });
    assert.deepEqual(pages.flatMap((p) => p.records.map((r) => Number(r.providerResultId))), rows(0, 150).map((r) => r.resultId));
    assert.deepEqual(requests.map((r) => r.query.get('page')), ['1', '2', '2']);
  });

  it('a stale page (its page number belongs elsewhere) is not taken for the one asked', async () => {
    let served = 0;
    const { pages } = await readResults(({ query }) => {
      const offset = offsetOf(query);
      served += 1;
      // The first answer for offset 0 is a leftover page 2.
      if (served === 1) return { body: listOf(rows(100, 200), 150, 2, 100) };
      return { body: listOf(rows(offset, Math.min(offset + 100, 150)), 150, offset / 100 + 1, 100) };
    });
    assert.deepEqual(pages.flatMap((p) => p.records.map((r) => Number(r.providerResultId))), rows(0, 150).map((r) => r.resultId));
  });
});
