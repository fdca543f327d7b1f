import { z } from 'zod';

/**
 * Connection settings the scheduler reads, for providers whose races have a date and no time (Haku):
 * the local time the race is assumed to start, for its proximity cadence (scheduler/race-clock.ts).
 */
export const scheduleSettingsShape = {
  assumedStartTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h, local time)').default('07:00'),
};
