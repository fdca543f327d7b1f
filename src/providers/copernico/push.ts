/**
 * Pushing registrations to a Copernico race: `POST <origin>/race-registrations/{raceId}` with a JSON
 * array (providers.md §5.3, K2). Copernico updates by `id`, so a batch sent again duplicates nothing.
 * Its answer is [INFERRED] (§5.3): a 2xx takes the whole batch; a 400 lists the refused items by
 * index or id with their errors. Whether it took the rest is not known, so by default (`pushRefused:
 * 'resend'`) the rest is sent again, which costs a call and duplicates nothing; `'rest-taken'` trusts
 * the 400 (the sandbox's model). A 400 that lists no item refused the batch as a whole: an error of
 * the request, not of an item.
 */
import { z } from 'zod';
import type { Gender } from '../../model/canonical.js';
import type { PushOutcome, PushParticipant, PushQuery } from '../types.js';
import type { CopernicoClient } from './client.js';
import { splitProviderRaceId } from './events.js';
import type { CopernicoSettings } from './settings.js';

/** Copernico's genders; the read side maps `mixed` to X, so X goes back as `mixed`. */
const GENDER: Record<Gender, string> = { M: 'male', F: 'female', X: 'mixed' };

const refusalsSchema = z.object({
  errors: z.array(z.object({
    index: z.number().int().nonnegative().optional(),
    id: z.union([z.string(), z.number()]).nullish(),
    errors: z.array(z.string()).min(1),
  })).min(1),
});

/** The import's body for one registration; empty values are left out (the import checks what is there). */
export function copernicoPushItem(item: PushParticipant, raceId: string, eventId: string): Record<string, string> {
  const fields: Record<string, string | null> = {
    id: item.id,
    name: item.firstName,
    surname: item.lastName,
    gender: item.gender ? GENDER[item.gender] : null,
    birthdate: item.birthdate,
    dorsal: item.bib,
    club: item.team,
    raceId,
    eventId,
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== null && entry[1] !== ''));
}

export async function pushParticipants(
  client: CopernicoClient,
  settings: CopernicoSettings,
  query: PushQuery,
  items: PushParticipant[],
): Promise<PushOutcome> {
  const { raceId, eventName } = splitProviderRaceId(query.providerRaceId);
  const mapped = (key: string, fallback: string) => (Object.hasOwn(settings.pushIds, key) ? settings.pushIds[key]! : fallback);
  const importRaceId = mapped(raceId, raceId);
  const eventId = mapped(query.providerRaceId, eventName);
  const path = `/race-registrations/${encodeURIComponent(importRaceId)}`;
  const rejected: PushOutcome['rejected'] = [];
  // Each round refuses at least one more item or ends, so it ends within items.length rounds.
  for (let batch = items; batch.length > 0; ) {
    const body = batch.map((item) => copernicoPushItem(item, importRaceId, eventId));
    const response = await client.postJson(path, body, { anonymous: settings.pushAuth === 'none', answers: [400] });
    if (response.status !== 400) break;
    const refused = refusalsOf(client, path, response.body, batch);
    rejected.push(...refused);
    if (settings.pushRefused === 'rest-taken') break;
    const refusedIds = new Set(refused.map((r) => r.id));
    batch = batch.filter((item) => !refusedIds.has(item.id));
  }
  return { rejected };
}

/** The refused items of a 400, each named by its index or its id in the batch. */
function refusalsOf(client: CopernicoClient, path: string, answer: unknown, items: PushParticipant[]): PushOutcome['rejected'] {
  const parsed = refusalsSchema.safeParse(answer);
  if (!parsed.success) {
    throw client.fail('config', `Copernico POST ${path}: HTTP 400 refused the whole batch (${describe(answer)})`);
  }
  return parsed.data.errors.map((refusal) => {
    const byIndex = refusal.index !== undefined ? items[refusal.index] : undefined;
    const id = byIndex?.id ?? (refusal.id === null || refusal.id === undefined ? undefined : String(refusal.id));
    if (id === undefined || !items.some((item) => item.id === id)) {
      throw client.fail('config', `Copernico POST ${path}: HTTP 400 names an item not in the batch (index ${refusal.index ?? '?'}, id ${refusal.id ?? '?'})`);
    }
    return { id, reasons: refusal.errors };
  });
}

function describe(answer: unknown): string {
  if (answer !== null && typeof answer === 'object' && 'message' in answer) return String((answer as { message: unknown }).message);
  return JSON.stringify(answer)?.slice(0, 200) ?? 'no body';
}
