import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { CanonicalParticipant } from '../../../src/model/canonical.js';
import { athleteDoc, startCopernicoFixture, type CopernicoFixture, type FixtureReply } from './fixture-server.js';
import { adapterFor, collectPages, expectSyncError, FIXTURE_KEY, recordsOf } from './helpers.js';

const QUERY = { providerEventId: 'race-1', providerRaceIds: ['race-1/10K'] };
const ATHLETES = Array.from({ length: 30 }, (_, i) => athleteDoc(`A-${i + 1}`, { dorsal: String(100 + i) }, { name: i % 2 ? 'MarÃ\u00ada' : 'Lucía' }));
const RACE = { id: 'race-1', name: 'Carrera de la Mujer', date: '2025-10-05', startTime: 1759647600000, timezone: 'Europe/Madrid', events: [{ name: '10K', distance: 10000, startTime: 1759647600000 }] };

describe('Copernico bodies: gzip with or without a header, in any pieces', () => {
  let fixture: CopernicoFixture;
  before(async () => { fixture = await startCopernicoFixture(); });
  after(() => fixture.close());
  beforeEach(() => { fixture.requests.length = 0; });

  async function readWith(reply: Omit<FixtureReply, 'body'>): Promise<CanonicalParticipant[]> {
    fixture.routes.set('/race-1/athletes', { ...reply, body: ATHLETES });
    return recordsOf(await collectPages(adapterFor(fixture, { settings: { pageSize: 7 } }).participants(QUERY)));
  }

  const expectAll = (records: CanonicalParticipant[]) => {
    assert.deepEqual(records.map((r) => r.providerParticipantId), ATHLETES.map((a) => `race-1/${a.id}`));
    assert.deepEqual(new Set(records.map((r) => r.firstName)), new Set(['Lucía', 'María']));
  };

  it('reads a plain body, sent in pieces that split multi-byte characters', async () => {
    expectAll(await readWith({ pieceSize: 5 }));
  });

  it('reads gzip announced in Content-Encoding, and asks for gzip', async () => {
    expectAll(await readWith({ gzip: 'header', pieceSize: 300 }));
    assert.equal(fixture.requests[0]!.headers['accept-encoding'], 'gzip');
  });

  it('reads gzip sent without a Content-Encoding header (the CDN quirk), even one byte at a time', async () => {
    expectAll(await readWith({ gzip: 'silent' }));
    expectAll(await readWith({ gzip: 'silent', pieceSize: 1 }));
  });

  it('reads a silently gzipped race document too', async () => {
    fixture.routes.set('/race-1', { body: RACE, gzip: 'silent' });
    const [page] = await collectPages(adapterFor(fixture, { settings: { raceIds: ['race-1'] } }).discoverEvents({ includePast: true, now: new Date() }));
    assert.deepEqual(page!.records.map((e) => [e.providerEventId, e.name, e.races.map((r) => r.providerRaceId)]), [['race-1', 'Carrera de la Mujer', ['race-1/10K']]]);
  });

  it('a silent gzip that breaks off is transient, read again up to maxAttempts, without the key in the message', async () => {
    fixture.routes.set('/race-1/athletes', { body: ATHLETES, gzip: 'silent', cutAfter: 400 });
    const adapter = adapterFor(fixture, { settings: { maxAttempts: 2 } });
    await expectSyncError(collectPages(adapter.participants(QUERY)), 'transient', FIXTURE_KEY, /^Copernico GET \/race-1\/athletes: the response broke off \(unexpected end of file\)/);
    assert.equal(fixture.requests.length, 2);
  });
});
