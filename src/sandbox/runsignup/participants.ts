/**
 * One event's registrations, generated on demand from (seed, event id). Nothing here is stored:
 * the world caches a few generated events and regenerates the rest when asked again.
 */
import { registrationIdOf, type Catalog, type CatalogEvent, type CatalogRace } from './catalog.js';
import { EASTERN, formatIsoDateTime, formatMoney, formatUsDateTime, parseUsDateTime } from './formats.js';
import { SHIRT_SIZES } from './names.js';
import { draftPerson, draftTeam, type Person, type Team } from './people.js';
import { createRandom, hashSeed, type Random } from './random.js';
import type { RemovedReason, RsuParticipant, RsuQuestionResponse, RsuRemovedParticipant } from './shapes.js';

export interface GeneratedEvent {
  /** Ascending registration_id. */
  active: RsuParticipant[];
  /** Ascending registration_id. */
  removed: RsuRemovedParticipant[];
}

export interface RegistrationDraft {
  registrationId: number;
  registeredAt: number;
  lastModified: number;
  bib: number | string | null;
  person: Person;
  team: Team;
}

export function userIdOf(registrationId: number): number {
  return registrationId + 40_000_000;
}

/** Bib as the API shows it: mostly a number, sometimes a numeric string, null or "" when unassigned. */
export function styleBib(random: Random, bib: number | null): number | string | null {
  if (bib === null) return random.chance(0.7) ? null : '';
  return random.chance(0.1) ? String(bib) : bib;
}

function bibProbability(event: CatalogEvent, anchor: number): number {
  if (event.past) return 0.96;
  return event.start - anchor <= 14 * 86_400 ? 0.85 : 0.3;
}

/** Sorted registration instants, denser near the close as real sign-ups are. */
function draftRegistrationTimes(random: Random, event: CatalogEvent, n: number): number[] {
  const span = Math.max(1, event.registrationCloses - event.registrationOpens);
  const times = Array.from({ length: n }, () => event.registrationOpens + Math.floor(Math.pow(random.next(), 0.6) * span));
  return times.sort((a, b) => a - b);
}

export function buildParticipant(catalog: Catalog, event: CatalogEvent, random: Random, draft: RegistrationDraft): RsuParticipant {
  const race = event.race;
  const imported = random.chance(0.01);
  const listFee = draft.registeredAt < event.earlyUntil ? event.earlyFeeCents : event.feeCents;
  const raceFee = imported ? 0 : listFee;
  const processingFee = Math.round(raceFee * 0.05);
  const paidByUser = race.feeAbsorbed ? 0 : processingFee;
  const shirt = random.chance(0.8) ? random.int(0, SHIRT_SIZES.length - 1) : null;
  const bibText = draft.bib === null || draft.bib === '' ? null : Number(draft.bib);
  return {
    user: draft.person.user,
    registration_id: draft.registrationId,
    event_id: event.eventId,
    rsu_transaction_id: 250_000 + Math.floor((draft.registrationId - 10_000_000) / 7),
    transaction_id: `ay_${hashSeed('tx', draft.registrationId).toString(16).toUpperCase()}${draft.registrationId % 97}C_0`,
    bib_num: draft.bib,
    chip_num: bibText !== null && random.chance(0.25) ? `E${String((bibText * 7919) % 1_000_000).padStart(6, '0')}` : null,
    age: draft.person.age,
    registration_date: formatUsDateTime(draft.registeredAt, EASTERN),
    ...draft.team,
    last_modified: draft.lastModified,
    imported: imported ? 'T' : 'F',
    race_fee: formatMoney(raceFee),
    offline_payment_amount: formatMoney(imported ? listFee : 0),
    processing_fee: formatMoney(processingFee),
    processing_fee_paid_by_user: formatMoney(paidByUser),
    processing_fee_paid_by_race: formatMoney(processingFee - paidByUser),
    partner_fee: '$0.00',
    affiliate_profit: '$0.00',
    extra_fees: '$0.00',
    amount_paid: formatMoney(raceFee + paidByUser),
    usatf_discount_amount_in_cents: '$0.00',
    usatf_discount_additional_field: null,
    giveaway: shirt === null ? null : (SHIRT_SIZES[shirt] as string),
    giveaway_option_id: shirt === null ? null : shirt + 1,
  };
}

/** The removed-participants shape of a registration; `registeredAt` defaults to its shown minute. */
export function toRemovedParticipant(
  participant: RsuParticipant,
  reason: RemovedReason,
  newRegistrationId: number | null,
  removedAt: number,
  registeredAt?: number,
): RsuRemovedParticipant {
  const registered =
    registeredAt ?? (parseUsDateTime(participant.registration_date, EASTERN) ?? removedAt) + (participant.registration_id % 60);
  return {
    user: participant.user,
    registration_id: participant.registration_id,
    age: participant.age,
    registration_date: formatIsoDateTime(registered, EASTERN),
    last_modified: formatIsoDateTime(removedAt, EASTERN),
    last_modified_ts: removedAt,
    imported: participant.imported,
    race_fee: participant.race_fee,
    processing_fee: participant.processing_fee,
    processing_fee_paid_by_user: participant.processing_fee_paid_by_user,
    processing_fee_paid_by_race: participant.processing_fee_paid_by_race,
    amount_paid: participant.amount_paid,
    removed_reason: reason,
    new_registration_id: newRegistrationId,
  };
}

function pickRemovedReason(random: Random): RemovedReason {
  const roll = random.next();
  return roll < 0.5 ? 'removed' : roll < 0.7 ? 'transferred' : roll < 0.85 ? 'deferred' : 'cleared';
}

export function generateEvent(catalog: Catalog, seed: number, event: CatalogEvent): GeneratedEvent {
  const random = createRandom(hashSeed(seed, 'registrations', event.eventId));
  const total = event.count + event.removedCount;
  const times = draftRegistrationTimes(random, event, total);
  const removedIndexes = new Set(random.shuffle(Array.from({ length: total }, (_, i) => i)).slice(0, event.removedCount));
  const hasBibChance = bibProbability(event, catalog.anchor);
  const latest = catalog.anchor - 60;

  const drafts: Array<{ participant: RsuParticipant; registeredAt: number }> = [];
  let previousSlot = -1;
  for (let i = 0; i < total; i++) {
    const registeredAt = times[i] as number;
    const slot = Math.max(Math.floor((registeredAt - catalog.slotOrigin) / catalog.slotSeconds), previousSlot + 1);
    previousSlot = slot;
    const registrationId = registrationIdOf(catalog, slot, event);
    const edited = random.chance(0.25);
    const lastModified = Math.min(latest, edited ? random.int(registeredAt, latest) : registeredAt + random.int(0, 300));
    const bib = styleBib(random, random.chance(hasBibChance) ? event.bibBase + i : null);
    const person = draftPerson(random, event, userIdOf(registrationId));
    const team = draftTeam(random, event);
    drafts.push({
      participant: buildParticipant(catalog, event, random, { registrationId, registeredAt, lastModified, bib, person, team }),
      registeredAt,
    });
  }

  const active: RsuParticipant[] = [];
  const removed: RsuRemovedParticipant[] = [];
  drafts.forEach((draft, i) => {
    if (!removedIndexes.has(i)) {
      active.push(draft.participant);
      return;
    }
    let reason = pickRemovedReason(random);
    // A transfer points at a later active registration of the same event (the new holder).
    const target = reason === 'transferred' ? findActiveAfter(drafts, removedIndexes, random.int(i + 1, total)) : null;
    if (reason === 'transferred' && target === null) reason = 'removed';
    const removedAt = Math.min(latest, random.int(draft.registeredAt + 3600, Math.max(draft.registeredAt + 3600, latest)));
    removed.push(toRemovedParticipant(draft.participant, reason, target, removedAt, draft.registeredAt));
  });
  return { active, removed };
}

function findActiveAfter(drafts: Array<{ participant: RsuParticipant }>, removed: Set<number>, from: number): number | null {
  for (let k = from; k < drafts.length; k++) {
    if (!removed.has(k)) return (drafts[k] as { participant: RsuParticipant }).participant.registration_id;
  }
  return null;
}

/** Question answers derive from the registration id, so they need no storage. */
export function questionResponsesFor(seed: number, race: CatalogRace, registrationId: number): RsuQuestionResponse[] {
  const h = hashSeed(seed, 'questions', registrationId);
  return [
    { question_id: String(race.questionIdBase), question_text: 'Is this your first road race?', response: h % 5 === 0 ? 'Yes' : 'No' },
    {
      question_id: String(race.questionIdBase + 2),
      question_text: 'Emergency Contact Phone',
      response: h % 3 === 0 ? null : `856-555-${String(h % 10_000).padStart(4, '0')}`,
    },
  ];
}
