/**
 * ChronoTrack Live skin options: the [CONFLICT] root keys of providers.md §2.5 (the wrapper's
 * singular `<parent>_<child>` names by default, the plural or short variants other clients read by
 * switch), the OAuth token lifetime (§2.2: clients assume 3600), the default page size ([INFERRED]
 * 50) and an optional budget (none is documented, §2.4).
 */
import { requireCount } from '../../world/options.js';

export interface ChronoTrackSkinOptions {
  /** GET /event/{id}/race: `event_race` (default, the wrapper) or `races` (a third-party doc). */
  raceListRoot?: 'event_race' | 'races';
  /** GET /race/{id}: `event_race` (default, the wrapper) or `race`. */
  raceRoot?: 'event_race' | 'race';
  /** GET /event/{id}/bracket: `event_bracket` (default) or `event_brackets` (the production plugin). */
  bracketRoot?: 'event_bracket' | 'event_brackets';
  /** GET /event/{id}/interval: `event_interval` (default) or `event_intervals`. */
  intervalRoot?: 'event_interval' | 'event_intervals';
  /** GET /event/{id}/wave: `event_wave` (default) or `waves`. */
  waveRoot?: 'event_wave' | 'waves';
  /** Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Page size without `size`; default 50. */
  defaultPageSize?: number;
  /** Per-client budget; over it 429 with Retry-After. Default off. */
  callsPerHour?: number;
}

export type ResolvedChronoTrackOptions = Required<Omit<ChronoTrackSkinOptions, 'callsPerHour'>> & { callsPerHour: number | undefined };

export function resolveChronoTrackOptions(options: ChronoTrackSkinOptions = {}): ResolvedChronoTrackOptions {
  return {
    raceListRoot: options.raceListRoot ?? 'event_race',
    raceRoot: options.raceRoot ?? 'event_race',
    bracketRoot: options.bracketRoot ?? 'event_bracket',
    intervalRoot: options.intervalRoot ?? 'event_interval',
    waveRoot: options.waveRoot ?? 'event_wave',
    tokenLifetimeSeconds: requireCount('chronotrack.tokenLifetimeSeconds', options.tokenLifetimeSeconds, 3600, 1),
    defaultPageSize: requireCount('chronotrack.defaultPageSize', options.defaultPageSize, 50, 1),
    callsPerHour: options.callsPerHour === undefined ? undefined : requireCount('chronotrack.callsPerHour', options.callsPerHour, 0, 1),
  };
}
