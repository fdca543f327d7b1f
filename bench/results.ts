/** What one engine's bench run measured; sent from the engine process to the parent as JSON. */
import type { RunCounts } from '../src/sync/store/runs.js';
import type { BaselineResult } from './baseline.js';
import type { MinimumCalls } from './minimum-calls.js';
import type { EngineName } from './scratch-database.js';

export interface SyncPhase {
  /** Wall time of the whole `runSync`, discovery included. */
  durationMs: number;
  discoveryMs: number;
  /** Sum of the runs' counts; `apiCalls` is what the engine itself counted. */
  counts: RunCounts;
  /** API calls seen on the wire, by endpoint. */
  callsByEndpoint: Record<string, number>;
  runs: number;
  /** Runs that did not succeed (should be 0). */
  notSucceeded: number;
  modes: Record<string, number>;
  peakRssMb: number;
}

export interface ResyncPhase extends SyncPhase {
  /** Distinct registrations the sandbox changed before this re-sync. */
  changed: number;
  /** Races (events) those changes touched. */
  racesTouched: number;
  /** First full sync duration ÷ this duration. */
  speedup: number;
}

export interface EngineResult {
  engine: EngineName;
  /** RSS of the sync process with the database open, before the first sync. */
  rssAtStartMb: number;
  /** Peak RSS over the process's whole life (`process.resourceUsage().maxRSS`). */
  lifetimeMaxRssMb: number;
  fullSync: SyncPhase & {
    participantsStored: number;
    participantsPerSec: number;
    minimumCalls: MinimumCalls;
    /** counts.apiCalls ÷ minimumCalls.total. */
    callsOverMinimum: number;
  };
  baseline: BaselineResult;
  /** Full sync participants/s ÷ baseline rows/s. */
  fullVsBaseline: number;
  incremental: ResyncPhase;
  fullResync: ResyncPhase & { minimumCalls: MinimumCalls; callsOverMinimum: number };
}

export interface BenchRun {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryMb: number; node: string; platform: string };
  world: { races: number; participants: number; seed: number; changeShare: number };
  engines: EngineResult[];
}
