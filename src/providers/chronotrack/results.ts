/**
 * Results of one CT race as canonical results, one per entry (§2.5: each row is one athlete × one
 * bracket × one interval). Three reads of GET /race/{id}/results: `interval=ALL` in the OPEN bracket
 * (the finish row — overall place, chip and gun time — and every split), `bracket=SEX` (gender
 * places) and `bracket=AGE` (division place and name) at the finish; and, when there are splits, the
 * event's intervals for their order and distance. An entry's rows come from different calls and
 * pages, so the race is read whole, then yielded in key order in batches, `resumeAfter` being the
 * last key of a batch. An entry with split rows but no finish row and no DNF/DNS/DQ status is still
 * on course: not a result yet.
 */
import type { CanonicalResult, CanonicalSplit, Reject, ResultStatus } from '../../model/canonical.js';
import type { Page, ResultsQuery } from '../types.js';
import type { ChronoTrackClient } from './client.js';
import { readAllRows } from './paging.js';
import { checkRecord, readRawField, resultRowSchema, type CtResultRow } from './payloads.js';
import { readSplitCourse, type IntervalSource, type SplitCourse } from './intervals.js';
import type { ChronoTrackSettings } from './settings.js';

interface Row {
  value: CtResultRow;
  raw: unknown;
}

/** Every row of one entry, by what it says. */
interface EntryRows {
  finish: Row | null;
  sex: Row | null;
  age: Row | null;
  splits: Row[];
}

interface Gathered {
  entries: Map<string, EntryRows>;
  rejects: Reject[];
}

type Bracket = 'OPEN' | 'SEX' | 'AGE';

const emptyEntry = (): EntryRows => ({ finish: null, sex: null, age: null, splits: [] });

/** Entry ids in numeric order, other keys (bibs) after them in text order. */
export function compareKeys(a: string, b: string): number {
  const numericA = /^\d+$/.test(a);
  const numericB = /^\d+$/.test(b);
  if (numericA !== numericB) return numericA ? -1 : 1;
  if (numericA && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isFinish(settings: ChronoTrackSettings, interval: string): boolean {
  return settings.finishIntervals.some((name) => name.toLowerCase() === interval.toLowerCase());
}

/** Validates one row and finds its entry key; a bad row is a reject naming its bracket and interval. */
function checkRow(raw: unknown, bracket: Bracket, settings: ChronoTrackSettings): { key: string; row: Row } | { reject: Reject } {
  const where = `${readRawField(raw, 'results_bracket_name') ?? bracket} at ${readRawField(raw, 'results_interval_name') ?? '?'}`;
  const checked = checkRecord(resultRowSchema, raw, `result row (${where})`);
  if (!checked.ok) return { reject: { reason: checked.reason, raw } };
  const field = settings.resultKey === 'entry' ? 'results_entry_id' : 'results_bib';
  const key = settings.resultKey === 'entry' ? checked.value.results_entry_id : checked.value.results_bib;
  if (key === null) return { reject: { reason: `invalid result row (${where}): ${field}: missing`, raw } };
  return { key, row: { value: checked.value, raw } };
}

/** Files each row under its entry: OPEN rows make entries (finish or split), SEX and AGE rows only add places. */
function fileRows(gathered: Gathered, rows: unknown[], bracket: Bracket, settings: ChronoTrackSettings): void {
  for (const raw of rows) {
    const checked = checkRow(raw, bracket, settings);
    if ('reject' in checked) {
      gathered.rejects.push(checked.reject);
      continue;
    }
    const finish = isFinish(settings, checked.row.value.results_interval_name);
    const entry = gathered.entries.get(checked.key);
    if (bracket === 'OPEN') {
      const filed = entry ?? emptyEntry();
      gathered.entries.set(checked.key, filed);
      if (!finish) filed.splits.push(checked.row);
      else filed.finish ??= checked.row;
    } else if (entry && finish) {
      if (bracket === 'SEX') entry.sex ??= checked.row;
      else entry.age ??= checked.row;
    }
  }
}

async function gather(client: ChronoTrackClient, settings: ChronoTrackSettings, raceId: string): Promise<Gathered> {
  const gathered: Gathered = { entries: new Map(), rejects: [] };
  // include_all_fields asks for the entry fields (entry_status) on result rows; entry_type is seen there (C3).
  const read = (params: Record<string, string>) => readAllRows(client, {
    path: `/race/${encodeURIComponent(raceId)}/results`, query: { include_all_fields: 'true', ...params }, roots: settings.raceResultsRoots, size: settings.resultsPageSize,
  });
  fileRows(gathered, await read({ interval: 'ALL' }), 'OPEN', settings);
  // Without a finish there is nothing to place within sex or age group.
  if ([...gathered.entries.values()].some((entry) => entry.finish)) {
    fileRows(gathered, await read({ bracket: 'SEX' }), 'SEX', settings);
    fileRows(gathered, await read({ bracket: 'AGE' }), 'AGE', settings);
  }
  return gathered;
}

function statusOf(rows: EntryRows, settings: ChronoTrackSettings): ResultStatus | null {
  const all = [rows.finish, ...rows.splits].filter((row): row is Row => row !== null);
  for (const row of all) {
    const status = row.value.entry_status === null ? undefined : settings.resultStatuses[row.value.entry_status];
    if (status) return status;
  }
  const finish = rows.finish?.value;
  const fromTime = finish ? (finish.results_gun_time.status ?? finish.results_time.status) : null;
  return fromTime ?? (finish ? 'finished' : null);
}

function splitsOf(rows: EntryRows, course: SplitCourse): CanonicalSplit[] {
  return rows.splits
    .map(({ value }) => ({
      name: value.results_interval_name,
      order: course.orderOf(value.results_interval_name),
      distanceM: course.metresOf(value.results_interval_name),
      clockTime: value.results_gun_time.time,
      chipTime: value.results_time.time,
    }))
    .sort((a, b) => a.order - b.order);
}

function toResult(key: string, rows: EntryRows, status: ResultStatus, course: SplitCourse, raceId: string): CanonicalResult {
  const first = (rows.finish ?? rows.splits[0]) as Row;
  const finish = rows.finish?.value;
  const person = first.value;
  return {
    providerResultId: key,
    providerRaceId: raceId,
    resultSet: raceId,
    resultSetName: rows.finish ? rows.finish.value.results_interval_name : null,
    bib: person.results_bib,
    firstName: person.results_first_name,
    lastName: person.results_last_name,
    gender: person.results_sex,
    age: person.results_age,
    clockTime: finish?.results_gun_time.time ?? null,
    chipTime: finish?.results_time.time ?? null,
    overallPlace: finish?.results_rank ?? null,
    genderPlace: rows.sex?.value.results_rank ?? null,
    divisionPlace: rows.age?.value.results_rank ?? null,
    division: rows.age?.value.results_bracket_name ?? null,
    status,
    splits: splitsOf(rows, course),
    // Split rows stay out of raw: their ranks move with every runner passing a mat, and their times are in `splits`.
    raw: { finish: rows.finish?.raw ?? null, sex: rows.sex?.raw ?? null, age: rows.age?.raw ?? null, ...(rows.finish ? {} : { splits: rows.splits.map((r) => r.raw) }) },
  };
}

export async function* readResults(
  client: ChronoTrackClient,
  settings: ChronoTrackSettings,
  query: ResultsQuery,
  intervals: IntervalSource,
): AsyncGenerator<Page<CanonicalResult>> {
  const gathered = await gather(client, settings, query.providerRaceId);
  const { entries } = gathered;
  const splitNames = [...entries.values()].flatMap((rows) => rows.splits.map((row) => row.value.results_interval_name));
  const course = await readSplitCourse(intervals, query, splitNames);
  const rejects = [...gathered.rejects, ...course.rejects];
  const results: CanonicalResult[] = [];
  for (const key of [...entries.keys()].sort(compareKeys)) {
    if (query.resumeAfter && compareKeys(key, query.resumeAfter) <= 0) continue;
    const rows = entries.get(key) as EntryRows;
    const status = statusOf(rows, settings);
    if (status !== null) results.push(toResult(key, rows, status, course, query.providerRaceId));
  }
  if (results.length === 0) {
    yield { records: [], rejects, resumeAfter: null };
    return;
  }
  for (let start = 0; start < results.length; start += settings.resultsBatchSize) {
    const records = results.slice(start, start + settings.resultsBatchSize);
    const last = start + settings.resultsBatchSize >= results.length;
    // Rejects ride on the last page, so a read resumed after a kill reports them once.
    yield { records, rejects: last ? rejects : [], resumeAfter: last ? null : (records[records.length - 1] as CanonicalResult).providerResultId };
  }
}
