import { z } from 'zod';
import { nullableTimestamp, timestamp } from './common.js';

export const syncRequestSchema = z.object({
  id: z.number().int(),
  status: z.enum(['queued', 'running', 'succeeded', 'partial', 'failed']).describe('queued until a worker starts its run, then the run\'s status'),
  kind: z.string(),
  target_id: z.number().int(),
  connection_id: z.number().int(),
  race_id: z.number().int().nullable(),
  full: z.boolean(),
  run_id: z.number().int().nullable().describe('the run answering the request, once started: watch it at /v1/runs/{run_id}'),
  requested_at: timestamp,
  deduplicated: z.boolean().describe('an earlier request (running, queued, or of the same Idempotency-Key) answers this one'),
}).meta({ id: 'SyncRequest' });

export const syncBody = z.object({
  kind: z.enum(['participants', 'results', 'discovery'], { error: 'must be participants, results or discovery' }),
  race_id: z.number({ error: 'must be a race id (a whole number)' }).int().positive().optional(),
  connection_id: z.number({ error: 'must be a connection id (a whole number)' }).int().positive().optional(),
  full: z.boolean({ error: 'must be true or false' }).optional().describe('read everything, not only what changed'),
}).strict().meta({ id: 'SyncTrigger' });

export const runSchema = z.object({
  id: z.number().int(),
  timing_partner_id: z.number().int(),
  connection_id: z.number().int(),
  provider: z.string(),
  target_id: z.number().int(),
  kind: z.string(),
  race_id: z.number().int().nullable(),
  race_name: z.string().nullable(),
  mode: z.string(),
  status: z.enum(['running', 'succeeded', 'partial', 'failed']),
  dry_run: z.boolean(),
  started_at: timestamp,
  finished_at: nullableTimestamp,
  api_calls: z.number().int(),
  pages: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  deleted: z.number().int(),
  rejected: z.number().int(),
  error_class: z.string().nullable(),
  error_message: z.string().nullable(),
  lateness_ms: z.number().nullable(),
}).meta({ id: 'Run' });

export const targetSchema = z.object({
  id: z.number().int(),
  timing_partner_id: z.number().int(),
  connection_id: z.number().int(),
  provider: z.string(),
  kind: z.string(),
  race_id: z.number().int().nullable(),
  race_name: z.string().nullable(),
  race_start_time: nullableTimestamp,
  state: z.enum(['active', 'paused', 'done', 'failed']),
  due: z.boolean(),
  running: z.boolean(),
  next_run_at: nullableTimestamp,
  priority: z.number().int(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  last_success_at: nullableTimestamp,
}).meta({ id: 'Target' });

export const connectionSchema = z.object({
  id: z.number().int(),
  timing_partner_id: z.number().int(),
  provider: z.string(),
  base_url: z.string().nullable(),
  status: z.enum(['active', 'paused', 'auth_failed']),
  budget_per_hour: z.number().int(),
  budget: z.object({
    used_this_hour: z.number(),
    left: z.number(),
    paused_until: nullableTimestamp,
  }).nullable().describe('null until the connection\'s first sync'),
  settings: z.record(z.string(), z.unknown()),
  created_at: timestamp,
}).meta({ id: 'Connection' });

export const alertSchema = z.object({
  id: z.number().int(),
  timing_partner_id: z.number().int().nullable(),
  connection_id: z.number().int().nullable(),
  target_id: z.number().int().nullable(),
  kind: z.string(),
  message: z.string(),
  details: z.unknown(),
  created_at: timestamp,
  delivered_at: nullableTimestamp,
  resolved_at: nullableTimestamp,
}).meta({ id: 'Alert' });
