/**
 * Registrations of one Haku event (providers.md §4.3): the participants summary, sorted by
 * `updated_at` descending, and for each registration new or changed since the last read its detail
 * (`/events/{id}/registrations/{registration_number}`) — names, birth date, address, category and
 * bib live only there, and the 500-calls-an-hour budget makes that N+1 the whole cost of Haku.
 *
 * - The registration's version is its `updated_at`: the summary's, when it carries one (INFERRED;
 *   `trustSummaryUpdatedAt`), else the detail's. A summary version equal to `knownVersion` skips
 *   the detail call (`Page.unchanged`).
 * - Incremental reads stop at the first registration older than `modifiedSince` (inclusive).
 * - A first page whose top row is older than the newest registration held is stale: asked again once.
 * - One list serves every category of the event; a read covering only some of them skips the
 *   others' rows once it has learnt their names (categories.ts).
 * - A cancelled registration needs no detail: the engine removes it by its key.
 * - Pages are yielded every `detailsPerPage` detail calls, so a run stopped mid-list (budget, kill)
 *   loses at most that many calls; the position is `page:offset:longest` (list.ts). The list only
 *   ever moves rows to its top, so a resumed read may see a row twice; a row changed meanwhile moves
 *   above the resume position, and the incremental read that follows every resumed one reads it.
 */
import type { CanonicalParticipant } from '../../model/canonical.js';
import { SyncError } from '../../errors.js';
import type { Page, ParticipantsQuery } from '../types.js';
import { CategoryNames } from './categories.js';
import type { HakuClient } from './client.js';
import { formatPosition, parsePosition, readList, type ListPage } from './list.js';
import { PageBuilder, rejectOf } from './page.js';
import { checkRecord, readSummaryPage, registrationKey, type RecordSchemas, type Registration, type Summary } from './payloads.js';
import type { HakuSettings } from './settings.js';
import { unixSeconds } from './values.js';

/** What one summary row came to. */
type Row =
  | { kind: 'record'; record: CanonicalParticipant }
  | { kind: 'reject'; reason: string; raw: unknown }
  | { kind: 'unchanged'; key: string }
  /** A registration of a category this read does not cover. */
  | { kind: 'other' }
  /** Older than the incremental cursor: the read is complete. */
  | { kind: 'stop' };

interface Read {
  client: HakuClient;
  settings: HakuSettings;
  schemas: RecordSchemas;
  query: ParticipantsQuery;
  categories: CategoryNames;
  detailCalls: number;
}

/** A summary row as validated (or not). */
type Checked = { raw: unknown; summary: Summary | null; reason: string };

const isOlder = (stamp: Date | null, since: number | undefined): boolean => since !== undefined && stamp !== null && unixSeconds(stamp) < since;

const summaryVersion = (read: Read, summary: Summary): Date | null => (read.settings.trustSummaryUpdatedAt ? summary.updated_at : null);

/** Whether the engine holds this registration at the version the summary shows. */
function isKnownVersion(read: Read, summary: Summary): boolean {
  const version = summaryVersion(read, summary);
  return version !== null && read.query.knownVersion?.(summary.registration_number) === version.toISOString();
}

function mapRegistration(read: Read, summary: Summary, detail: Registration, raw: { summary: unknown; registration: unknown }, version: Date | null): CanonicalParticipant {
  const [category] = detail.event_categories;
  const person = detail.participant;
  return {
    providerParticipantId: summary.registration_number,
    providerRaceId: category!.id,
    bib: category!.tag_number ?? (read.settings.bibFromChip ? category!.chip_number : null),
    chip: category!.chip_number,
    firstName: person.first_name,
    lastName: person.last_name,
    email: person.email ?? summary.email,
    gender: person.gender ?? summary.gender,
    birthdate: person.dob,
    // The summary's age: the detail has the birth date only.
    age: summary.age,
    city: person.address?.city ?? null,
    region: person.address?.state ?? null,
    country: person.address?.country ?? null,
    teamName: detail.team?.name ?? summary.team?.name ?? null,
    amountPaid: detail.transaction_amount ?? summary.transaction_amount,
    registeredAt: summary.registered_at ?? detail.created_at,
    providerModifiedAt: version,
    cancelled: detail.is_cancelled,
    versionTag: version?.toISOString() ?? null,
    raw,
  };
}

/** A cancelled registration from its summary alone: what the engine needs to remove it. */
function mapCancelled(read: Read, summary: Summary, raw: unknown, version: Date | null): CanonicalParticipant {
  return {
    providerParticipantId: summary.registration_number,
    // Learnt by name, else the read's first: the engine removes a cancellation by its key alone.
    providerRaceId: read.categories.idOf(summary.event_category_info) ?? read.query.providerRaceIds[0]!,
    bib: null, chip: null, firstName: null, lastName: null, birthdate: null, city: null, region: null, country: null,
    email: summary.email,
    gender: summary.gender,
    age: summary.age,
    teamName: summary.team?.name ?? null,
    amountPaid: summary.transaction_amount,
    registeredAt: summary.registered_at,
    providerModifiedAt: version,
    cancelled: true,
    versionTag: version?.toISOString() ?? null,
    raw: { summary: raw, registration: null },
  };
}

/** The detail call; a registration gone since the list was read is a reject, anything else stops the read. */
async function fetchDetail(read: Read, key: string): Promise<{ body: unknown } | { missing: string }> {
  read.detailCalls += 1;
  const path = `/events/${encodeURIComponent(read.query.providerEventId)}/registrations/${encodeURIComponent(key)}`;
  try {
    return { body: await read.client.get(path) };
  } catch (error) {
    if (error instanceof SyncError && error.errorClass === 'not_found') return { missing: error.message };
    throw error;
  }
}

/** The detail of a row whose summary showed `version` (null: none, or not trusted). */
async function readDetail(read: Read, summary: Summary, raw: unknown, version: Date | null): Promise<Row> {
  const key = summary.registration_number;
  const fetched = await fetchDetail(read, key);
  if ('missing' in fetched) return { kind: 'reject', reason: `registration ${key} is listed but its detail is not found: ${fetched.missing}`, raw: { summary: raw } };
  const both = { summary: raw, registration: fetched.body };
  const checked = checkRecord(read.schemas.registration, fetched.body, `registration ${key}`);
  if (!checked.ok) return { kind: 'reject', reason: checked.reason, raw: both };
  const detail = checked.value;
  if (version === null && isOlder(detail.updated_at, read.query.modifiedSince)) return { kind: 'stop' };
  const categoryId = detail.event_categories[0]!.id;
  read.categories.learnId(summary.event_category_info, categoryId);
  if (!read.categories.covers(categoryId)) return { kind: 'other' };
  return { kind: 'record', record: mapRegistration(read, summary, detail, both, version ?? detail.updated_at) };
}

/** One summary row: stop, skip, take from the summary, or pay for its detail. */
async function readRow(read: Read, { raw, summary, reason }: Checked): Promise<Row> {
  const { query, schemas, settings } = read;
  if (!summary) {
    // A bad row still has its place in the order: an old one ends an incremental read.
    const stamp = settings.trustSummaryUpdatedAt ? schemas.summaryStamp.safeParse(raw) : null;
    if (stamp?.success && isOlder(stamp.data.updated_at, query.modifiedSince)) return { kind: 'stop' };
    return { kind: 'reject', reason, raw };
  }
  const version = summaryVersion(read, summary);
  if (isOlder(version, query.modifiedSince)) return { kind: 'stop' };
  if (read.categories.isOther(summary.event_category_info)) return { kind: 'other' };
  // Without a summary version an incremental read needs the detail's stamp even for a cancellation.
  if (summary.is_cancelled && (version !== null || query.modifiedSince === undefined)) {
    return { kind: 'record', record: mapCancelled(read, summary, raw, version) };
  }
  if (isKnownVersion(read, summary)) return { kind: 'unchanged', key: summary.registration_number };
  return readDetail(read, summary, raw, version);
}

/**
 * The list is sorted newest first, so its top row is the registration changed last: a top row older
 * than one the engine already holds means the page is not the list's first (a stale answer, such as
 * another read's last page), and a read that trusted it would stop early or skip the real first page.
 * Only a summary's own stamp can tell (`trustSummaryUpdatedAt`).
 */
function isStaleTop(read: Read, top: unknown): boolean {
  const newest = read.query.newestKnownVersion;
  if (!read.settings.trustSummaryUpdatedAt || !newest) return false;
  const stamp = read.schemas.summaryStamp.safeParse(top);
  return stamp.success && stamp.data.updated_at !== null && stamp.data.updated_at.toISOString() < newest;
}

/** Validates a list page's rows, and learns the covered names from those the engine holds unchanged. */
function checkRows(read: Read, rows: unknown[]): Checked[] {
  return rows.map((raw) => {
    const checked = checkRecord(read.schemas.summary, raw, 'participant summary');
    if (!checked.ok) return { raw, summary: null, reason: checked.reason };
    // Cancelled rows are left out: the engine may hold them from another race it was shown.
    if (!checked.value.is_cancelled && isKnownVersion(read, checked.value)) read.categories.learnCovered(checked.value.event_category_info);
    return { raw, summary: checked.value, reason: '' };
  });
}

function addRow(builder: PageBuilder<CanonicalParticipant>, row: Row): void {
  if (row.kind === 'record') builder.records.push(row.record);
  else if (row.kind === 'reject') builder.rejects.push(rejectOf(row.reason, row.raw));
  else if (row.kind === 'unchanged') builder.unchanged.push(row.key);
}

/** One list page's rows as stream pages: one every `detailsPerPage` detail calls, the last at the page's end. */
async function* readListPage(read: Read, list: ListPage): AsyncGenerator<Page<CanonicalParticipant> & { stopped?: boolean }> {
  const builder = new PageBuilder<CanonicalParticipant>();
  const rows = checkRows(read, list.rows);
  let chunkStart = read.detailCalls;
  for (let index = list.at.offset; index < rows.length; index++) {
    const row = await readRow(read, rows[index]!);
    if (row.kind === 'stop') {
      yield { ...builder.take(null), stopped: true };
      return;
    }
    addRow(builder, row);
    if (read.detailCalls - chunkStart >= read.settings.detailsPerPage && index + 1 < rows.length) {
      yield builder.take(formatPosition({ ...list.at, offset: index + 1 }));
      chunkStart = read.detailCalls;
    }
  }
  yield builder.take(list.next ? formatPosition(list.next) : null);
}

export async function* readParticipants(
  client: HakuClient,
  settings: HakuSettings,
  schemas: RecordSchemas,
  query: ParticipantsQuery,
): AsyncGenerator<Page<CanonicalParticipant>> {
  if (query.providerRaceIds.length === 0) throw new SyncError('bug', `Haku participants of event ${query.providerEventId} asked for no categories`);
  const read: Read = { client, settings, schemas, query, categories: new CategoryNames(new Set(query.providerRaceIds)), detailCalls: 0 };
  const lists = readList(client, settings, {
    path: `/events/${encodeURIComponent(query.providerEventId)}/participants`,
    params: { sort_column: 'updated_at', sort_direction: 'desc' },
    rowsOf: readSummaryPage,
    keyOf: registrationKey,
    staleFirstPage: (rows) => isStaleTop(read, rows[0]),
  }, parsePosition(query.resumeAfter, 'participants'));
  for await (const list of lists) {
    for await (const { stopped, ...page } of readListPage(read, list)) {
      yield page;
      if (stopped) return;
    }
  }
}
