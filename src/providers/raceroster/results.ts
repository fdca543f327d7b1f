/**
 * Results of one Race Roster sub-event: `/events/{id}/results` filtered to the race (RR5's
 * `resultsRaceId`), page by page like every list. Only active rows are results: `active: false` is
 * a result the timer withdrew (RR1's PATCH), so it is passed over and the engine's diff of a
 * complete read removes it. Rows of another sub-event (a server that ignored the filter) are passed
 * over too. There is one result set per sub-event, named by its id.
 */
import type { CanonicalResult } from '../../model/canonical.js';
import type { Page, ResultsQuery } from '../types.js';
import type { RaceRosterClient } from './client.js';
import { collectPage, rejectRecord, type Mapped } from './page.js';
import { parseOffset, readList } from './paging.js';
import { checkRecord, isInactive, readIdField, resultSchema, type RrResult } from './payloads.js';
import type { RaceRosterSettings } from './settings.js';

function toResult(row: RrResult, raw: unknown): CanonicalResult {
  return {
    providerResultId: row.resultId,
    providerRaceId: row.subEventId,
    resultSet: row.subEventId,
    resultSetName: null,
    bib: row.bibNumber,
    firstName: row.firstName,
    lastName: row.lastName,
    gender: row.gender,
    age: row.age,
    clockTime: row.gunTime,
    chipTime: row.chipTime,
    overallPlace: row.overallPlace,
    genderPlace: row.genderPlace,
    divisionPlace: row.divisionPlace,
    division: row.division,
    status: row.status,
    splits: row.splits.map((split) => ({
      name: split.name,
      order: split.order,
      distanceM: split.distanceInMeters ?? null,
      clockTime: split.gunTime,
      chipTime: split.chipTime,
    })),
    raw,
  };
}

function mapRows(rows: unknown[], raceId: string): Mapped<CanonicalResult>[] {
  const outcomes: Mapped<CanonicalResult>[] = [];
  for (const raw of rows) {
    if (isInactive(raw)) continue;
    const subEventId = readIdField(raw, 'subEventId');
    if (subEventId !== null && subEventId !== raceId) continue;
    const checked = checkRecord(resultSchema, raw, 'result');
    outcomes.push(checked.ok ? { record: toResult(checked.value, raw) } : rejectRecord(checked.reason, raw));
  }
  return outcomes;
}

export async function* readResults(
  client: RaceRosterClient,
  settings: RaceRosterSettings,
  query: ResultsQuery,
): AsyncGenerator<Page<CanonicalResult>> {
  const pages = readList(client, {
    path: `/events/${encodeURIComponent(query.providerEventId)}/results`,
    query: settings.resultsRaceParam ? { [settings.resultsRaceParam]: query.providerRaceId } : {},
    pageSize: settings.pageSize,
    style: settings.pagingStyle,
    start: parseOffset(query.resumeAfter, 'results'),
  });
  for await (const list of pages) {
    yield { ...collectPage(mapRows(list.rows, query.providerRaceId), list.next === null ? null : String(list.next)), total: list.total };
  }
}
