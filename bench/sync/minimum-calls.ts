/**
 * The fewest API calls a full sync of the sandbox world can make with RunSignUp's paging: `/races`
 * at 1,000 per page, one `/race/{id}` per race (its full event list), and each event's participants
 * at 2,500 per page. Neither list returns a total, so the last page is the first one that is not
 * full: n rows take floor(n / size) + 1 pages (an event of exactly k × 2,500 needs an empty page).
 */
import type { SandboxState } from './sandbox-child.js';

const RACES_PAGE = 1000;
const PARTICIPANTS_PAGE = 2500;

const pagesFor = (rows: number, size: number): number => Math.floor(rows / size) + 1;

export interface MinimumCalls {
  racePages: number;
  raceDetails: number;
  participantPages: number;
  total: number;
}

export function minimumFullSyncCalls(state: SandboxState): MinimumCalls {
  const racePages = pagesFor(state.races.length, RACES_PAGE);
  const raceDetails = state.races.length;
  const participantPages = state.races
    .flatMap((race) => race.events)
    .reduce((sum, event) => sum + pagesFor(event.participants, PARTICIPANTS_PAGE), 0);
  return { racePages, raceDetails, participantPages, total: racePages + raceDetails + participantPages };
}
