import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { upsertParticipants } from '../../src/sync/store/participants.js';
import { testEngines } from '../helpers/database.js';
import { call, makeTokens, participantRow, seedPartner, serveApi, type PartnerIds, type Served, type Tokens } from './helpers.js';

for (const engine of testEngines()) {
  describe(`API pagination (${engine.name})`, () => {
    let db: Database;
    let served: Served;
    let a: PartnerIds;
    let tokens: Tokens;

    before(async () => {
      db = await engine.open();
      a = await seedPartner(db, 'Alpha', 1500);
      const b = await seedPartner(db, 'Beta', 10);
      tokens = await makeTokens(db, a.partnerId, b.partnerId);
      served = await serveApi(db);
    });
    after(async () => {
      await served?.close();
      await db?.close();
    });

    it('never skips or repeats a row while rows are being written', async () => {
      const before = new Set(a.participantIds);
      let stop = false;
      let written = 0;
      // A writer inserting new registrations and changing bibs of existing ones, all through the page walk.
      const writer = (async () => {
        for (let round = 0; !stop && round < 400; round++) {
          const fresh = participantRow(a.partnerId, a.connectionId, a.eventId, a.raceId, String(900000 + round), `n${round}`);
          const changed = participantRow(a.partnerId, a.connectionId, a.eventId, a.raceId, String(3000 + ((round * 37) % 1500)), `c${round}`);
          await upsertParticipants(db, [fresh, changed]);
          written += 1;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await call(served.url, `/v1/participants?race_id=${a.raceId}&limit=97${cursor ? `&cursor=${cursor}` : ''}`, { token: tokens.a });
        assert.equal(res.status, 200, res.text);
        seen.push(...res.body.data.map((p: { participant_id: number }) => p.participant_id));
        cursor = res.body.next_cursor;
        pages += 1;
      } while (cursor);
      stop = true;
      await writer;
      assert.ok(written > 0 && pages >= 16, `${written} writes during ${pages} pages`);
      assert.equal(new Set(seen).size, seen.length, 'no row twice');
      for (const id of before) assert.ok(seen.includes(id), `participant ${id} was skipped`);
      assert.deepEqual(seen, [...seen].sort((x, y) => x - y), 'in key order');
    });

    it('answers a list with an ETag, 304 for If-None-Match, and a new ETag once rows change', async () => {
      const path = `/v1/participants?race_id=${a.raceId}&limit=5`;
      const first = await call(served.url, path, { token: tokens.a });
      const etag = first.headers.get('etag')!;
      assert.match(etag, /^W\/"/);
      const again = await call(served.url, path, { token: tokens.a, headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
      assert.equal(again.text, '');
      await upsertParticipants(db, [participantRow(a.partnerId, a.connectionId, a.eventId, a.raceId, '3000', 'changed')]);
      const changed = await call(served.url, path, { token: tokens.a, headers: { 'if-none-match': etag } });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
    });

    it('pages runs, targets and alerts newest first without repeats', async () => {
      const all: number[] = [];
      let cursor: string | null = null;
      do {
        const res = await call(served.url, `/v1/alerts?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: tokens.admin });
        all.push(...res.body.data.map((x: { id: number }) => x.id));
        cursor = res.body.next_cursor;
      } while (cursor);
      assert.equal(all.length, 2);
      assert.ok(all[0]! > all[1]!);
    });
  });
}
