/**
 * One race's registrations, generated on demand from (seed, race id). Nothing here is stored: the
 * world caches a few generated races and regenerates the rest when asked again. About 3 % of them
 * ended before the anchor (removed with a reason, transferred to a later registration, or cancelled).
 */
import { registrationIdOf, type Catalog, type WorldRace } from './catalog.js';
import { SHIRT_SIZES } from './names.js';
import { draftPerson, draftTeam, personIdOf, sharedPerson, ageAt } from './people.js';
import { createRandom, hashSeed, type Random } from './random.js';
import type { Person, Registration, RegistrationStatus, RemovedReason } from './types.js';

export interface Payment {
  raceFeeCents: number;
  processingFeeCents: number;
  paidByUserCents: number;
  offlineCents: number;
  paidCents: number;
}

/** The fee split of a registration: a 5 % processing fee the event may absorb; imports paid offline. */
export function paymentOf(race: WorldRace, listFeeCents: number, imported: boolean): Payment {
  const raceFee = imported ? 0 : listFeeCents;
  const processing = Math.round(raceFee * 0.05);
  const paidByUser = race.event.feeAbsorbed ? 0 : processing;
  return {
    raceFeeCents: raceFee,
    processingFeeCents: processing,
    paidByUserCents: paidByUser,
    offlineCents: imported ? listFeeCents : 0,
    paidCents: raceFee + paidByUser,
  };
}

export interface DraftInput {
  id: number;
  ordinal: number;
  registeredAt: number;
  modifiedAt: number;
  bib: number | null;
  person: Person;
  age: number | null;
}

/** A new active registration; the remaining choices (team, chip, shirt, payment) are drawn here. */
export function draftRegistration(random: Random, race: WorldRace, input: DraftInput): Registration {
  const team = draftTeam(random, race);
  const imported = random.chance(0.01);
  const listFeeCents = input.registeredAt < race.earlyUntil ? race.earlyFeeCents : race.feeCents;
  const shirt = random.chance(0.8) ? (SHIRT_SIZES[random.int(0, SHIRT_SIZES.length - 1)] as string) : null;
  const chip = input.bib !== null && random.chance(0.25) ? `E${String((input.bib * 7919) % 1_000_000).padStart(6, '0')}` : null;
  return {
    id: input.id,
    raceId: race.id,
    ordinal: input.ordinal,
    person: input.person,
    age: input.age,
    bib: input.bib,
    chip,
    team,
    listFeeCents,
    imported,
    paidCents: paymentOf(race, listFeeCents, imported).paidCents,
    shirtSize: shirt,
    registeredAt: input.registeredAt,
    modifiedAt: input.modifiedAt,
    status: 'active',
    endedAt: null,
    removedReason: null,
    newRegistrationId: null,
  };
}

function bibProbability(race: WorldRace, anchor: number): number {
  if (race.past) return 0.96;
  return race.start - anchor <= 14 * 86_400 ? 0.85 : 0.3;
}

/** Sorted registration instants, denser near the close as real sign-ups are. */
function draftRegistrationTimes(random: Random, race: WorldRace, n: number): number[] {
  const span = Math.max(1, race.registrationCloses - race.registrationOpens);
  const times = Array.from({ length: n }, () => race.registrationOpens + Math.floor(Math.pow(random.next(), 0.6) * span));
  return times.sort((a, b) => a - b);
}

/** A person for one registration: usually new, sometimes one of the shared pool (never twice per race). */
function pickPerson(random: Random, context: GenerationContext, race: WorldRace, id: number): { person: Person; age: number | null } {
  if (random.chance(context.sharedShare)) {
    const index = random.int(0, context.catalog.sharedPeople - 1);
    if (!context.usedShared.has(index)) {
      context.usedShared.add(index);
      const person = sharedPerson(context.seed, index, context.catalog.anchor);
      return { person, age: ageAt(person, race) };
    }
  }
  return draftPerson(random, race, personIdOf(id));
}

interface GenerationContext {
  catalog: Catalog;
  seed: number;
  sharedShare: number;
  usedShared: Set<number>;
}

function pickEnd(random: Random): { status: RegistrationStatus; reason: RemovedReason | null } {
  const roll = random.next();
  if (roll < 0.1) return { status: 'cancelled', reason: null };
  const reason: RemovedReason = roll < 0.55 ? 'removed' : roll < 0.75 ? 'transferred' : roll < 0.9 ? 'deferred' : 'cleared';
  return { status: 'removed', reason };
}

/** Every registration of a race, ascending id: `count` active ones and `endedCount` ended ones. */
export function generateRegistrations(catalog: Catalog, seed: number, sharedShare: number, race: WorldRace): Registration[] {
  const random = createRandom(hashSeed(seed, 'registrations', race.id));
  const total = race.count + race.endedCount;
  const times = draftRegistrationTimes(random, race, total);
  const ended = new Set(random.shuffle(Array.from({ length: total }, (_, i) => i)).slice(0, race.endedCount));
  const hasBibChance = bibProbability(race, catalog.anchor);
  const latest = catalog.anchor - 60;
  const context: GenerationContext = { catalog, seed, sharedShare, usedShared: new Set() };

  const registrations: Registration[] = [];
  let previousSlot = -1;
  for (let i = 0; i < total; i++) {
    const registeredAt = times[i] as number;
    const slot = Math.max(Math.floor((registeredAt - catalog.slotOrigin) / catalog.slotSeconds), previousSlot + 1);
    previousSlot = slot;
    const id = registrationIdOf(catalog, slot, race);
    const edited = random.chance(0.25);
    const modifiedAt = Math.min(latest, edited ? random.int(registeredAt, latest) : registeredAt + random.int(0, 300));
    const bib = random.chance(hasBibChance) ? race.bibBase + i : null;
    const { person, age } = pickPerson(random, context, race, id);
    registrations.push(draftRegistration(random, race, { id, ordinal: i, registeredAt, modifiedAt, bib, person, age }));
  }
  registrations.forEach((registration, i) => {
    if (!ended.has(i)) return;
    let { status, reason } = pickEnd(random);
    // A transfer points at a later active registration of the same race (the new holder).
    const target = reason === 'transferred' ? findActiveAfter(registrations, ended, random.int(i + 1, total)) : null;
    if (reason === 'transferred' && target === null) reason = 'removed';
    const endedAt = Math.min(latest, random.int(registration.registeredAt + 3600, Math.max(registration.registeredAt + 3600, latest)));
    registrations[i] = { ...registration, status, removedReason: reason, newRegistrationId: target, endedAt, modifiedAt: endedAt };
  });
  return registrations;
}

function findActiveAfter(registrations: Registration[], ended: Set<number>, from: number): number | null {
  for (let k = from; k < registrations.length; k++) {
    if (!ended.has(k)) return (registrations[k] as Registration).id;
  }
  return null;
}
