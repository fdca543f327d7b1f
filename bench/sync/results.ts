/** What one engine's bench run measured; sent from the engine process to the parent as JSON. */
import type { RunCounts } from '../../src/sync/store/runs.js';
import type { AutoAnalyzeStats } from './auto-analyze.js';
import type { BaselineResult } from './baseline.js';
import type { ResultsBaselineResult } from './results-baseline.js';
import type { Scorer } from './scoring-world.js';
import type { MinimumCalls } from './minimum-calls.js';
import type { StatementTime } from './timed-io.js';
import type { EngineName } from './scratch-database.js';

export interface SyncPhase {
  /** Wall time of the whole `runSync`, discovery included. */
  durationMs: number;
  discoveryMs: number;
  /**
   * Wall time split: awaiting the database, awaiting HTTP responses, and the rest (the sync's own
   * CPU). The sync prefetches the next page of a race while writing the current one, so HTTP time can
   * overlap database time and the rest is then a lower bound of the sync's own work.
   */
  time: { dbMs: number; httpMs: number; otherMs: number };
  /** Sum of the runs' counts; `apiCalls` is what the engine itself counted. */
  counts: RunCounts;
  /** API calls seen on the wire, by endpoint. */
  callsByEndpoint: Record<string, number>;
  runs: number;
  /** Runs that did not succeed (should be 0). */
  notSucceeded: number;
  modes: Record<string, number>;
  peakRssMb: number;
  /** Peak of the V8 heap in use: what the sync's own data needs (RSS adds the runtime and free heap). */
  peakHeapUsedMb: number;
  /** Heap still in use after the phase and a full GC (null without --expose-gc): growth here would be a leak. */
  retainedHeapMb: number | null;
  /** Transactions (page writes; their time includes the commit) and the statements that took longest. */
  database: { transactions: StatementTime; topStatements: Record<string, StatementTime> };
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
  /** The auto-analyze stand-in's work, or null when it was off. */
  autoAnalyze: AutoAnalyzeStats | null;
}

/** What the results phase measured on one engine (bench/sync/scoring-run.ts). */
export interface ScoringResult {
  engine: EngineName;
  scorer: Scorer;
  /** What the scorer's skin serves, from its /_admin/state. */
  world: { events: number; races: number; registrations: number };
  rssAtStartMb: number;
  lifetimeMaxRssMb: number;
  /** First collection: discovery, then every race's results in full. */
  collection: SyncPhase & { resultsStored: number; splitsStored: number; resultsPerSec: number };
  baseline: ResultsBaselineResult;
  /** Collection results/s ÷ baseline results/s. */
  collectionVsBaseline: number;
  /** Collection again after the scorer corrected, finished or withdrew `changed` results. */
  recollection: SyncPhase & { changed: number; racesTouched: number; speedup: number };
}

export interface BenchRun {
  startedAt: string;
  finishedAt: string;
  code: { commit: string; srcDirty: boolean };
  machine: { cpus: number; cpuModel: string; memoryMb: number; node: string; platform: string; loadAverage: { atStart: number[]; atEnd: number[] } };
  world: { races: number; participants: number; seed: number; changeShare: number };
  autoAnalyze: boolean;
  /** Reads run at the same time by each sync (`--concurrency`). */
  concurrency: number;
  /** Node flags of the measuring child besides --expose-gc: p88's own (its shebang), then `--engine-flags`. */
  engineFlags: string[];
  /** The participants phases, per engine (none when --phases leaves them out). */
  engines: EngineResult[];
  /** The results phase, per engine (none when --phases leaves it out). */
  scoring: ScoringResult[];
}
