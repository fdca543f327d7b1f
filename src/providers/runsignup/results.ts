/**
 * Results of one RunSignUp event: its result sets (`get-result-sets`), then each set's rows from
 * `get-results`, page by page until a short page. The position is `"<setId>:<page>"`, so a read
 * resumes inside a set. There is no modified-since filter: results are re-read whole.
 */
import type { CanonicalResult } from '../../model/canonical.js';
import { SyncError } from '../../errors.js';
import type { Page, ResultsQuery } from '../types.js';
import type { RunSignupClient } from './client.js';
import {
  checkRecord, placementsSchema, readPlacementColumns, readResultSets, readResultsBlock, resultRowSchema,
  type PlacementColumn, type ResultSet, type ResultsBlock,
} from './payloads.js';
import { collectPage, rejectRecord, type Mapped } from './page.js';
import type { RunSignupSettings } from './settings.js';

interface Position {
  setId: number;
  page: number;
}

function parsePosition(resumeAfter: string | null | undefined): Position | null {
  if (resumeAfter === null || resumeAfter === undefined) return null;
  const match = /^(\d+):(\d+)$/.exec(resumeAfter);
  if (!match) throw new SyncError('bug', `RunSignUp results checkpoint is not "<setId>:<page>": "${resumeAfter}"`);
  return { setId: Number(match[1]), page: Math.max(1, Number(match[2])) };
}

/** The gender place and the first other division (in header order) that placed this row. */
function pickPlacements(columns: PlacementColumn[], places: Record<string, number | null>) {
  const placed = columns.filter((column) => places[column.key] != null);
  const gender = placed.find((column) => column.kind === 'gender');
  const division = placed.find((column) => column.kind === 'division');
  return {
    genderPlace: gender ? (places[gender.key] ?? null) : null,
    divisionPlace: division ? (places[division.key] ?? null) : null,
    division: division?.label ?? null,
  };
}

function mapResultRow(raw: unknown, set: ResultSet, columns: PlacementColumn[], providerRaceId: string): Mapped<CanonicalResult> {
  const fields = checkRecord(resultRowSchema, raw, 'result');
  const places = checkRecord(placementsSchema(columns), raw, 'result placements');
  if (!fields.ok || !places.ok) {
    return rejectRecord([fields, places].flatMap((check) => (check.ok ? [] : [check.reason])).join('; '), raw);
  }
  const row = fields.value;
  return {
    record: {
      providerResultId: String(row.result_id),
      providerRaceId,
      resultSet: String(set.individual_result_set_id),
      resultSetName: set.individual_result_set_name,
      bib: row.bib,
      firstName: row.first_name,
      lastName: row.last_name,
      gender: row.gender,
      age: row.age,
      clockTime: row.clock_time.time,
      chipTime: row.chip_time.time,
      overallPlace: row.place,
      ...pickPlacements(columns, places.value),
      status: row.clock_time.status ?? row.chip_time.status ?? 'finished',
      raw,
    },
  };
}

function firstResultId(block: ResultsBlock | null): string | null {
  const first = block?.results?.[0];
  return first && typeof first === 'object' ? JSON.stringify((first as { result_id?: unknown }).result_id) : null;
}

export async function* readResults(
  client: RunSignupClient,
  settings: RunSignupSettings,
  query: ResultsQuery,
): AsyncGenerator<Page<CanonicalResult>> {
  const racePath = `/race/${encodeURIComponent(query.providerEventId)}/results`;
  const sets = readResultSets(await client.get(`${racePath}/get-result-sets`, { event_id: query.providerRaceId }));
  const position = parsePosition(query.resumeAfter);
  // A set that vanished since the checkpoint means re-reading from the start; upserts make that safe.
  const resumeIndex = position ? sets.findIndex((set) => set.individual_result_set_id === position.setId) : -1;
  const startIndex = Math.max(0, resumeIndex);
  if (sets.length === 0) yield { records: [], rejects: [], resumeAfter: null };

  for (let index = startIndex; index < sets.length; index++) {
    const set = sets[index]!;
    const setId = set.individual_result_set_id;
    const nextSet = sets[index + 1];
    let previousFirstId: string | null = null;
    for (let page = index === resumeIndex && position ? position.page : 1; ; page++) {
      const body = await client.get(`${racePath}/get-results`, {
        event_id: query.providerRaceId,
        individual_result_set_id: setId,
        page,
        [settings.resultsPageParam]: settings.resultsPageSize,
      });
      const block = readResultsBlock(body, setId);
      const rows = block?.results ?? [];
      const full = rows.length >= settings.resultsPageSize;
      // A server that ignores `page` would repeat page 1 forever.
      const firstId = firstResultId(block);
      if (full && firstId !== null && firstId === previousFirstId) {
        throw new SyncError('transient', `RunSignUp GET ${racePath}/get-results: page ${page} of set ${setId} repeats the previous page`);
      }
      previousFirstId = firstId;
      const columns = readPlacementColumns(block?.results_headers);
      // The block names the set as it stands with these rows; the set list is the fallback.
      const outcomes = rows.map((raw) => mapResultRow(raw, block ?? set, columns, query.providerRaceId));
      const resumeAfter = full ? `${setId}:${page + 1}` : nextSet ? `${nextSet.individual_result_set_id}:1` : null;
      yield collectPage(outcomes, resumeAfter);
      if (!full) break;
    }
  }
}
