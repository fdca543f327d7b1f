/**
 * Posting result rows into an event, as a timer uploading more finishers would: new rows take the
 * next places, finish after the last finisher, and continue the gender and age-group places.
 */
import type { CatalogEvent } from './catalog.js';
import type { Random } from './random.js';
import {
  bibbedParticipants,
  emptyResultSet,
  finishSeconds,
  parseRaceTime,
  renderRow,
  tallyDivisions,
  type ResultSetState,
} from './results.js';
import type { RunSignupWorld } from './world.js';

export interface ResultIds {
  nextResultId: number;
  nextResultSetId: number;
}

export interface PostedResults {
  createdSetId: number | null;
  registrationIds: number[];
}

function ensureResultSet(world: RunSignupWorld, ids: ResultIds, event: CatalogEvent, sets: ResultSetState[]) {
  const existing = sets[0];
  if (existing) return { set: existing, createdSetId: null };
  const setId = ids.nextResultSetId++;
  world.overlayFor(event.eventId).createdSets.push({ setId, sortOrder: 0 });
  const set = emptyResultSet(event, setId, 0, true);
  sets.push(set);
  return { set, createdSetId: setId };
}

/** Adds up to `n` rows to the event's first result set for bibbed participants without a row. */
export function appendResultRows(world: RunSignupWorld, ids: ResultIds, event: CatalogEvent, n: number, random: Random): PostedResults {
  const sets = world.resultSetStates(event);
  const { set, createdSetId } = ensureResultSet(world, ids, event, sets);
  const setId = set.meta.individual_result_set_id;
  const present = new Set(set.rows.map((row) => String(row.bib)));
  const candidates = random.shuffle(
    bibbedParticipants(world.view(event).active).filter((p) => !present.has(String(Number(p.bib_num)))),
  );
  const overlay = world.overlayFor(event.eventId);
  const appended = overlay.appendedRows.get(setId) ?? [];
  overlay.appendedRows.set(setId, appended);
  const tallies = tallyDivisions(set.rows);
  const last = set.rows[set.finisherCount - 1];
  let seconds = last ? parseRaceTime(String(last.clock_time)) : 0;
  const registrationIds: number[] = [];
  for (const participant of candidates.slice(0, n)) {
    seconds = seconds > 0 ? seconds + random.int(1, 20) + random.next() : finishSeconds(random, event, participant);
    const input = { resultId: ids.nextResultId++, place: set.finisherCount + 1, status: null, seconds, participant };
    const row = renderRow(set, event, input, tallies, random);
    set.rows.splice(set.finisherCount, 0, row);
    set.finisherCount += 1;
    appended.push(row);
    registrationIds.push(participant.registration_id);
  }
  return { createdSetId, registrationIds };
}
