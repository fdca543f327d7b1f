/**
 * The baseline: the raw bulk-upsert rate of the very rows the full sync stored, written with the
 * sync's own statement (`upsertParticipants`) in pages of 2,500 into an emptied participants table.
 * Only the upsert calls are timed (JSON encoding included, as in the sync); reading the rows back
 * from the holding table is not.
 */
import type { Database } from '../../src/db/database.js';
import { upsertParticipants, type ParticipantRow } from '../../src/sync/store/participants.js';

export const BASELINE_BATCH = 2500;

export interface BaselineResult {
  rows: number;
  batches: number;
  batchSize: number;
  /** Sum of the timed upsert calls. */
  durationMs: number;
  rowsPerSec: number;
}

const COPY_COLUMNS = `id, timing_partner_id, provider, connection_id, event_id, race_id, provider_participant_id, bib, chip,
  first_name, last_name, email, gender, birthdate, age, city, region, country, team_name, amount_paid, registered_at,
  raw, content_hash, provider_modified_at`;

type StoredRow = ParticipantRow & { id: number; registered_at: Date | string | null; provider_modified_at: Date | string | null };

const iso = (value: Date | string | null): string | null => (value instanceof Date ? value.toISOString() : value);

/** The row as the sync hands it to the upsert (timestamps as ISO text, numeric and date as text). */
function toUpsertRow({ id: _id, ...row }: StoredRow): ParticipantRow {
  return { ...row, registered_at: iso(row.registered_at), provider_modified_at: iso(row.provider_modified_at) };
}

/**
 * Moves the stored participants aside, empties the table, and upserts them back batch by batch.
 * Afterwards the table holds the same rows (with new ids), so later phases re-sync against it.
 */
export async function measureBaseline(db: Database): Promise<BaselineResult> {
  await db.exec(`drop table if exists bench_rows;
    create table bench_rows as select ${COPY_COLUMNS} from participants where deleted_at is null;
    create index on bench_rows (id);
    truncate participants cascade;`); // results and push items point at participants; this world has none
  let after = 0;
  let rows = 0;
  let batches = 0;
  let durationMs = 0;
  for (;;) {
    const stored = await db.query<StoredRow>(`select * from bench_rows where id > $1 order by id limit ${BASELINE_BATCH}`, [after]);
    if (stored.length === 0) break;
    after = stored.at(-1)!.id;
    const batch = stored.map(toUpsertRow);
    const startedAt = performance.now();
    await upsertParticipants(db, batch);
    durationMs += performance.now() - startedAt;
    rows += batch.length;
    batches += 1;
  }
  await db.exec('drop table bench_rows');
  return { rows, batches, batchSize: BASELINE_BATCH, durationMs: Math.round(durationMs), rowsPerSec: Math.round(rows / (durationMs / 1000)) };
}
