/**
 * Registrations as RunSignUp shows them: the participants shape (providers.md §1.6, "n/j/Y H:i"
 * Eastern dates, "$" money, bib as a number, a numeric string, null or "") and the removed-
 * participants shape ("Y-m-d H:i:s", removed_reason, new_registration_id). Per-record quirks (how a
 * bib is sent, a profile photo) are derived from the registration id, so a record renders the same
 * bytes every time. RunSignUp knows only M/F: non-binary and unknown genders are sent as null.
 */
import type { Person, Registration, WorldEvent, WorldRace } from '../../world/index.js';
import { hashSeed } from '../../world/random.js';
import { paymentOf } from '../../world/registrations.js';
import { EASTERN, formatIsoDateTime, formatMoney, formatUsDateTime } from './formats.js';
import { questionIdBase, transactionIds } from './ids.js';
import type { RsuParticipant, RsuQuestionResponse, RsuRemovedParticipant, RsuUser } from './shapes.js';

const SHIRT_OPTION: Readonly<Record<string, number>> = { XS: 1, S: 2, M: 3, L: 4, XL: 5 };

function renderUser(person: Person): RsuUser {
  return {
    user_id: person.id,
    first_name: person.firstName,
    middle_name: person.middleName,
    last_name: person.lastName,
    email: person.email,
    address: {
      street: person.address.street,
      city: person.address.city,
      state: person.address.region,
      zipcode: person.address.postalCode,
      country_code: person.address.countryCode,
    },
    dob: person.birthdate,
    gender: person.gender === 'M' || person.gender === 'F' ? person.gender : null,
    phone: person.phone,
    profile_image_url: hashSeed('photo', person.id) % 20 === 0 ? `https://d368g9lw5ileu7.cloudfront.net/users/u${person.id}.jpg` : null,
  };
}

/** Mostly a number, sometimes a numeric string; null or "" when unassigned — all four occur in real data. */
function styleBib(registration: Registration): number | string | null {
  const style = hashSeed('bib-style', registration.id) % 10;
  if (registration.bib === null) return style < 7 ? null : '';
  return style === 0 ? String(registration.bib) : registration.bib;
}

function renderParticipant(event: WorldRace, r: Registration): RsuParticipant {
  const pay = paymentOf(event, r.listFeeCents, r.imported);
  const tx = transactionIds(r.id);
  return {
    user: renderUser(r.person),
    registration_id: r.id,
    event_id: event.ids.runsignup as number,
    rsu_transaction_id: tx.rsu,
    transaction_id: tx.text,
    bib_num: styleBib(r),
    chip_num: r.chip,
    age: r.age,
    registration_date: formatUsDateTime(r.registeredAt, EASTERN),
    team_id: r.team?.id ?? null,
    team_name: r.team?.name ?? null,
    team_type_id: r.team?.typeId ?? null,
    team_type: r.team?.typeName ?? null,
    team_gender: r.team?.gender ?? null,
    team_bib_num: r.team?.bib ?? null,
    last_modified: r.modifiedAt,
    imported: r.imported ? 'T' : 'F',
    race_fee: formatMoney(pay.raceFeeCents),
    offline_payment_amount: formatMoney(pay.offlineCents),
    processing_fee: formatMoney(pay.processingFeeCents),
    processing_fee_paid_by_user: formatMoney(pay.paidByUserCents),
    processing_fee_paid_by_race: formatMoney(pay.processingFeeCents - pay.paidByUserCents),
    partner_fee: '$0.00',
    affiliate_profit: '$0.00',
    extra_fees: '$0.00',
    amount_paid: formatMoney(pay.paidCents),
    usatf_discount_amount_in_cents: '$0.00',
    usatf_discount_additional_field: null,
    giveaway: r.shirtSize,
    giveaway_option_id: r.shirtSize === null ? null : (SHIRT_OPTION[r.shirtSize] ?? null),
  };
}

/**
 * A renderer that keeps each registration's rendered record while the world keeps the registration:
 * registrations are immutable (a change is a new object), so the record can never be stale, and a
 * re-read of a race (a re-sync) serialises records it already has instead of building them again.
 */
export function participantRenderer(): (event: WorldRace, r: Registration) => RsuParticipant {
  const rendered = new WeakMap<Registration, RsuParticipant>();
  return (event, r) => {
    let record = rendered.get(r);
    if (record === undefined) {
      record = renderParticipant(event, r);
      rendered.set(r, record);
    }
    return record;
  };
}

/** The participant with its question answers (include_questions=T), a copy: cached records stay as rendered. */
export function withQuestions(seed: number, event: WorldRace, participant: RsuParticipant): RsuParticipant {
  return { ...participant, question_responses: questionResponsesFor(seed, event.event, participant.registration_id) };
}

/** A cancellation is a removal to RunSignUp; its reason shows as "removed". */
export function renderRemoved(event: WorldRace, r: Registration): RsuRemovedParticipant {
  const pay = paymentOf(event, r.listFeeCents, r.imported);
  const endedAt = r.endedAt ?? r.modifiedAt;
  return {
    user: renderUser(r.person),
    registration_id: r.id,
    age: r.age,
    registration_date: formatIsoDateTime(r.registeredAt, EASTERN),
    last_modified: formatIsoDateTime(endedAt, EASTERN),
    last_modified_ts: endedAt,
    imported: r.imported ? 'T' : 'F',
    race_fee: formatMoney(pay.raceFeeCents),
    processing_fee: formatMoney(pay.processingFeeCents),
    processing_fee_paid_by_user: formatMoney(pay.paidByUserCents),
    processing_fee_paid_by_race: formatMoney(pay.processingFeeCents - pay.paidByUserCents),
    amount_paid: formatMoney(pay.paidCents),
    removed_reason: r.removedReason ?? 'removed',
    new_registration_id: r.newRegistrationId,
  };
}

/** Question answers derive from the registration id, so they need no storage. */
function questionResponsesFor(seed: number, race: WorldEvent, registrationId: number): RsuQuestionResponse[] {
  const h = hashSeed(seed, 'questions', registrationId);
  const base = questionIdBase(race);
  return [
    { question_id: String(base), question_text: 'Is this your first road race?', response: h % 5 === 0 ? 'Yes' : 'No' },
    {
      question_id: String(base + 2),
      question_text: 'Emergency Contact Phone',
      response: h % 3 === 0 ? null : `856-555-${String(h % 10_000).padStart(4, '0')}`,
    },
  ];
}
