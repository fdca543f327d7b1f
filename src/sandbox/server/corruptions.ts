/**
 * Malformed records on demand: chosen registrations are rendered with one required field missing or
 * of the wrong type, in that provider's terms (each skin names its fields), so a test can check that
 * the adapter rejects the one bad record and keeps the rest of its page. The world stays intact.
 */
import { z } from 'zod';

export const corruptSchema = z
  .object({
    /** Registration ids to corrupt; or `race` + `count` to let the sandbox choose. */
    registrations: z.array(z.number().int()).optional(),
    /** Neutral race id (WorldRace.id). */
    race: z.number().int().optional(),
    count: z.number().int().min(1).optional(),
    /** What to break: the participant record (default) or the registration's result rows. */
    target: z.enum(['participant', 'result']).optional(),
    /** A field of the provider's record, dotted for nested ones ("user.first_name"); default the skin's id field. */
    field: z.string().min(1).optional(),
    mode: z.enum(['missing', 'wrong_type']).optional(),
  })
  .strict();

export type CorruptRequest = z.input<typeof corruptSchema>;
export type CorruptTarget = 'participant' | 'result';

interface Corruption {
  field: string;
  mode: 'missing' | 'wrong_type';
}

/** A value of another JSON type than `value`: what a buggy serializer sends. */
function wrongTypeOf(value: unknown): unknown {
  if (typeof value === 'number') return `#${value}`;
  if (typeof value === 'string') return { value };
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === null || value === undefined) return [];
  return String(value);
}

export class Corruptions {
  private readonly marks = new Map<string, Corruption>();

  add(registrationIds: readonly number[], target: CorruptTarget, corruption: Corruption): void {
    for (const id of registrationIds) this.marks.set(`${target}:${id}`, corruption);
  }

  clear(): void {
    this.marks.clear();
  }

  get size(): number {
    return this.marks.size;
  }

  /** The record as rendered, or a corrupted copy when its registration was marked. */
  apply<T extends object>(target: CorruptTarget, registrationId: number, record: T): T {
    if (this.marks.size === 0) return record;
    const corruption = this.marks.get(`${target}:${registrationId}`);
    return corruption ? (corruptCopy(record, corruption) as T) : record;
  }
}

function corruptCopy(record: object, corruption: Corruption): object {
  const [head, ...rest] = corruption.field.split('.');
  // Arrays stay arrays, so "event_categories.0.tag_number" reaches into one.
  const copy = (Array.isArray(record) ? [...record] : { ...record }) as Record<string, unknown>;
  if (head === undefined) return copy;
  if (rest.length > 0 && copy[head] !== null && typeof copy[head] === 'object') {
    copy[head] = corruptCopy(copy[head] as object, { ...corruption, field: rest.join('.') });
  } else if (corruption.mode === 'missing') {
    delete copy[head];
  } else {
    copy[head] = wrongTypeOf(copy[head]);
  }
  return copy;
}
