import { z } from 'zod';
import { MAX_LIMIT } from '../pagination.js';

/** A database id in a path or query: a positive whole number. */
export const idValue = z.coerce.number({ error: 'must be a positive whole number' }).int('must be a positive whole number')
  .positive('must be a positive whole number').max(Number.MAX_SAFE_INTEGER, 'is too large');

export const idParams = z.object({ id: idValue });

export const listQuery = z.object({
  cursor: z.string().min(1).max(200).optional().describe('`next_cursor` of the previous page; omit for the first page'),
  limit: z.coerce.number({ error: 'must be a whole number from 1 to 1000' }).int('must be a whole number from 1 to 1000')
    .min(1, 'must be at least 1').max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`).optional().describe(`rows per page (default 100, at most ${MAX_LIMIT})`),
  partner_id: idValue.optional().describe('admin tokens: only this partner (partner tokens always see only their own)'),
});

export const timestamp = z.string().describe('ISO 8601 timestamp (UTC)');
export const nullableTimestamp = timestamp.nullable();

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
}).meta({ id: 'Error' });

export function pageSchema<T extends z.ZodType>(row: T, id: string) {
  return z.object({
    data: z.array(row),
    next_cursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
  }).meta({ id });
}

/** The strict `true|false` of a query string. */
export const queryBoolean = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');
