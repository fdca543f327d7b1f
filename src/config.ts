import { z } from 'zod';
import { decodeKey, SECRET_KEY_RULE } from './secrets.js';

/**
 * Settings come from the environment once, at start-up, and are passed down frozen. Nothing else
 * reads `process.env`. A bad setting fails start-up with one message listing every problem.
 */
const schema = z.object({
  P88_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().refine((url) => /^postgres(ql)?:\/\//.test(url) && URL.canParse(url), 'must be a postgres:// URL, e.g. postgres://user:pass@host:5432/db').optional(),
  P88_SECRET_KEY: z.string().min(1).refine((key) => decodeKey(key) !== null, SECRET_KEY_RULE).optional(),
  P88_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  P88_API_SECRET: z.string().min(1).optional(),
  P88_INCREMENTAL_DAYS: z.coerce.number().int().positive().default(7),
  P88_DELETE_GUARD: z.coerce.number().min(0).max(1).default(0.2),
  P88_CURSOR_LAG_SECONDS: z.coerce.number().int().min(0).default(10),
  P88_RESERVE_SHARE: z.coerce.number().min(0).max(0.9).default(0.3),
  P88_AUTH_FAILURE_LIMIT: z.coerce.number().int().positive().default(3),
});

export interface Config {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly secretKey: string | undefined;
  readonly logLevel: z.infer<typeof schema>['P88_LOG_LEVEL'];
  /** A provider secret given through the environment instead of a flag. */
  readonly apiSecret: string | undefined;
  readonly incrementalDays: number;
  /** Largest share of a race that one full sync may soft-delete before the deletion is held. */
  readonly deleteGuard: number;
  /** Seconds subtracted from the fetch start when moving an incremental cursor. */
  readonly cursorLagSeconds: number;
  /** Share of each connection's call budget kept for race-day targets. */
  readonly reserveShare: number;
  /** Authentication failures in a row after which a connection is paused. */
  readonly authFailureLimit: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    dataDir: e.P88_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    secretKey: e.P88_SECRET_KEY,
    logLevel: e.P88_LOG_LEVEL,
    apiSecret: e.P88_API_SECRET,
    incrementalDays: e.P88_INCREMENTAL_DAYS,
    deleteGuard: e.P88_DELETE_GUARD,
    cursorLagSeconds: e.P88_CURSOR_LAG_SECONDS,
    reserveShare: e.P88_RESERVE_SHARE,
    authFailureLimit: e.P88_AUTH_FAILURE_LIMIT,
  });
}
