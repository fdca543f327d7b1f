/**
 * POST /race-registrations/{raceId} (providers.md §5.3, K2): a JSON array of participants, each
 * checked on its own — `id`, `name` and `surname` required; `birthdate` YYYY-MM-DD, `gender`
 * male | female | mixed and `eventId` (an event of the race, or empty: the athlete chooses) when
 * given. Valid items are upserted by `id` (extra keys kept); if any item is invalid the answer is
 * a 400 listing each one's errors, with the counts of what was still applied. Response shapes are
 * [INFERRED]. Pushed athletes show in GET …/athletes: over the world's athlete of the same id, or
 * as a new athlete that has not started.
 */
import type { WorldEvent } from '../../world/index.js';

export type Pushed = Record<string, unknown> & { id: string; name: string; surname: string };

export interface PushResult {
  status: number;
  body: { created: number; updated: number; message?: string; errors?: Array<{ index: number; id: string | null; errors: string[] }> };
}

const GENDERS = ['male', 'female', 'mixed'];

function problemsOf(item: unknown, event: WorldEvent): string[] {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return ['must be an object'];
  const record = item as Record<string, unknown>;
  const problems: string[] = [];
  const text = (key: string) => typeof record[key] === 'string' && (record[key] as string).trim() !== '';
  if (!text('id') && typeof record.id !== 'number') problems.push('id is required');
  if (!text('name')) problems.push('name is required');
  if (!text('surname')) problems.push('surname is required');
  const { birthdate, gender, eventId, dorsal } = record;
  if (birthdate !== undefined && birthdate !== null && birthdate !== '' && !validDate(birthdate)) problems.push('birthdate must be YYYY-MM-DD');
  if (gender !== undefined && gender !== null && gender !== '' && !GENDERS.includes(String(gender))) problems.push('gender must be male, female or mixed');
  if (eventId !== undefined && eventId !== null && eventId !== '' && !event.races.some((r) => r.ids.copernico === eventId)) {
    problems.push(`eventId ${String(eventId)} is not an event of race ${event.ids.copernico}`);
  }
  if (dorsal !== undefined && dorsal !== null && typeof dorsal !== 'string' && typeof dorsal !== 'number') problems.push('dorsal must be text');
  return problems;
}

function validDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** One POST as it came and how it was answered, for the admin state (tests inspect what was pushed). */
export interface RegistrationPost {
  raceId: string;
  status: number;
  items: unknown;
}

export class RegistrationStore {
  /** Race slug → id → the last pushed item. */
  private readonly byRace = new Map<string, Map<string, Pushed>>();
  readonly posts: RegistrationPost[] = [];

  push(event: WorldEvent, body: unknown): PushResult {
    const result = this.apply(event, body);
    this.posts.push({ raceId: event.ids.copernico as string, status: result.status, items: body });
    return result;
  }

  private apply(event: WorldEvent, body: unknown): PushResult {
    if (!Array.isArray(body)) return { status: 400, body: { created: 0, updated: 0, message: 'the body must be a JSON array of participants' } };
    const race = this.pushedTo(event);
    const errors: NonNullable<PushResult['body']['errors']> = [];
    let created = 0;
    let updated = 0;
    body.forEach((item, index) => {
      const problems = problemsOf(item, event);
      const id = item !== null && typeof item === 'object' && 'id' in item ? String((item as { id: unknown }).id) : null;
      if (problems.length > 0) {
        errors.push({ index, id, errors: problems });
        return;
      }
      if (race.has(id as string)) updated += 1;
      else created += 1;
      race.set(id as string, { ...(item as Pushed), id: id as string });
    });
    return errors.length > 0 ? { status: 400, body: { created, updated, errors } } : { status: 200, body: { created, updated } };
  }

  pushedTo(event: WorldEvent): Map<string, Pushed> {
    const slug = event.ids.copernico as string;
    let race = this.byRace.get(slug);
    if (!race) {
      race = new Map();
      this.byRace.set(slug, race);
    }
    return race;
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.byRace].map(([slug, items]) => [slug, items.size]));
  }
}
