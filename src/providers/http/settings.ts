import { z } from 'zod';

/** Switches every adapter's HTTP client takes: its timeout and its retries of transient failures. */
export const clientSettingsShape = {
  timeoutMs: z.number().int().positive().default(30_000),
  maxAttempts: z.number().int().min(1).max(10).default(3),
  retryBaseMs: z.number().int().min(0).default(200),
};

export interface ClientSettings {
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
}
