/**
 * startRunSignupSandbox: a world held only at RunSignUp, served by the RunSignUp skin alone, with
 * the options, ids and read access of the RunSignUp-only sandbox this one replaced — for the tests,
 * benchmarks and demo written against it. Its vocabulary is RunSignUp's: races (world events) of
 * events (world races) of participants.
 */
import type { RunSignupChangeSummary, RunSignupSkin } from './skins/runsignup/index.js';
import type { RunSignupSkinOptions } from './skins/runsignup/options.js';
import { runSignupWorldView, type SandboxCredential, type SandboxWorld } from './skins/runsignup/world-view.js';
import { startSandbox, type FaultRequest, type Sandbox } from './start.js';
import type { ClockOptions } from './world/clock.js';
import type { WorldChange } from './world/index.js';

export interface RunSignupSandboxOptions extends Omit<RunSignupSkinOptions, 'resultSetsPerRace'>, Pick<ClockOptions, 'now' | 'clock'> {
  /** Same options and seed give byte-identical data. Default 1. */
  seed?: number;
  /** Default 2; each partner has its own api_key/api_secret and owns its races. */
  partners?: number;
  /** Default 5. */
  racesPerPartner?: number;
  /** Default 2 (RunSignUp "events" are the distances within a race). */
  eventsPerRace?: number;
  /** Default 50; ignored when totalParticipants is set. */
  participantsPerEvent?: number;
  /** Distributes exactly this many active participants over all events, skewed (few big, many small). */
  totalParticipants?: number;
  /** Default 1; events whose start is before the anchor have complete result sets. */
  resultSetsPerEvent?: number;
  /** All data dates are placed relative to this instant; default now() truncated to the hour. */
  anchor?: Date;
  /** Share of races in the past (they have results). Default 0.3. */
  pastShare?: number;
  /** Start of the first event of the race at `raceIndex` (0-based, catalog order); see WorldOptions.eventStarts. */
  raceStarts?: (raceIndex: number) => Date | undefined;
  /** Delay added to every API request. Default 0. */
  latencyMs?: number;
  /** Most participants kept in the event cache (a weight, not a count of events). Default 30000 (~100 MB). */
  cacheParticipants?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
}

/** A change in RunSignUp's ids: `raceId` (a RunSignUp race) and `eventId` (one of its events). */
export type RunSignupChange = Omit<WorldChange, 'event' | 'race'> & { raceId?: number; eventId?: number };
export type MutationSummary = RunSignupChangeSummary;

export interface RunSignupSandbox {
  /** e.g. http://127.0.0.1:PORT/Rest */
  baseUrl: string;
  /** http://127.0.0.1:PORT, where /_admin/* lives. */
  origin: string;
  credentials: SandboxCredential[];
  world: SandboxWorld;
  /** Same as POST /_admin/mutate. */
  mutate(change: RunSignupChange): MutationSummary;
  /** Same as POST /_admin/faults: one fault, or random mode on ({random}) or off ({random: null}). */
  injectFault(fault: FaultRequest): void;
  /** API calls served, per api_key or in total; admin calls are not counted. */
  callCount(apiKey?: string): number;
  /** The underlying multi-provider sandbox (its clock, neutral world and mutate). */
  sandbox: Sandbox;
  close(): Promise<void>;
}

export async function startRunSignupSandbox(options: RunSignupSandboxOptions = {}): Promise<RunSignupSandbox> {
  const sandbox = await startSandbox({
    providers: ['runsignup'],
    seed: options.seed,
    partners: options.partners,
    eventsPerPartner: { runsignup: options.racesPerPartner ?? 5 },
    scoredShare: 0,
    racesPerEvent: options.eventsPerRace,
    registrationsPerRace: options.participantsPerEvent,
    totalRegistrations: options.totalParticipants,
    anchor: options.anchor,
    pastShare: options.pastShare,
    eventStarts: options.raceStarts,
    cacheRegistrations: options.cacheParticipants,
    now: options.now,
    clock: options.clock,
    latencyMs: options.latencyMs,
    host: options.host,
    ports: { runsignup: options.port ?? 0 },
    runsignup: {
      resultSetsPerRace: options.resultSetsPerEvent,
      callsPerHour: options.callsPerHour,
      errorHttpStatus: options.errorHttpStatus,
      throttleAs: options.throttleAs,
      omitEmptyParticipantsKey: options.omitEmptyParticipantsKey,
      removedShape: options.removedShape,
      xmlAnswer: options.xmlAnswer,
    },
  });
  const skin = sandbox.skin('runsignup') as RunSignupSkin;
  const endpoint = sandbox.endpoint('runsignup');
  return {
    baseUrl: endpoint.baseUrl,
    origin: endpoint.origin,
    credentials: skin.partners.map(({ partner, apiKey, apiSecret }) => ({ partner, apiKey, apiSecret })),
    world: runSignupWorldView(skin.state, skin.partners),
    mutate: (change) => skin.describeChange(sandbox.mutate(skin.translateChange(change))),
    injectFault: (fault) => sandbox.injectFault(fault),
    callCount: (apiKey) => sandbox.callCount('runsignup', apiKey),
    sandbox,
    close: () => sandbox.close(),
  };
}
