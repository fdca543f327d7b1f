/**
 * Applies a WorldChange: new registrations, bib changes, edits, removals/transfers and posted
 * results. Random choices come from (seed, mutation number), so replaying the same mutations
 * against the same options at the same clock gives the same world. Every changed registration gets
 * last_modified = now(), which is what modified_after_timestamp finds.
 */
import { z } from 'zod';
import { registrationIdOf, type CatalogEvent } from './catalog.js';
import { EASTERN, formatUsDateTime } from './formats.js';
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from './names.js';
import { buildParticipant, toRemovedParticipant, userIdOf } from './participants.js';
import { draftEmail, draftPerson, draftTeam } from './people.js';
import { createRandom, hashSeed, type Random } from './random.js';
import { appendResultRows } from './result-mutations.js';
import type { RemovedReason, RsuParticipant } from './shapes.js';
import type { MutationSummary, WorldChange } from './types.js';
import { searchById, type RunSignupWorld } from './world.js';

const count = z.number().int().min(0).max(1_000_000).optional();

export const worldChangeSchema = z
  .object({
    raceId: z.number().int().optional(),
    eventId: z.number().int().optional(),
    register: count,
    assignBibs: count,
    changeBibs: count,
    edit: count,
    remove: count,
    results: count,
  })
  .strict();

/** How many events a random (untargeted) unit tries before giving up on finding a candidate. */
const RANDOM_TRIES = 25;

export class WorldMutator {
  private mutations = 0;
  private nextSlot: number;
  readonly ids: { nextResultId: number; nextResultSetId: number };

  constructor(private readonly world: RunSignupWorld) {
    this.nextSlot = world.catalog.firstNewSlot;
    this.ids = { nextResultId: world.catalog.firstNewResultId, nextResultSetId: world.catalog.firstNewResultSetId };
  }

  apply(input: WorldChange, now: Date): MutationSummary {
    const change = worldChangeSchema.parse(input);
    const targets = this.resolveTargets(change);
    this.mutations += 1;
    const random = createRandom(hashSeed(this.world.seed, 'mutation', this.mutations));
    const at = Math.floor(now.getTime() / 1000);
    const summary: MutationSummary = {
      mutation: this.mutations,
      at,
      register: [],
      assignBibs: [],
      changeBibs: [],
      edit: [],
      remove: [],
      transfers: [],
      results: [],
      resultSetsCreated: [],
      eventIds: [],
    };
    const touched = new Set<number>();
    const context: UnitContext = { random, targets, at, touched, summary };
    for (let i = 0; i < (change.register ?? 0); i++) this.register(context, random.pick(targets));
    this.forEachCandidate(context, change.assignBibs, (p) => !hasBib(p), (event, p) => this.setBib(context, event, p, 'assignBibs'));
    this.forEachCandidate(context, change.changeBibs, hasBib, (event, p) => this.setBib(context, event, p, 'changeBibs'));
    this.forEachCandidate(context, change.edit, () => true, (event, p) => this.edit(context, event, p));
    this.forEachCandidate(context, change.remove, () => true, (event, p) => this.remove(context, event, p));
    if (change.results) this.postResults(context, change.results);
    summary.eventIds = [...touched].sort((a, b) => a - b);
    return summary;
  }

  private resolveTargets(change: WorldChange): CatalogEvent[] {
    if (change.eventId !== undefined) {
      const event = this.world.findEvent(change.eventId);
      if (!event || (change.raceId !== undefined && event.race.raceId !== change.raceId)) {
        throw new RangeError(`event ${change.eventId} is not an event of race ${change.raceId ?? 'any'}`);
      }
      return [event];
    }
    if (change.raceId !== undefined) {
      const race = this.world.findRace(change.raceId);
      if (!race) throw new RangeError(`race ${change.raceId} does not exist`);
      return race.events;
    }
    return this.world.catalog.events;
  }

  /** Runs `act` on up to `n` distinct participants matching `accepts` within the targets. */
  private forEachCandidate(
    context: UnitContext,
    n: number | undefined,
    accepts: (p: RsuParticipant) => boolean,
    act: (event: CatalogEvent, p: RsuParticipant) => void,
  ): void {
    const used = new Set<number>();
    for (let i = 0; i < (n ?? 0); i++) {
      const found = this.findCandidate(context, (p) => accepts(p) && !used.has(p.registration_id));
      if (!found) return;
      used.add(found.participant.registration_id);
      act(found.event, found.participant);
    }
  }

  private findCandidate(context: UnitContext, accepts: (p: RsuParticipant) => boolean) {
    const { random, targets } = context;
    const order =
      targets.length <= RANDOM_TRIES
        ? random.shuffle([...targets])
        : Array.from({ length: RANDOM_TRIES }, () => random.pick(targets));
    for (const event of order) {
      const candidates = this.world.view(event).active.filter(accepts);
      if (candidates.length > 0) return { event, participant: random.pick(candidates) };
    }
    return undefined;
  }

  private newRegistrationId(event: CatalogEvent, random: Random): number {
    this.nextSlot += random.int(1, 3);
    return registrationIdOf(this.world.catalog, this.nextSlot, event);
  }

  private register(context: UnitContext, event: CatalogEvent): void {
    const { random, at } = context;
    const registrationId = this.newRegistrationId(event, random);
    const person = draftPerson(random, event, userIdOf(registrationId));
    const bib = random.chance(0.7) ? null : '';
    const draft = { registrationId, registeredAt: at, lastModified: at, bib, person, team: draftTeam(random, event) };
    this.add(context, event, buildParticipant(this.world.catalog, event, random, draft));
    context.summary.register.push(registrationId);
  }

  private add(context: UnitContext, event: CatalogEvent, participant: RsuParticipant): void {
    this.world.overlayFor(event.eventId).added.push(participant);
    this.world.cachedView(event.eventId)?.active.push(participant);
    context.touched.add(event.eventId);
  }

  private replace(context: UnitContext, event: CatalogEvent, participant: RsuParticipant): void {
    this.world.overlayFor(event.eventId).edits.set(participant.registration_id, participant);
    const view = this.world.cachedView(event.eventId);
    const position = view ? searchById(view.active, participant.registration_id) : undefined;
    if (view && position?.found) view.active[position.index] = participant;
    context.touched.add(event.eventId);
  }

  private setBib(context: UnitContext, event: CatalogEvent, p: RsuParticipant, kind: 'assignBibs' | 'changeBibs'): void {
    const raceId = event.race.raceId;
    const bib = this.world.nextBibs.get(raceId) ?? event.race.firstFreeBib;
    this.world.nextBibs.set(raceId, bib + 1);
    this.replace(context, event, { ...p, bib_num: bib, last_modified: context.at });
    context.summary[kind].push(p.registration_id);
  }

  private edit(context: UnitContext, event: CatalogEvent, p: RsuParticipant): void {
    const { random } = context;
    const roll = random.next();
    let user = p.user;
    let age = p.age;
    if (roll < 0.4) {
      const names = p.user.gender === 'F' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES;
      user = random.chance(0.5) ? { ...user, first_name: random.pick(names) } : { ...user, last_name: random.pick(LAST_NAMES) };
    } else if (roll < 0.7) {
      user = { ...user, email: draftEmail(random, user.first_name, user.last_name) ?? `${p.registration_id}@example.com` };
    } else {
      // A corrected birth year: dob and age move together.
      const shift = random.chance(0.5) ? 1 : -1;
      age = Math.max(1, (p.age ?? 30) + shift);
      user = { ...user, dob: user.dob === null ? null : shiftYear(user.dob, -shift) };
    }
    this.replace(context, event, { ...p, user, age, last_modified: context.at });
    context.summary.edit.push(p.registration_id);
  }

  private remove(context: UnitContext, event: CatalogEvent, p: RsuParticipant): void {
    const { random, at } = context;
    const roll = random.next();
    const reason: RemovedReason = roll < 0.3 ? 'transferred' : roll < 0.45 ? 'deferred' : roll < 0.55 ? 'cleared' : 'removed';
    let newRegistrationId: number | null = null;
    if (reason === 'transferred') {
      // A transfer moves the runner to another distance of the same race when there is one.
      const others = event.race.events.filter((e) => e.eventId !== event.eventId);
      const target = others.length > 0 ? random.pick(others) : event;
      newRegistrationId = this.newRegistrationId(target, random);
      const moved: RsuParticipant = {
        ...p,
        registration_id: newRegistrationId,
        event_id: target.eventId,
        bib_num: null,
        chip_num: null,
        registration_date: formatUsDateTime(at, EASTERN),
        last_modified: at,
      };
      this.add(context, target, moved);
      context.summary.transfers.push({ registrationId: p.registration_id, newRegistrationId });
    }
    const record = toRemovedParticipant(p, reason, newRegistrationId, at);
    this.world.overlayFor(event.eventId).removed.set(p.registration_id, record);
    const view = this.world.cachedView(event.eventId);
    if (view) {
      const position = searchById(view.active, p.registration_id);
      if (position.found) view.active.splice(position.index, 1);
      view.removed.splice(searchById(view.removed, p.registration_id).index, 0, record);
    }
    context.touched.add(event.eventId);
    context.summary.remove.push(p.registration_id);
  }

  private postResults(context: UnitContext, n: number): void {
    // Untargeted results go to past events first: that is where timers post.
    const past = context.targets.filter((event) => event.past);
    const pool = past.length > 0 ? past : context.targets;
    let remaining = n;
    for (let tries = 0; remaining > 0 && tries < RANDOM_TRIES; tries++) {
      const event = context.random.pick(pool);
      const posted = appendResultRows(this.world, this.ids, event, remaining, context.random);
      if (posted.createdSetId !== null) context.summary.resultSetsCreated.push(posted.createdSetId);
      if (posted.registrationIds.length > 0 || posted.createdSetId !== null) context.touched.add(event.eventId);
      context.summary.results.push(...posted.registrationIds);
      remaining -= posted.registrationIds.length;
      if (pool.length === 1 && posted.registrationIds.length === 0) break;
    }
  }
}

interface UnitContext {
  random: Random;
  targets: CatalogEvent[];
  at: number;
  touched: Set<number>;
  summary: MutationSummary;
}

function hasBib(p: RsuParticipant): boolean {
  return p.bib_num !== null && p.bib_num !== '';
}

/** "1988-02-29" shifted by a year becomes "1987-02-28", not an invalid date. */
function shiftYear(dob: string, years: number): string {
  const year = Number(dob.slice(0, 4)) + years;
  const monthDay = dob.slice(4) === '-02-29' ? '-02-28' : dob.slice(4);
  return `${year}${monthDay}`;
}
