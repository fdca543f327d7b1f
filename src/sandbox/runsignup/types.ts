/**
 * The sandbox's own public types: what tests read (SandboxWorld), how they change the world
 * (WorldChange → MutationSummary) and how they break it (Fault).
 */
import type { RsuParticipant, RsuRace, RsuRemovedParticipant, RsuResultSet } from './shapes.js';

export interface SandboxCredential {
  partner: number;
  apiKey: string;
  apiSecret: string;
}

export interface SandboxPartner extends SandboxCredential {
  /** RunSignUp-style partner id (accepted as the `partner_id` query parameter). */
  partnerId: number;
  raceIds: number[];
}

export interface SandboxEventInfo {
  eventId: number;
  raceId: number;
  name: string;
  /** Unix seconds. */
  startTime: number;
  /** Start before the anchor: the event has result sets. */
  past: boolean;
  participantCount: number;
  resultSetCount: number;
}

/**
 * Read access for tests; everything is shown as the API would show it. Arrays are fresh copies but
 * the records are the sandbox's own: do not modify them.
 */
export interface SandboxWorld {
  readonly seed: number;
  /** Unix seconds. */
  readonly anchor: number;
  readonly partners: readonly SandboxPartner[];
  readonly raceIds: readonly number[];
  /** Race detail with all events (as GET /Rest/race/{id}). */
  race(raceId: number): RsuRace | undefined;
  eventIds(raceId?: number): number[];
  eventInfo(eventId: number): SandboxEventInfo | undefined;
  participants(eventId: number, options?: { includeQuestions?: boolean }): RsuParticipant[];
  removedParticipants(eventId: number): RsuRemovedParticipant[];
  resultSets(eventId: number): RsuResultSet[];
  /** Active participants of one event, or of the whole world; never generates participants. */
  participantCount(eventId?: number): number;
}

/**
 * A change to the world. Targets one event, the events of one race, or (both omitted) random
 * events of random races. Each count is how many registrations get that change.
 */
export interface WorldChange {
  raceId?: number;
  eventId?: number;
  /** New registrations. */
  register?: number;
  /** Give bibs to participants that have none. */
  assignBibs?: number;
  /** Give participants that have a bib a different one. */
  changeBibs?: number;
  /** Name, email or age/dob edits. */
  edit?: number;
  /** Removals; some are transfers to a new registration (`new_registration_id`), some deferrals. */
  remove?: number;
  /** Result rows posted for participants without one; creates a result set when the event has none. */
  results?: number;
}

export interface RegistrationTransfer {
  registrationId: number;
  newRegistrationId: number;
}

export interface MutationSummary {
  /** 1-based number of this mutation; part of its random seed. */
  mutation: number;
  /** Unix seconds of now() when applied: the new last_modified of every changed registration. */
  at: number;
  register: number[];
  assignBibs: number[];
  changeBibs: number[];
  edit: number[];
  remove: number[];
  /** The subset of `remove` that was transferred, and the registration it became. */
  transfers: RegistrationTransfer[];
  /** Registration ids that received a result row. */
  results: number[];
  /** Result sets created because an event had none. */
  resultSetsCreated: number[];
  /** Events touched, ascending. */
  eventIds: number[];
}

export type FaultKind = '5xx' | 'timeout' | 'malformed' | 'truncated' | 'throttle';

export interface Fault {
  kind: FaultKind;
  /** How many matching API requests fail; default 1. */
  count?: number;
  /** Regular expression tested against the request path; default any API path. */
  pathPattern?: string;
}
