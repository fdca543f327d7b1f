import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RsuParticipant, RunSignupSandbox } from '../../../src/sandbox/index.js';
import { allParticipants, apiUrl, findRace, getJson, startSandbox } from './helpers.js';

describe('RunSignUp sandbox participants paging and filters', () => {
  let sandbox: RunSignupSandbox;
  let raceId: number;
  let eventIds: number[];

  before(async () => {
    sandbox = await startSandbox({ eventsPerRace: 3, participantsPerEvent: 120 });
    raceId = findRace(sandbox, 1, true);
    eventIds = sandbox.world.eventIds(raceId);
  });
  after(() => sandbox.close());

  const participantsUrl = (params: Record<string, string | number | undefined>) =>
    apiUrl(sandbox, `/race/${raceId}/participants`, params);

  it('returns one array element per event with an always-empty event.participants', async () => {
    const { body } = await getJson(participantsUrl({ event_id: eventIds[0], results_per_page: 5 }));
    assert.equal(body.length, 1);
    assert.deepEqual(body[0].event, { event_id: eventIds[0], participants: [] });
    assert.equal(body[0].participants.length, 5);
    const p = body[0].participants[0] as RsuParticipant;
    assert.deepEqual(Object.keys(p.user), [
      'user_id', 'first_name', 'middle_name', 'last_name', 'email', 'address', 'dob', 'gender', 'phone', 'profile_image_url',
    ]);
    assert.equal(typeof p.registration_id, 'number');
    assert.equal(typeof p.transaction_id, 'string');
    assert.match(p.registration_date, /^\d{1,2}\/\d{1,2}\/\d{4} \d{2}:\d{2}$/);
    assert.match(p.race_fee, /^\$\d+\.\d{2}$/);
    assert.equal(p.question_responses, undefined);
  });

  it('walks an event with after_registration_id and stops on a short last page', async () => {
    const expected = sandbox.world.participants(eventIds[0] as number).map((p) => p.registration_id);
    const pages: number[] = [];
    const seen: number[] = [];
    let afterId = 0;
    for (;;) {
      const { body } = await getJson(participantsUrl({
        event_id: eventIds[0], results_per_page: 50, sort: 'registration_id ASC', after_registration_id: afterId,
      }));
      const rows = allParticipants(body);
      pages.push(rows.length);
      seen.push(...rows.map((p) => p.registration_id));
      if (rows.length < 50) break;
      afterId = rows.at(-1)?.registration_id as number;
    }
    assert.deepEqual(pages, [50, 50, 20]);
    assert.deepEqual(seen, expected);
    const strictlyAfter = await getJson(participantsUrl({ event_id: eventIds[0], after_registration_id: expected[0] }));
    assert.equal(allParticipants(strictlyAfter.body)[0]?.registration_id, expected[1]);
  });

  it('pages by number with the same result as keyset paging', async () => {
    const expected = sandbox.world.participants(eventIds[1] as number).map((p) => p.registration_id);
    const seen: number[] = [];
    for (let page = 1; page <= 4; page++) {
      const { body } = await getJson(participantsUrl({ event_id: eventIds[1], results_per_page: 40, page }));
      seen.push(...allParticipants(body).map((p) => p.registration_id));
    }
    assert.deepEqual(seen, expected);
    const desc = await getJson(participantsUrl({ event_id: eventIds[1], results_per_page: 3, sort: 'registration_id DESC' }));
    assert.deepEqual(allParticipants(desc.body).map((p) => p.registration_id), expected.slice(-3).reverse());
  });

  it('merges a comma list of events before paging and splits the page back per event', async () => {
    const merged = eventIds
      .flatMap((id) => sandbox.world.participants(id))
      .sort((a, b) => a.registration_id - b.registration_id);
    const { body } = await getJson(participantsUrl({ event_id: eventIds.join(','), results_per_page: 100, page: 2 }));
    assert.deepEqual(body.map((e: { event: { event_id: number } }) => e.event.event_id), eventIds);
    const page = merged.slice(100, 200);
    for (const [i, eventId] of eventIds.entries()) {
      const expected = page.filter((p) => p.event_id === eventId).map((p) => p.registration_id);
      assert.deepEqual(body[i].participants.map((p: RsuParticipant) => p.registration_id), expected);
    }
    assert.equal(allParticipants(body).length, 100);
  });

  it('finds a participant by search_bib, registration_id, names and email', async () => {
    const people = sandbox.world.participants(eventIds[0] as number);
    const bibbed = people.find((p) => typeof p.bib_num === 'number') as RsuParticipant;
    const bySearch = await getJson(participantsUrl({ event_id: eventIds[0], search_bib: String(bibbed.bib_num) }));
    assert.deepEqual(allParticipants(bySearch.body).map((p) => p.registration_id), [bibbed.registration_id]);
    const byId = await getJson(participantsUrl({ event_id: eventIds[0], registration_id: bibbed.registration_id }));
    assert.deepEqual(allParticipants(byId.body).map((p) => p.registration_id), [bibbed.registration_id]);
    const byName = await getJson(participantsUrl({
      event_id: eventIds[0], first_name: bibbed.user.first_name.toUpperCase(), last_name: bibbed.user.last_name,
    }));
    assert.ok(allParticipants(byName.body).some((p) => p.registration_id === bibbed.registration_id));
    const nobody = await getJson(participantsUrl({ event_id: eventIds[0], search_bib: '999999' }));
    assert.deepEqual(nobody.body[0].participants, []);
  });

  it('adds question_responses only with include_questions=T', async () => {
    const { body } = await getJson(participantsUrl({ event_id: eventIds[0], results_per_page: 2, include_questions: 'T' }));
    const responses = body[0].participants[0].question_responses;
    assert.equal(responses.length, 2);
    assert.deepEqual(Object.keys(responses[0]), ['question_id', 'question_text', 'response']);
    assert.equal(typeof responses[0].question_id, 'string');
  });

  it('contains the awkward values adapters must survive', () => {
    const people = sandbox.world.eventIds().flatMap((id) => sandbox.world.participants(id));
    const bibs = people.map((p) => p.bib_num);
    assert.ok(bibs.includes(null), 'null bib');
    assert.ok(bibs.includes(''), 'empty-string bib');
    assert.ok(bibs.some((b) => typeof b === 'string' && /^\d+$/.test(b)), 'numeric-string bib');
    assert.ok(bibs.some((b) => typeof b === 'number'), 'number bib');
    assert.ok(people.some((p) => p.user.gender === null), 'null gender');
    assert.ok(people.some((p) => p.user.dob === null), 'null dob');
    assert.ok(people.some((p) => p.team_id !== null && p.team_name !== null), 'team');
    assert.ok(people.some((p) => /[^\x00-\x7f]/.test(p.user.first_name + p.user.last_name)), 'unicode name');
    assert.ok(people.some((p) => p.user.last_name.includes("'")), 'apostrophe');
    for (const p of people) {
      const cents = (money: string) => Math.round(Number(money.slice(1)) * 100);
      assert.equal(cents(p.amount_paid), cents(p.race_fee) + cents(p.processing_fee_paid_by_user));
    }
  });

  it('can omit the participants key of an empty page (captured-fixture quirk)', async () => {
    const quirky = await startSandbox({ omitEmptyParticipantsKey: true });
    try {
      const race = findRace(quirky, 1);
      const eventId = quirky.world.eventIds(race)[0];
      const empty = await getJson(apiUrl(quirky, `/race/${race}/participants`, { event_id: eventId, page: 99 }));
      assert.deepEqual(empty.body, [{ event: { event_id: eventId, participants: [] } }]);
      const full = await getJson(apiUrl(quirky, `/race/${race}/participants`, { event_id: eventId }));
      assert.ok(full.body[0].participants.length > 0);
    } finally {
      await quirky.close();
    }
  });
});
