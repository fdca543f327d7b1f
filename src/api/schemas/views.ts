/**
 * Rows of the public views as the API sends them: the views' own column names (DESIGN.md §3). Ids are
 * numbers, money and dates their PostgreSQL text ("57.75", "1990-04-02"), intervals "01:23:45.6",
 * timestamps ISO strings. Objects are loose: a column a later migration adds is passed on as it is.
 */
import { z } from 'zod';
import { nullableTimestamp, timestamp } from './common.js';

const text = z.string().nullable();
const int = z.number().int().nullable();

const owned = {
  timing_partner_id: z.number().int(),
  provider: z.string().describe('the provider the row came from (see `GET /v1/connections`)'),
};

export const eventRow = z.looseObject({
  ...owned,
  event_id: z.number().int(),
  provider_event_id: z.string(),
  name: z.string(),
  start_time: nullableTimestamp,
  time_zone: text,
  city: text,
  region: text,
  country: text,
  updated_at: timestamp,
}).meta({ id: 'Event' });

export const raceRow = z.looseObject({
  ...owned,
  event_id: z.number().int(),
  race_id: z.number().int(),
  provider_race_id: z.string(),
  name: z.string(),
  start_time: nullableTimestamp,
  distance: text,
  updated_at: timestamp,
}).meta({ id: 'Race' });

export const participantRow = z.looseObject({
  ...owned,
  event_id: z.number().int(),
  race_id: z.number().int(),
  participant_id: z.number().int(),
  provider_participant_id: z.string(),
  bib: text,
  chip: text,
  first_name: text,
  last_name: text,
  email: text,
  gender: z.enum(['M', 'F', 'X']).nullable(),
  birthdate: text.describe('YYYY-MM-DD'),
  age: int,
  city: text,
  region: text,
  country: text,
  team_name: text,
  amount_paid: text.describe('decimal in the currency\'s units, e.g. "57.75"'),
  registered_at: nullableTimestamp,
  provider_modified_at: nullableTimestamp,
  updated_at: timestamp,
}).meta({ id: 'Participant' });

export const resultRow = z.looseObject({
  ...owned,
  event_id: z.number().int(),
  race_id: z.number().int(),
  result_set: z.string(),
  participant_id: int.describe('the participant of the race with this bib, when known'),
  bib: text,
  first_name: text,
  last_name: text,
  gender: z.enum(['M', 'F', 'X']).nullable(),
  age: int,
  clock_time: text.describe('interval, e.g. "01:23:45.6"'),
  chip_time: text.describe('interval, e.g. "01:23:40"'),
  overall_place: int,
  gender_place: int,
  division_place: int,
  division: text,
  status: z.enum(['finished', 'dnf', 'dns', 'dq']),
  updated_at: timestamp,
  result_id: z.number().int(),
}).meta({ id: 'Result' });

export const splitRow = z.looseObject({
  ...owned,
  event_id: z.number().int(),
  race_id: z.number().int(),
  result_set: z.string(),
  participant_id: int,
  bib: text,
  split_name: text,
  split_order: int,
  distance_m: z.union([z.number(), z.string()]).nullable(),
  clock_time: text,
  chip_time: text,
  updated_at: timestamp,
}).meta({ id: 'Split' });
