/** SQL of `push_items`: what was last pushed of each registration of a link, or why it was refused. */
import type { Queryable } from '../../db/database.js';
import type { Gender } from '../../model/canonical.js';

export interface PushCandidate {
  participantId: number;
  providerParticipantId: string;
  deleted: boolean;
  firstName: string | null;
  lastName: string | null;
  gender: Gender | null;
  birthdate: string | null;
  bib: string | null;
  teamName: string | null;
  /** What was last pushed of it, if anything. */
  pushedHash: string | null;
  pushedStatus: 'pushed' | 'rejected' | 'withdrawn' | null;
}

/** The registrations of the race: the active ones, and the withdrawn ones that had been pushed. */
export async function loadPushCandidates(db: Queryable, linkId: number, registrationRaceId: number): Promise<PushCandidate[]> {
  const rows = await db.query<{
    id: number; provider_participant_id: string; deleted: boolean; first_name: string | null; last_name: string | null; gender: Gender | null;
    birthdate: string | null; bib: string | null; team_name: string | null; content_hash: string | null; status: PushCandidate['pushedStatus'];
  }>(
    `select p.id, p.provider_participant_id, p.deleted_at is not null as deleted, p.first_name, p.last_name, p.gender, p.birthdate, p.bib,
            p.team_name, i.content_hash, i.status
     from participants p left join push_items i on i.link_id = $1 and i.participant_id = p.id
     where p.race_id = $2 and (p.deleted_at is null or i.status = 'pushed')
     order by p.id`,
    [linkId, registrationRaceId],
  );
  return rows.map((r) => ({
    participantId: r.id, providerParticipantId: r.provider_participant_id, deleted: r.deleted, firstName: r.first_name, lastName: r.last_name,
    gender: r.gender, birthdate: r.birthdate, bib: r.bib, teamName: r.team_name, pushedHash: r.content_hash, pushedStatus: r.status,
  }));
}

export interface PushItemRow {
  participantId: number;
  pushedId: string;
  contentHash: string;
  status: 'pushed' | 'rejected' | 'withdrawn';
  reason: string | null;
}

export async function savePushItems(db: Queryable, linkId: number, items: PushItemRow[]): Promise<void> {
  if (items.length === 0) return;
  await db.query(
    `insert into push_items (link_id, participant_id, pushed_id, content_hash, status, reason)
     select $1, i.participant_id, i.pushed_id, i.content_hash, i.status, i.reason
     from json_to_recordset($2::json) as i(participant_id bigint, pushed_id text, content_hash text, status text, reason text)
     on conflict (link_id, participant_id) do update set
       pushed_id = excluded.pushed_id, content_hash = excluded.content_hash, status = excluded.status, reason = excluded.reason, pushed_at = now()`,
    [linkId, JSON.stringify(items.map((i) => ({ participant_id: i.participantId, pushed_id: i.pushedId, content_hash: i.contentHash, status: i.status, reason: i.reason })))],
  );
}

export interface PushReject {
  participantId: number;
  pushedId: string;
  reason: string | null;
  pushedAt: Date;
}

/** The registrations the provider refused, with its reasons. */
export async function listPushRejects(db: Queryable, linkId: number): Promise<PushReject[]> {
  const rows = await db.query<{ participant_id: number; pushed_id: string; reason: string | null; pushed_at: Date }>(
    "select participant_id, pushed_id, reason, pushed_at from push_items where link_id = $1 and status = 'rejected' order by participant_id",
    [linkId],
  );
  return rows.map((r) => ({ participantId: r.participant_id, pushedId: r.pushed_id, reason: r.reason, pushedAt: r.pushed_at }));
}
