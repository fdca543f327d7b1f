/**
 * The canonical records every provider adapter produces (DESIGN.md §1). Adapters fill these from
 * provider payloads; the store writes them; nothing downstream knows which provider they came from.
 * Times are UTC `Date`s; dates are `YYYY-MM-DD`; money is a decimal string in the currency's units;
 * durations are PostgreSQL interval text (`HH:MM:SS[.ff]`).
 */
export type Gender = 'M' | 'F' | 'X';
export type ResultStatus = 'finished' | 'dnf' | 'dns' | 'dq';
/** `date`: the provider gives a date only (Haku); the start is local midnight of that date. */
export type StartPrecision = 'time' | 'date';

export interface CanonicalRace {
  providerRaceId: string;
  name: string;
  startTime: Date | null;
  /** Default 'time'. */
  startTimePrecision?: StartPrecision;
  distance: string | null;
  providerModifiedAt: Date | null;
  raw: unknown;
}

/** An event with its races, as discovery yields it. */
export interface CanonicalEvent {
  providerEventId: string;
  name: string;
  startTime: Date | null;
  /** Default 'time'. */
  startTimePrecision?: StartPrecision;
  timeZone: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  providerModifiedAt: Date | null;
  raw: unknown;
  races: CanonicalRace[];
}

export interface CanonicalParticipant {
  providerParticipantId: string;
  providerRaceId: string;
  bib: string | null;
  chip: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  gender: Gender | null;
  birthdate: string | null;
  age: number | null;
  city: string | null;
  region: string | null;
  country: string | null;
  teamName: string | null;
  amountPaid: string | null;
  registeredAt: Date | null;
  providerModifiedAt: Date | null;
  /** Still listed, but cancelled (Haku `is_cancelled`): soft-deleted like a removal. */
  cancelled?: boolean;
  /** The provider's version of the record, to skip re-reading it when unchanged (see ParticipantsQuery.knownVersion). */
  versionTag?: string | null;
  raw: unknown;
}

/** A registration the provider reports as removed (cleared, removed, transferred, deferred). */
export interface RemovedParticipant {
  providerParticipantId: string;
  providerRaceId: string;
  reason: string;
  newProviderParticipantId: string | null;
  providerModifiedAt: Date | null;
  raw: unknown;
}

export interface CanonicalResult {
  providerResultId: string;
  providerRaceId: string;
  resultSet: string;
  resultSetName: string | null;
  bib: string | null;
  firstName: string | null;
  lastName: string | null;
  gender: Gender | null;
  age: number | null;
  clockTime: string | null;
  chipTime: string | null;
  overallPlace: number | null;
  genderPlace: number | null;
  divisionPlace: number | null;
  division: string | null;
  status: ResultStatus;
  /** Intermediate times of this result (not the finish), in course order. */
  splits?: CanonicalSplit[];
  raw: unknown;
}

/** One intermediate time: `order` is 1-based along the course; times are interval text like the finish's. */
export interface CanonicalSplit {
  name: string;
  order: number;
  distanceM: number | null;
  clockTime: string | null;
  chipTime: string | null;
}

/** A record that failed validation or mapping: kept with its reason and raw payload, never dropped. */
export interface Reject {
  reason: string;
  raw: unknown;
  /**
   * The provider's id of the record, where it could still be read: the record exists at the
   * provider, so its absence from the valid ones is no withdrawal (a reject without a key makes the
   * run's deletion diff untrustworthy, and it is skipped). For a result: `<result set>/<provider result id>`.
   */
  key?: string;
}
