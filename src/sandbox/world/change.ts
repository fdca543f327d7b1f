/**
 * A change to the world (what POST /_admin/mutate takes, after a skin translated its own ids) and
 * what it did. Targets one race, the races of one event, the events at one provider, or (all
 * omitted) random races anywhere. Each count is how many registrations (or results) get that change.
 */
import { z } from 'zod';
import { PROVIDERS } from './types.js';

const count = z.number().int().min(0).max(1_000_000).optional();

export const worldChangeSchema = z
  .object({
    /** Neutral event id (WorldEvent.id). */
    event: z.number().int().optional(),
    /** Neutral race id (WorldRace.id). */
    race: z.number().int().optional(),
    /** Only events hosted or scored at this provider. */
    provider: z.enum(PROVIDERS).optional(),
    /** New registrations. */
    register: count,
    /** Give bibs to registrations that have none. */
    assignBibs: count,
    /** Give registrations that have a bib a different one. */
    changeBibs: count,
    /** Give registrations the bib another active registration of their race holds (real lists have such duplicates). */
    duplicateBibs: count,
    /** Name, email or birthdate edits. */
    edit: count,
    /** Removals; some are transfers to a new registration in another race of the event, some deferrals. */
    remove: count,
    /** Cancellations (Haku's is_cancelled; Race Roster's cancelled status). */
    cancel: count,
    /** Results posted (at once, whatever the clock) for bibbed registrations without one. */
    results: count,
    /** Visible finish times corrected by a few seconds. */
    correctTimes: count,
    /** Visible DNFs turned into finishes (a missed mat). */
    dnfToFinish: count,
    /** Visible results withdrawn. */
    withdrawResults: count,
  })
  .strict();

export type WorldChange = z.input<typeof worldChangeSchema>;

export interface RegistrationTransfer {
  registrationId: number;
  newRegistrationId: number;
}

export interface ChangeSummary {
  /** 1-based number of this mutation; part of its random seed. */
  mutation: number;
  /** Unix seconds on the clock when applied: the new modified-at of every changed registration. */
  at: number;
  register: number[];
  assignBibs: number[];
  changeBibs: number[];
  duplicateBibs: number[];
  edit: number[];
  remove: number[];
  cancel: number[];
  /** The subset of `remove` that was transferred, and the registration it became. */
  transfers: RegistrationTransfer[];
  /** Registration ids whose result was posted, corrected, turned into a finish or withdrawn. */
  results: number[];
  correctTimes: number[];
  dnfToFinish: number[];
  withdrawResults: number[];
  /** Races that showed no results before this change posted some. */
  resultsOpened: number[];
  /** Neutral ids touched, ascending. */
  races: number[];
  events: number[];
}

export function emptySummary(mutation: number, at: number): ChangeSummary {
  return {
    mutation, at, register: [], assignBibs: [], changeBibs: [], duplicateBibs: [], edit: [], remove: [], cancel: [], transfers: [],
    results: [], correctTimes: [], dnfToFinish: [], withdrawResults: [], resultsOpened: [], races: [], events: [],
  };
}
