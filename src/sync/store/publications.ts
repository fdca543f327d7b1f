/**
 * SQL of `publications` and `published_results`: results of a link waiting to go back to the
 * registration provider, what a person decided, and what was last published of each result.
 */
import type { Queryable } from '../../db/database.js';
import type { PublishRow } from '../../providers/types.js';

export type PublicationStatus = 'pending' | 'approved' | 'rejected' | 'published' | 'failed';

export interface Publication {
  id: number;
  timingPartnerId: number;
  linkId: number;
  status: PublicationStatus;
  correction: boolean;
  rows: (PublishRow & { resultId: number; contentHash: string })[];
  diff: PublicationDiff;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  publishedAt: Date | null;
  providerAnswer: unknown;
  error: string | null;
}

/** Against what was last published: new rows, and changed ones with their old and new values. */
export interface PublicationDiff {
  added: number;
  changed: { registrationId: string; before: Partial<PublishRow>; after: Partial<PublishRow> }[];
}

interface PublicationRow {
  id: number; timing_partner_id: number; link_id: number; status: PublicationStatus; correction: boolean; rows: Publication['rows'];
  diff: PublicationDiff; created_at: Date; decided_at: Date | null; decided_by: string | null; published_at: Date | null;
  provider_answer: unknown; error: string | null;
}

const toPublication = (r: PublicationRow): Publication => ({
  id: r.id, timingPartnerId: r.timing_partner_id, linkId: r.link_id, status: r.status, correction: r.correction, rows: r.rows, diff: r.diff,
  createdAt: r.created_at, decidedAt: r.decided_at, decidedBy: r.decided_by, publishedAt: r.published_at, providerAnswer: r.provider_answer, error: r.error,
});

/** A matched result of the link's scoring race, as it would be published, with what was published of it. */
export interface Publishable extends PublishRow {
  resultId: number;
  contentHash: string;
  publishedHash: string | null;
  /** The last published row of it, for the diff. */
  published: Partial<PublishRow> | null;
}

export async function loadPublishable(db: Queryable, linkId: number, scoringRaceId: number): Promise<Publishable[]> {
  const rows = await db.query<{
    result_id: number; registration_id: string; bib: string | null; place: number | null; clock_time: string | null; chip_time: string | null;
    status: PublishRow['status']; content_hash: string; published_hash: string | null; published: Partial<PublishRow> | null;
  }>(
    `select r.id as result_id, p.provider_participant_id as registration_id, r.bib, r.overall_place as place, r.clock_time, r.chip_time,
            r.status, md5(r.content_hash || ':' || p.provider_participant_id) as content_hash, pr.content_hash as published_hash,
            (select row from publications pub, jsonb_array_elements(pub.rows) as row
              where pub.id = pr.publication_id and (row->>'resultId')::bigint = r.id limit 1) as published
     from results r
     join participants p on p.id = r.registration_participant_id
     left join published_results pr on pr.link_id = $1 and pr.result_id = r.id
     where r.race_id = $2 and r.deleted_at is null
     order by r.overall_place nulls last, r.id`,
    [linkId, scoringRaceId],
  );
  return rows.map((r) => ({
    resultId: r.result_id, registrationId: r.registration_id, bib: r.bib, place: r.place, clockTime: r.clock_time, chipTime: r.chip_time,
    status: r.status, contentHash: r.content_hash, publishedHash: r.published_hash, published: r.published,
  }));
}

/** The link's publication still open for a decision, or approved but not yet out. */
export async function findOpenPublication(db: Queryable, linkId: number): Promise<Publication | undefined> {
  const [row] = await db.query<PublicationRow>(
    "select * from publications where link_id = $1 and status in ('pending', 'approved') order by id desc limit 1",
    [linkId],
  );
  return row && toPublication(row);
}

export async function savePublication(
  db: Queryable,
  input: { id?: number; partnerId: number; linkId: number; rows: Publication['rows']; diff: PublicationDiff; correction: boolean; approvedBy?: string },
): Promise<Publication> {
  const status = input.approvedBy ? 'approved' : 'pending';
  const [row] = input.id === undefined
    ? await db.query<PublicationRow>(
      `insert into publications (timing_partner_id, link_id, rows, diff, correction, status, decided_at, decided_by)
       values ($1, $2, $3, $4, $5, $6, case when $6 = 'approved' then now() end, $7) returning *`,
      [input.partnerId, input.linkId, JSON.stringify(input.rows), JSON.stringify(input.diff), input.correction, status, input.approvedBy ?? null],
    )
    : await db.query<PublicationRow>(
      'update publications set rows = $2, diff = $3, correction = $4 where id = $1 returning *',
      [input.id, JSON.stringify(input.rows), JSON.stringify(input.diff), input.correction],
    );
  return toPublication(row!);
}

export async function listPublications(db: Queryable, partnerId: number | undefined, statuses: PublicationStatus[]): Promise<Publication[]> {
  const rows = await db.query<PublicationRow>(
    'select * from publications where ($1::bigint is null or timing_partner_id = $1) and status = any($2::text[]) order by id',
    [partnerId ?? null, statuses],
  );
  return rows.map(toPublication);
}

export async function getPublication(db: Queryable, id: number, partnerId?: number): Promise<Publication | undefined> {
  const [row] = await db.query<PublicationRow>('select * from publications where id = $1 and ($2::bigint is null or timing_partner_id = $2)', [id, partnerId ?? null]);
  return row && toPublication(row);
}

/** A person's decision on a pending publication; false when it was not pending. */
export async function decidePublication(db: Queryable, id: number, decision: 'approved' | 'rejected', by: string): Promise<boolean> {
  const rows = await db.query(
    "update publications set status = $2, decided_at = now(), decided_by = $3 where id = $1 and status = 'pending' returning id",
    [id, decision, by],
  );
  return rows.length > 0;
}

export async function approvedPublications(db: Queryable, linkId: number): Promise<Publication[]> {
  const rows = await db.query<PublicationRow>("select * from publications where link_id = $1 and status = 'approved' order by id", [linkId]);
  return rows.map(toPublication);
}

/** Records a publication as out, with the provider's answer, and each row as the last published. */
export async function markPublished(db: Queryable, publication: Publication, answer: unknown): Promise<void> {
  await db.query("update publications set status = 'published', published_at = now(), provider_answer = $2, error = null where id = $1", [publication.id, JSON.stringify(answer ?? null)]);
  await db.query(
    `insert into published_results (link_id, result_id, content_hash, publication_id)
     select $1, (r->>'resultId')::bigint, r->>'contentHash', $2 from jsonb_array_elements($3::jsonb) as r
     on conflict (link_id, result_id) do update set content_hash = excluded.content_hash, publication_id = excluded.publication_id`,
    [publication.linkId, publication.id, JSON.stringify(publication.rows)],
  );
}

export async function failPublication(db: Queryable, id: number, error: string): Promise<void> {
  await db.query("update publications set status = 'failed', error = $2 where id = $1", [id, error]);
}

export async function setPublishedResultSet(db: Queryable, linkId: number, resultSetId: string): Promise<void> {
  await db.query('update race_links set published_result_set = $2 where id = $1', [linkId, resultSetId]);
}
