/** SQL of `race_links`: a registration race joined to the race that scores it, within one partner. */
import type { Queryable } from '../../db/database.js';

export interface RaceLink {
  id: number;
  timingPartnerId: number;
  registrationRaceId: number;
  scoringRaceId: number;
  createdAt: Date;
  /** The registration provider's result set published results go into, once created. */
  publishedResultSet: string | null;
}

interface LinkRow {
  id: number;
  timing_partner_id: number;
  registration_race_id: number;
  scoring_race_id: number;
  created_at: Date;
  published_result_set: string | null;
}

const toLink = (row: LinkRow): RaceLink => ({
  id: row.id, timingPartnerId: row.timing_partner_id, registrationRaceId: row.registration_race_id,
  scoringRaceId: row.scoring_race_id, createdAt: row.created_at, publishedResultSet: row.published_result_set,
});

/** Links the two races when both are the partner's (else undefined); an existing link is returned as it is. */
export async function addLink(db: Queryable, partnerId: number, registrationRaceId: number, scoringRaceId: number): Promise<RaceLink | undefined> {
  const [row] = await db.query<LinkRow>(
    `insert into race_links (timing_partner_id, registration_race_id, scoring_race_id)
     select $1, $2, $3
     where exists (select 1 from races where id = $2 and timing_partner_id = $1 and deleted_at is null)
       and exists (select 1 from races where id = $3 and timing_partner_id = $1 and deleted_at is null)
     on conflict (registration_race_id, scoring_race_id) where removed_at is null do update set created_at = race_links.created_at
     returning *`,
    [partnerId, registrationRaceId, scoringRaceId],
  );
  return row && toLink(row);
}

export async function listLinks(db: Queryable, partnerId?: number): Promise<RaceLink[]> {
  const rows = await db.query<LinkRow>(
    'select * from race_links where removed_at is null and ($1::bigint is null or timing_partner_id = $1) order by id',
    [partnerId ?? null],
  );
  return rows.map(toLink);
}

export async function getLink(db: Queryable, id: number, partnerId?: number): Promise<RaceLink | undefined> {
  const [row] = await db.query<LinkRow>(
    'select * from race_links where id = $1 and removed_at is null and ($2::bigint is null or timing_partner_id = $2)',
    [id, partnerId ?? null],
  );
  return row && toLink(row);
}

export async function removeLink(db: Queryable, id: number, partnerId?: number): Promise<boolean> {
  const rows = await db.query(
    'update race_links set removed_at = now() where id = $1 and removed_at is null and ($2::bigint is null or timing_partner_id = $2) returning id',
    [id, partnerId ?? null],
  );
  return rows.length > 0;
}

/** The live links a race takes part in, on either side. */
export async function linksOfRace(db: Queryable, raceId: number): Promise<RaceLink[]> {
  const rows = await db.query<LinkRow>(
    'select * from race_links where removed_at is null and (registration_race_id = $1 or scoring_race_id = $1) order by id',
    [raceId],
  );
  return rows.map(toLink);
}

/** A scoring result as matching sees it; its birthdate comes from the scoring provider's entry of that bib. */
export interface ScoredResult {
  id: number;
  bib: string | null;
  firstName: string | null;
  lastName: string | null;
  birthdate: string | null;
}

/** A registration as matching sees it. */
export interface Registrant {
  id: number;
  providerParticipantId: string;
  bib: string | null;
  firstName: string | null;
  lastName: string | null;
  birthdate: string | null;
}

export async function loadScoredResults(db: Queryable, scoringRaceId: number): Promise<ScoredResult[]> {
  const rows = await db.query<{ id: number; bib: string | null; first_name: string | null; last_name: string | null; birthdate: string | null }>(
    `select r.id, r.bib, r.first_name, r.last_name,
            (select p.birthdate from participants p where p.race_id = r.race_id and p.bib = r.bib and p.deleted_at is null order by p.id limit 1) as birthdate
     from results r where r.race_id = $1 and r.deleted_at is null order by r.id`,
    [scoringRaceId],
  );
  return rows.map((r) => ({ id: r.id, bib: r.bib, firstName: r.first_name, lastName: r.last_name, birthdate: r.birthdate }));
}

export async function loadRegistrants(db: Queryable, registrationRaceId: number): Promise<Registrant[]> {
  const rows = await db.query<{ id: number; provider_participant_id: string; bib: string | null; first_name: string | null; last_name: string | null; birthdate: string | null }>(
    `select id, provider_participant_id, bib, first_name, last_name, birthdate from participants
     where race_id = $1 and deleted_at is null order by id`,
    [registrationRaceId],
  );
  return rows.map((r) => ({ id: r.id, providerParticipantId: r.provider_participant_id, bib: r.bib, firstName: r.first_name, lastName: r.last_name, birthdate: r.birthdate }));
}

/** Stores each result's match (null: none), in one statement. */
export async function saveMatches(db: Queryable, matches: { resultId: number; participantId: number | null; method: string | null }[]): Promise<void> {
  if (matches.length === 0) return;
  await db.query(
    `update results r set registration_participant_id = m.participant_id, match_method = m.method
     from json_to_recordset($1::json) as m(result_id bigint, participant_id bigint, method text)
     where r.id = m.result_id
       and (r.registration_participant_id, r.match_method) is distinct from (m.participant_id, m.method)`,
    [JSON.stringify(matches.map((m) => ({ result_id: m.resultId, participant_id: m.participantId, method: m.method })))],
  );
}
