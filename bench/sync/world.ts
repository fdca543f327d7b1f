/**
 * The bench's RunSignUp world: the predecessor's scale (1,616 races, 407,053 participants) as one
 * timing partner with one event per race, so every RunSignUp event is one synced race and the
 * participant total is exactly the sandbox's `totalParticipants`.
 */
import type { RunSignupSandboxOptions, WorldChange } from '../../src/sandbox/index.js';

export const BENCH_RACES = 1616;
export const BENCH_PARTICIPANTS = 407_053;

/** JSON-safe (it crosses to the sandbox process as an argument), so no `now` or `anchor`. */
export const SANDBOX_OPTIONS: RunSignupSandboxOptions = {
  seed: 7,
  partners: 1,
  racesPerPartner: BENCH_RACES,
  eventsPerRace: 1,
  totalParticipants: BENCH_PARTICIPANTS,
  // Every race in the future: the sync selects it even without includePast, and none has results.
  pastShare: 0,
  // Keep the whole world once generated (~1.5 GB in the sandbox process, not in the measured one):
  // a real API does not rebuild a race for every request, so re-reads should not pay for that here.
  cacheParticipants: 500_000,
};

/**
 * About `share` of all participants changed, as edits and bib changes spread over random races
 * (untargeted mutations pick a random event for every change). Counts stay as they are, so the
 * minimum number of calls of a full read does not move.
 */
export function changeMix(share: number, participants: number): WorldChange {
  const total = Math.round(share * participants);
  const assignBibs = Math.round(total / 4);
  const changeBibs = Math.round(total / 4);
  return { edit: total - assignBibs - changeBibs, assignBibs, changeBibs };
}
