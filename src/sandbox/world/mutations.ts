/**
 * Applies a WorldChange: new registrations, bib changes, edits, removals/transfers, cancellations
 * and result changes. Random choices come from (seed, mutation number), so replaying the same
 * mutations against the same options at the same clock gives the same world. Every changed
 * registration gets modified-at = now, which is what a modified-since filter finds.
 */
import { registrationIdOf, type WorldRace } from './catalog.js';
import { emptySummary, worldChangeSchema, type ChangeSummary, type WorldChange } from './change.js';
import { editRegistration } from './edits.js';
import { draftPerson, personIdOf } from './people.js';
import { createRandom, hashSeed, type Random } from './random.js';
import { draftRegistration } from './registrations.js';
import { ResultMutations } from './result-mutations.js';
import type { Registration, RemovedReason } from './types.js';
import { findCandidate, type UnitContext } from './candidates.js';
import type { World } from './world.js';

export class WorldMutator {
  private mutations = 0;
  private nextSlot: number;
  /** Next free bib per event, once a mutation has handed one out. */
  private readonly nextBibs = new Map<number, number>();
  private readonly results: ResultMutations;

  constructor(private readonly world: World) {
    this.nextSlot = world.catalog.firstNewSlot;
    this.results = new ResultMutations(world);
  }

  apply(input: WorldChange): ChangeSummary {
    const change = worldChangeSchema.parse(input);
    const targets = this.resolveTargets(change);
    this.mutations += 1;
    const random = createRandom(hashSeed(this.world.seed, 'mutation', this.mutations));
    const at = Math.floor(this.world.now());
    const context: UnitContext = { random, targets, at, touched: new Set(), summary: emptySummary(this.mutations, at) };
    const active = (r: Registration) => r.status === 'active';
    for (let i = 0; i < (change.register ?? 0); i++) this.register(context, random.pick(targets));
    this.forEach(context, change.assignBibs, (r) => active(r) && r.bib === null, (race, r) => this.setBib(context, race, r, 'assignBibs'));
    this.forEach(context, change.changeBibs, (r) => active(r) && r.bib !== null, (race, r) => this.setBib(context, race, r, 'changeBibs'));
    this.forEach(context, change.duplicateBibs, active, (race, r) => this.duplicateBib(context, race, r));
    this.forEach(context, change.edit, active, (race, r) => this.store(context, race, editRegistration(random, r, at), r, 'edit'));
    this.forEach(context, change.remove, active, (race, r) => this.remove(context, race, r));
    this.forEach(context, change.cancel, active, (race, r) =>
      this.store(context, race, { ...r, status: 'cancelled', endedAt: at, modifiedAt: at }, r, 'cancel'));
    this.results.apply(context, change);
    const summary = context.summary;
    summary.races = [...context.touched].map((race) => race.id).sort((a, b) => a - b);
    summary.events = [...new Set([...context.touched].map((race) => race.event.id))].sort((a, b) => a - b);
    return summary;
  }

  private resolveTargets(change: WorldChange): readonly WorldRace[] {
    if (change.race !== undefined) {
      const race = this.world.race(change.race);
      if (!race || (change.event !== undefined && race.event.id !== change.event)) {
        throw new RangeError(`race ${change.race} is not a race of event ${change.event ?? 'any'}`);
      }
      return [race];
    }
    if (change.event !== undefined) {
      const event = this.world.event(change.event);
      if (!event) throw new RangeError(`event ${change.event} does not exist`);
      return event.races;
    }
    if (change.provider !== undefined) {
      const races = this.world.eventsAt(change.provider).flatMap((event) => event.races);
      if (races.length === 0) throw new RangeError(`no event is at ${change.provider}`);
      return races;
    }
    return this.world.races;
  }

  /** Runs `act` on up to `n` distinct registrations matching `accepts` within the targets. */
  private forEach(context: UnitContext, n: number | undefined, accepts: (r: Registration) => boolean, act: (race: WorldRace, r: Registration) => void): void {
    const used = new Set<number>();
    for (let i = 0; i < (n ?? 0); i++) {
      const found = findCandidate(context, (race) => this.world.registrations(race).filter((r) => accepts(r) && !used.has(r.id)));
      if (!found) return;
      used.add(found.item.id);
      act(found.race, found.item);
    }
  }

  private store(context: UnitContext, race: WorldRace, next: Registration, previous: Registration | undefined, kind: 'register' | 'assignBibs' | 'changeBibs' | 'duplicateBibs' | 'edit' | 'remove' | 'cancel' | null): void {
    this.world.storeRegistration(race, next, previous);
    context.touched.add(race);
    if (kind) context.summary[kind].push(previous?.id ?? next.id);
  }

  private newRegistration(race: WorldRace, random: Random): { id: number; ordinal: number } {
    this.nextSlot += random.int(1, 3);
    return { id: registrationIdOf(this.world.catalog, this.nextSlot, race), ordinal: this.world.overlayFor(race).nextOrdinal++ };
  }

  private register(context: UnitContext, race: WorldRace): void {
    const { random, at } = context;
    const { id, ordinal } = this.newRegistration(race, random);
    const { person, age } = draftPerson(random, race, personIdOf(id));
    this.store(context, race, draftRegistration(random, race, { id, ordinal, registeredAt: at, modifiedAt: at, bib: null, person, age }), undefined, 'register');
  }

  private setBib(context: UnitContext, race: WorldRace, r: Registration, kind: 'assignBibs' | 'changeBibs'): void {
    const event = race.event;
    const bib = this.nextBibs.get(event.id) ?? event.firstFreeBib;
    this.nextBibs.set(event.id, bib + 1);
    this.store(context, race, { ...r, bib, modifiedAt: context.at }, r, kind);
  }

  /** Gives `r` the bib of another active registration of its race; none there, nothing changes. */
  private duplicateBib(context: UnitContext, race: WorldRace, r: Registration): void {
    const holders = this.world.registrations(race).filter((other) => other.status === 'active' && other.bib !== null && other.id !== r.id && other.bib !== r.bib);
    if (holders.length === 0) return;
    this.store(context, race, { ...r, bib: context.random.pick(holders).bib, modifiedAt: context.at }, r, 'duplicateBibs');
  }

  private remove(context: UnitContext, race: WorldRace, r: Registration): void {
    const { random, at } = context;
    const roll = random.next();
    const reason: RemovedReason = roll < 0.3 ? 'transferred' : roll < 0.45 ? 'deferred' : roll < 0.55 ? 'cleared' : 'removed';
    let newRegistrationId: number | null = null;
    if (reason === 'transferred') {
      // A transfer moves the runner to another race of the same event when there is one.
      const others = race.event.races.filter((other) => other !== race);
      const target = others.length > 0 ? random.pick(others) : race;
      const { id, ordinal } = this.newRegistration(target, random);
      newRegistrationId = id;
      const moved: Registration = { ...r, id, raceId: target.id, ordinal, bib: null, chip: null, registeredAt: at, modifiedAt: at };
      this.store(context, target, moved, undefined, null);
      context.summary.transfers.push({ registrationId: r.id, newRegistrationId: id });
    }
    const ended: Registration = { ...r, status: 'removed', removedReason: reason, newRegistrationId, endedAt: at, modifiedAt: at };
    this.store(context, race, ended, r, 'remove');
  }
}
