/** The bench's targets, the table printed at the end, and the JSON file under `.bench/`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable } from '../../src/cli/output.js';
import type { BenchRun, EngineResult, ScoringResult, SyncPhase } from './results.js';

export interface TargetCheck {
  target: string;
  value: number;
  met: boolean;
}

export interface TargetChecks {
  /** Full sync participants/s ÷ baseline rows/s. */
  rateVsBaseline: TargetCheck;
  /** Peak RSS of the sync process during the full sync, MB. */
  peakRss: TargetCheck;
  /** Full sync time ÷ incremental re-sync time with 1 % changed. */
  resyncSpeedup: TargetCheck;
  /** Full sync API calls ÷ the minimum. */
  callsOverMinimum: TargetCheck;
}

const atLeast = (value: number, limit: number): TargetCheck => ({ target: `>= ${limit}`, value, met: value >= limit });
const atMost = (value: number, limit: number): TargetCheck => ({ target: `<= ${limit}`, value, met: value <= limit });

export function checkTargets(result: EngineResult): TargetChecks {
  return {
    rateVsBaseline: atLeast(result.fullVsBaseline, 0.5),
    peakRss: atMost(result.fullSync.peakRssMb, 300),
    resyncSpeedup: atLeast(result.incremental.speedup, 5),
    callsOverMinimum: atMost(result.fullSync.callsOverMinimum, 1.05),
  };
}

export interface ScoringTargetChecks {
  /** Collection results/s ÷ baseline results/s. */
  rateVsBaseline: TargetCheck;
  /** Peak RSS of the sync process during the collection, MB. */
  peakRss: TargetCheck;
}

/** The participants phase's targets, applied to results: half the raw write rate, 300 MB. */
export function checkScoringTargets(result: ScoringResult): ScoringTargetChecks {
  return { rateVsBaseline: atLeast(result.collectionVsBaseline, 0.5), peakRss: atMost(result.collection.peakRssMb, 300) };
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
// With reads in lanes the waits are summed over the lanes and may exceed the wall time: the rest is then unknown.
const split = (t: SyncPhase['time']) => [seconds(t.dbMs), seconds(t.httpMs), t.otherMs < 0 ? 'overlapped' : seconds(t.otherMs)].join(' / ');
const thousands = (n: number) => n.toLocaleString('en-US');
const mark = (check: TargetCheck) => `${check.value} (${check.met ? 'met' : 'MISSED'})`;

type Row = [string, string, (r: EngineResult) => string];

const ROWS: Row[] = [
  ['full sync: wall time (s)', '', (r) => seconds(r.fullSync.durationMs)],
  ['  of which discovery (s)', '', (r) => seconds(r.fullSync.discoveryMs)],
  ['  awaiting database / HTTP / rest (s)', '', (r) => split(r.fullSync.time)],
  ['  participants stored', '407,053', (r) => thousands(r.fullSync.participantsStored)],
  ['  participants/s', '', (r) => thousands(r.fullSync.participantsPerSec)],
  ['baseline upsert rows/s (batches of 2,500)', '', (r) => thousands(r.baseline.rowsPerSec)],
  ['full sync rate / baseline rate', '>= 0.5', (r) => mark(checkTargets(r).rateVsBaseline)],
  ['API calls: full sync / minimum', '', (r) => `${thousands(r.fullSync.counts.apiCalls)} / ${thousands(r.fullSync.minimumCalls.total)}`],
  ['  ratio', '<= 1.05', (r) => mark(checkTargets(r).callsOverMinimum)],
  ['RSS with the database open (MB)', '', (r) => String(r.rssAtStartMb)],
  ['peak RSS during the full sync (MB)', '<= 300', (r) => mark(checkTargets(r).peakRss)],
  ['  V8 heap in use: peak / kept after GC (MB)', '', (r) => `${r.fullSync.peakHeapUsedMb} / ${r.fullSync.retainedHeapMb ?? '?'}`],
  ['incremental re-sync, 1 % changed (s)', '', (r) => seconds(r.incremental.durationMs)],
  ['  awaiting database / HTTP / rest (s)', '', (r) => split(r.incremental.time)],
  ['  changed / rows updated', '', (r) => `${thousands(r.incremental.changed)} / ${thousands(r.incremental.counts.updated)}`],
  ['  API calls', '', (r) => thousands(r.incremental.counts.apiCalls)],
  ['  speed-up vs full sync', '>= 5', (r) => mark(checkTargets(r).resyncSpeedup)],
  ['full re-sync, 1 % changed (s)', '', (r) => seconds(r.fullResync.durationMs)],
  ['  awaiting database / HTTP / rest (s)', '', (r) => split(r.fullResync.time)],
  ['  changed / rows updated', '', (r) => `${thousands(r.fullResync.changed)} / ${thousands(r.fullResync.counts.updated)}`],
  ['  API calls / minimum', '', (r) => `${thousands(r.fullResync.counts.apiCalls)} / ${thousands(r.fullResync.minimumCalls.total)}`],
  ['  speed-up vs full sync', '', (r) => `${r.fullResync.speedup}`],
  ['runs not succeeded (all phases)', '0', (r) => String(r.fullSync.notSucceeded + r.incremental.notSucceeded + r.fullResync.notSucceeded)],
  ['auto-analyze stand-in: ANALYZE runs / s', '', (r) => (r.autoAnalyze ? `${r.autoAnalyze.runs} / ${seconds(r.autoAnalyze.ms)}` : 'off')],
];

type ScoringRow = [string, string, (r: ScoringResult) => string];

const SCORING_ROWS: ScoringRow[] = [
  ['world: events / races / registrations', '', (r) => `${r.world.events} / ${r.world.races} / ${thousands(r.world.registrations)}`],
  ['collection: wall time (s)', '', (r) => seconds(r.collection.durationMs)],
  ['  of which discovery (s)', '', (r) => seconds(r.collection.discoveryMs)],
  ['  awaiting database / HTTP / rest (s)', '', (r) => split(r.collection.time)],
  ['  results / splits stored', '', (r) => `${thousands(r.collection.resultsStored)} / ${thousands(r.collection.splitsStored)}`],
  ['  results/s', '', (r) => thousands(r.collection.resultsPerSec)],
  ['  API calls', '', (r) => thousands(r.collection.counts.apiCalls)],
  ['baseline write results/s (with splits, batches of 1,000)', '', (r) => thousands(r.baseline.resultsPerSec)],
  ['collection rate / baseline rate', '>= 0.5', (r) => mark(checkScoringTargets(r).rateVsBaseline)],
  ['RSS with the database open (MB)', '', (r) => String(r.rssAtStartMb)],
  ['peak RSS during the collection (MB)', '<= 300', (r) => mark(checkScoringTargets(r).peakRss)],
  ['  V8 heap in use: peak / kept after GC (MB)', '', (r) => `${r.collection.peakHeapUsedMb} / ${r.collection.retainedHeapMb ?? '?'}`],
  ['collection again, 1 % changed (s)', '', (r) => seconds(r.recollection.durationMs)],
  ['  changed / rows updated', '', (r) => `${thousands(r.recollection.changed)} / ${thousands(r.recollection.counts.updated)}`],
  ['  speed-up vs first collection', '', (r) => String(r.recollection.speedup)],
  ['runs not succeeded (both collections)', '0', (r) => String(r.collection.notSucceeded + r.recollection.notSucceeded)],
];

function table<R extends { engine: string }>(results: R[], rows: [string, string, (r: R) => string][]): string {
  const headers = ['metric', 'target', ...results.map((e) => e.engine)];
  return formatTable(headers, rows.map(([name, target, value]) => [name, target, ...results.map(value)]));
}

export function formatReport(run: BenchRun): string {
  const { machine, code } = run;
  const load = machine.loadAverage.atStart.map((n) => n.toFixed(1)).join(' ');
  const header = `Sync bench: commit ${code.commit}${code.srcDirty ? ' + uncommitted src changes' : ''}; ` +
    `${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, load average at start ${load}; ${run.concurrency} reads at a time${run.engineFlags.length > 0 ? `; engine flags ${run.engineFlags.join(' ')}` : ''}\n`;
  const participants = run.engines.length === 0 ? '' :
    `\nParticipants: ${thousands(run.world.races)} RunSignUp races, ${thousands(run.world.participants)} participants\n\n${table(run.engines, ROWS)}`;
  const results = run.scoring.length === 0 ? '' :
    `\nResults: ${run.scoring[0]!.scorer}, every race of a past-only world\n\n${table(run.scoring, SCORING_ROWS)}`;
  return header + participants + results;
}

/** Writes `.bench/results-<timestamp>.json` and returns its path. */
export function writeResults(root: string, run: BenchRun): string {
  const dir = join(root, '.bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `results-${run.startedAt.replace(/[:.]/g, '-')}.json`);
  const engines = run.engines.map((e) => ({ ...e, targets: checkTargets(e) }));
  const scoring = run.scoring.map((s) => ({ ...s, targets: checkScoringTargets(s) }));
  writeFileSync(path, JSON.stringify({ ...run, engines, scoring }, null, 2) + '\n');
  return path;
}
