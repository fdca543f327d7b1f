import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorld } from '../../../src/sandbox/world/index.js';
import { REGISTRATION_PROVIDERS } from '../../../src/sandbox/world/types.js';

const ANCHOR = new Date('2025-06-01T12:00:00Z');
const make = (seed: number) => createWorld({ seed, anchor: ANCHOR, clock: 'virtual' }).world;

describe('the neutral world: determinism and shape', () => {
  it('builds the same world from the same seed, and another from another seed', () => {
    const [a, b, c] = [make(5), make(5), make(6)];
    const dump = (w: ReturnType<typeof make>) =>
      JSON.stringify({ partners: w.partners, events: w.events.map((e) => ({ ...e, races: e.races.map((r) => ({ ...r, event: e.id })) })), regs: w.races.map((r) => w.registrations(r)) });
    assert.equal(dump(a), dump(b));
    assert.notEqual(dump(a), dump(c));
  });

  it('hosts events at every registration provider, scores some at a scoring provider, with ids per provider', () => {
    const world = make(5);
    for (const host of REGISTRATION_PROVIDERS) assert.equal(world.events.filter((e) => e.host === host).length, 10);
    const scored = world.events.filter((e) => e.scorer !== null);
    assert.ok(scored.length > 5 && scored.length < 25, `${scored.length} scored`);
    for (const event of world.events) {
      assert.ok(event.ids[event.host] !== undefined, `event ${event.id} has its host's id`);
      if (event.scorer) assert.ok(event.ids[event.scorer] !== undefined);
      for (const race of event.races) {
        assert.equal(world.raceAt(event.host, race.ids[event.host] as number | string), race);
        assert.equal(race.start >= event.start, true);
      }
      assert.equal(world.eventAt(event.host, event.ids[event.host] as number | string), event);
    }
    assert.match(String(world.events.find((e) => e.host === 'haku')?.ids.haku), /^[0-9a-f]{20}$/);
  });

  it('gives races only the distances asked for, and refuses a distance it does not know', () => {
    const world = createWorld({ seed: 5, anchor: ANCHOR, clock: 'virtual', racesPerEvent: 3, distances: ['10K', 'Marathon'] }).world;
    const names = new Set(world.races.map((r) => r.distance.name));
    assert.deepEqual([...names].sort(), ['10K', 'Marathon']);
    // Three races over two distances: the third is a second wave of one of them.
    assert.ok(world.events.every((e) => e.races.some((r) => r.name.endsWith('(Wave 2)'))));
    assert.throws(() => createWorld({ anchor: ANCHOR, distances: ['10K', '50K'] }), /distances takes names among 5K, 10K.*"50K"/);
    assert.throws(() => createWorld({ anchor: ANCHOR, distances: [] }), /distances takes names/);
  });

  it('gives registrations the awkward values adapters must survive', () => {
    const world = make(5);
    const all = world.races.flatMap((race) => world.registrations(race));
    const people = all.map((r) => r.person);
    assert.ok(people.some((p) => p.gender === 'X'), 'non-binary');
    assert.ok(people.some((p) => p.gender === null), 'unknown gender');
    assert.ok(people.some((p) => p.birthdate === null), 'no birthdate');
    assert.ok(people.some((p) => /[^\x00-\x7f]/.test(p.firstName + p.lastName)), 'unicode name');
    assert.ok(all.some((r) => r.bib === null) && all.some((r) => r.bib !== null));
    assert.ok(all.some((r) => r.status === 'cancelled') && all.some((r) => r.removedReason === 'transferred'));
    const ids = all.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'registration ids are unique across providers');
  });

  it('registers shared people in several races, at several providers, as one person', () => {
    const world = createWorld({ seed: 5, anchor: ANCHOR, clock: 'virtual', registrationsPerRace: 200, sharedPeopleShare: 0.3 }).world;
    const byPerson = new Map<number, Set<string>>();
    for (const race of world.races) {
      for (const r of world.registrations(race)) {
        const hosts = byPerson.get(r.person.id) ?? new Set();
        hosts.add(race.event.host);
        byPerson.set(r.person.id, hosts);
      }
    }
    assert.ok([...byPerson.values()].some((hosts) => hosts.size >= 2), 'someone registered at two providers');
    for (const race of world.races) {
      const persons = world.registrations(race).map((r) => r.person.id);
      assert.equal(new Set(persons).size, persons.length, 'nobody twice in one race');
    }
  });
});
