import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RsuRemovedParticipant, RunSignupSandbox } from '../../../src/sandbox/index.js';
import { ANCHOR, allParticipants, apiUrl, findRace, getJson, startSandbox } from './helpers.js';

describe('RunSignUp sandbox incremental sync: modified_after_timestamp and removed-participants', () => {
  let sandbox: RunSignupSandbox;
  let clock: Date;
  let raceId: number;
  let eventIds: number[];

  before(async () => {
    clock = new Date(ANCHOR.getTime() + 3_600_000);
    sandbox = await startSandbox({ eventsPerRace: 2, participantsPerEvent: 80, now: () => clock });
    raceId = findRace(sandbox, 1, false);
    eventIds = sandbox.world.eventIds(raceId);
  });
  after(() => sandbox.close());

  const modifiedSince = async (ts: number) => {
    const { body } = await getJson(apiUrl(sandbox, `/race/${raceId}/participants`, {
      event_id: eventIds.join(','), modified_after_timestamp: ts, results_per_page: 2500,
    }));
    return allParticipants(body).map((p) => p.registration_id).sort((a, b) => a - b);
  };

  it('returns only rows changed at or after the timestamp (inclusive) after a mutation', async () => {
    const at = Math.floor(clock.getTime() / 1000);
    assert.deepEqual(await modifiedSince(at), [], 'nothing is modified after the anchor yet');
    const summary = sandbox.mutate({ raceId, register: 3, assignBibs: 2, changeBibs: 1, edit: 2 });
    assert.equal(summary.at, at);
    assert.equal(summary.register.length, 3);
    assert.equal(summary.assignBibs.length, 2);
    assert.equal(summary.changeBibs.length, 1);
    assert.equal(summary.edit.length, 2);
    const changed = [...new Set([...summary.register, ...summary.assignBibs, ...summary.changeBibs, ...summary.edit])].sort((a, b) => a - b);
    assert.deepEqual(await modifiedSince(at), changed, 'inclusive: last_modified == ts is returned');
    assert.deepEqual(await modifiedSince(at + 1), []);
    const newest = Math.max(...summary.register);
    const all = eventIds.flatMap((id) => sandbox.world.participants(id).map((p) => p.registration_id));
    assert.equal(newest, Math.max(...all), 'new registrations get the highest ids');
  });

  it('gives assigned and changed bibs unique values within the race', async () => {
    const bibs = eventIds
      .flatMap((id) => sandbox.world.participants(id))
      .map((p) => p.bib_num)
      .filter((bib) => bib !== null && bib !== '')
      .map(String);
    assert.equal(new Set(bibs).size, bibs.length);
  });

  it('reports removals and transfers in removed-participants and keeps them out of participants', async () => {
    clock = new Date(clock.getTime() + 600_000);
    const at = Math.floor(clock.getTime() / 1000);
    let summary = sandbox.mutate({ raceId, remove: 12 });
    assert.equal(summary.remove.length, 12);
    // The mutation seed includes its number; keep removing until a transfer happened.
    while (summary.transfers.length === 0) summary = sandbox.mutate({ raceId, remove: 4 });
    const { body } = await getJson(apiUrl(sandbox, `/race/${raceId}/removed-participants`, {
      event_id: eventIds.join(','), modified_after_timestamp: at, results_per_page: 2500,
    }));
    assert.equal(body.length, eventIds.length);
    const removed: RsuRemovedParticipant[] = body.flatMap((e: { event: { participants: RsuRemovedParticipant[] } }) => e.event.participants);
    const removedIds = removed.map((r) => r.registration_id);
    for (const id of summary.remove) assert.ok(removedIds.includes(id));
    const transfer = summary.transfers[0];
    assert.ok(transfer);
    const record = removed.find((r) => r.registration_id === transfer.registrationId);
    assert.equal(record?.removed_reason, 'transferred');
    assert.equal(record?.new_registration_id, transfer.newRegistrationId);
    assert.match(record?.registration_date ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.match(record?.last_modified ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.ok((record?.last_modified_ts ?? 0) >= at);

    const active = await getJson(apiUrl(sandbox, `/race/${raceId}/participants`, { event_id: eventIds.join(','), results_per_page: 2500 }));
    const activeIds = allParticipants(active.body).map((p) => p.registration_id);
    assert.ok(!activeIds.includes(transfer.registrationId));
    assert.ok(activeIds.includes(transfer.newRegistrationId));
  });

  it('has removed participants with every reason in the base data', () => {
    const reasons = new Set(sandbox.world.eventIds().flatMap((id) => sandbox.world.removedParticipants(id).map((r) => r.removed_reason)));
    assert.ok(reasons.has('removed'));
    assert.ok(reasons.has('transferred'));
  });

  it('survives cache eviction: a regenerated event still shows its mutations', async () => {
    const tiny = await startSandbox({ cacheParticipants: 1, participantsPerEvent: 30, now: () => clock });
    try {
      const race = findRace(tiny, 1);
      const [eventId, otherEvent] = tiny.world.eventIds(race) as [number, number];
      const summary = tiny.mutate({ eventId, edit: 2, remove: 2, register: 1 });
      const before = JSON.stringify(tiny.world.participants(eventId));
      tiny.world.participants(otherEvent);
      assert.equal(JSON.stringify(tiny.world.participants(eventId)), before);
      const ids = tiny.world.participants(eventId).map((p) => p.registration_id);
      for (const id of summary.remove) assert.ok(!ids.includes(id));
      assert.ok(ids.includes(summary.register[0] as number));
      // Transfers land in the race's other event, so this event lost exactly the two removed.
      assert.equal(tiny.world.participantCount(eventId), 30 - 2 + 1);
      assert.equal(tiny.world.participants(eventId).length, 30 - 2 + 1);
    } finally {
      await tiny.close();
    }
  });

  it('can answer removed-participants as the single object of the official example', async () => {
    const official = await startSandbox({ removedShape: 'object' });
    try {
      const race = findRace(official, 1, true);
      const eventId = official.world.eventIds(race)[0];
      const { body } = await getJson(apiUrl(official, `/race/${race}/removed-participants`, { event_id: eventId }));
      assert.ok(!Array.isArray(body));
      assert.equal(body.event.event_id, eventId);
      assert.ok(Array.isArray(body.event.participants));
    } finally {
      await official.close();
    }
  });
});
