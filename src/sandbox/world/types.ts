/**
 * The neutral world's vocabulary (DESIGN.md §1): a partner (timing company) with an account at each
 * provider; an event (one race day, in one time zone) hosted at one registration provider and maybe
 * scored at one scoring provider; races (one start each) within it; people; registrations (person ×
 * race); results (one per registration). Nothing here is in any provider's format: skins render it.
 */

export const REGISTRATION_PROVIDERS = ['runsignup', 'raceroster', 'haku'] as const;
export const SCORING_PROVIDERS = ['chronotrack', 'copernico'] as const;
export const PROVIDERS = [...REGISTRATION_PROVIDERS, ...SCORING_PROVIDERS] as const;
export type RegistrationProvider = (typeof REGISTRATION_PROVIDERS)[number];
export type ScoringProvider = (typeof SCORING_PROVIDERS)[number];
export type ProviderName = (typeof PROVIDERS)[number];

/** 'X' is non-binary; null is unknown (not given, or "prefer not to say"). */
export type Gender = 'M' | 'F' | 'X' | null;

export interface Address {
  street: string | null;
  city: string;
  /** State or province code: "NJ", "ON". */
  region: string;
  postalCode: string;
  countryCode: string;
}

export interface Person {
  /** Shared people (registered in several races, maybe at several providers) keep one id everywhere. */
  id: number;
  firstName: string;
  middleName: string | null;
  lastName: string;
  email: string | null;
  phone: string | null;
  /** "YYYY-MM-DD"; null for age-only registrations. */
  birthdate: string | null;
  gender: Gender;
  address: Address;
}

export interface Team {
  id: number;
  name: string;
  typeId: number;
  typeName: string;
  gender: 'M' | 'F' | 'X';
  bib: number | null;
}

export type RegistrationStatus = 'active' | 'removed' | 'cancelled';
export type RemovedReason = 'cleared' | 'removed' | 'transferred' | 'deferred';

export interface Registration {
  /** Unique in the world, ascending with registration time within a race, with gaps. */
  id: number;
  raceId: number;
  /** Position in the race's generation order (or after it, for later registrations): result sequence numbers. */
  ordinal: number;
  person: Person;
  /** Age on race day; null when neither a birthdate nor an age was given. */
  age: number | null;
  bib: number | null;
  chip: string | null;
  team: Team | null;
  /** The list price when registering (early or regular period). */
  listFeeCents: number;
  /** Registration imported from elsewhere: paid offline. */
  imported: boolean;
  /** Amount paid, processing fee included when the participant paid it. */
  paidCents: number;
  shirtSize: string | null;
  /** Unix seconds. */
  registeredAt: number;
  modifiedAt: number;
  status: RegistrationStatus;
  /** When it was removed or cancelled. */
  endedAt: number | null;
  removedReason: RemovedReason | null;
  /** The registration a transfer became. */
  newRegistrationId: number | null;
}

export type ResultStatus = 'finished' | 'dnf' | 'dns' | 'dq';

/** The truth of one registration's race; what is visible of it depends on the clock. */
export interface Result {
  registrationId: number;
  /** The registration's ordinal: stable, so result ids derived from it survive re-ranking. */
  seq: number;
  status: ResultStatus;
  /** Seconds the whole course takes at this runner's pace (also for a DNF, for its splits); null for DNS. */
  course: number | null;
  /** Seconds from the gun to the start mat; null when the race has no chip timing for this runner. */
  startDelay: number | null;
  /** Splits a DNF runner passed before stopping; every split otherwise. */
  splitsReached: number;
  /** Unix seconds: when the finish (or for DNF/DNS, the race's close) becomes known. */
  visibleAt: number;
  modifiedAt: number;
  /** Withdrawn by the timer: no longer ranked (Race Roster still lists it, inactive). */
  withdrawnAt: number | null;
}

export interface Split {
  name: string;
  /** 1-based. */
  order: number;
  metres: number;
}
