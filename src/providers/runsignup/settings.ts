/**
 * RunSignUp adapter settings: timeouts, retries, page sizes and the switches for behaviour
 * providers.md §1 marks INFERRED or CONFLICT. Parsed once when the adapter is created.
 */
import { z } from 'zod';
import { SyncError } from '../../errors.js';
import { clientSettingsShape } from '../http/settings.js';

export const runsignupSettingsSchema = z.object({
  ...clientSettingsShape,
  /** `/races` allows at most 1000 per page. */
  racesPageSize: z.number().int().min(1).max(1000).default(1000),
  /** `/participants` allows at most 2500 per page. */
  participantsPageSize: z.number().int().min(1).max(2500).default(2500),
  resultsPageSize: z.number().int().min(1).default(1000),
  /** [CONFLICT] one client sends `results_per_page`, another `num`. */
  resultsPageParam: z.enum(['results_per_page', 'num']).default('results_per_page'),
  /** [INFERRED] name of the "only my partner races" flag on `/races`; null sends none. */
  partnerRacesParam: z.string().min(1).nullable().default('only_partner_races'),
  /** Sent as `partner_id` on `/races` when given. */
  partnerId: z.union([z.string().min(1), z.number().int()]).transform(String).optional(),
});

export type RunSignupSettings = Readonly<z.output<typeof runsignupSettingsSchema>>;

/** Unknown keys are ignored so one settings object can carry other layers' switches. */
export function parseRunSignupSettings(settings: Record<string, unknown>): RunSignupSettings {
  const parsed = runsignupSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new SyncError('config', `Invalid RunSignUp settings: ${problems.join('; ')}`, { cause: parsed.error });
  }
  return Object.freeze(parsed.data);
}
