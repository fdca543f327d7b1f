/** The simulation's targets, the table printed per phase, and the JSON written to `.bench/`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable } from '../../src/cli/output.js';
import type { Distribution, PhaseFigures } from './metrics.js';
import type { Scenario } from './scenario.js';

export interface TargetCheck {
  target: string;
  value: number | null;
  met: boolean;
}

export function checkTargets(f: PhaseFigures): Record<string, TargetCheck> {
  const p95 = f.staleness.race_day.p95;
  return {
    raceDayStalenessP95: { target: '<= 90 s', value: p95, met: p95 !== null && p95 <= 90 && f.staleness.race_day.notStored === 0 },
    throttles: { target: '0', value: f.throttles, met: f.throttles === 0 },
    callsOverBudget: { target: '0', value: f.calls.overBudget, met: f.calls.overBudget === 0 },
  };
}

const dist = (d: Distribution, unit = 's') => (d.count === 0 ? '-' : `${d.p50} / ${d.p95} / ${d.max} ${unit}`);
const mark = (check: TargetCheck) => `${check.value ?? '-'} (${check.met ? 'met' : 'MISSED'})`;

type Row = [string, string, (f: PhaseFigures) => string];

const ROWS: Row[] = [
  ['race-day staleness p50 / p95 / max (changes within 4 h of start)', '', (f) => dist(f.staleness.race_day)],
  ['  p95', '<= 90 s', (f) => mark(checkTargets(f).raceDayStalenessP95!)],
  ['  changes stored / never stored', '', (f) => `${f.staleness.race_day.count} / ${f.staleness.race_day.notStored}`],
  ['day-window changes (4–24 h before start)', '', (f) => dist(f.staleness.day)],
  ['withdrawals within 4 h of start (removed feed)', '', (f) => `${dist(f.staleness.removal)}, ${f.staleness.removal.notStored} not stored`],
  ['later races (4 h cadence)', '', (f) => `${dist(f.staleness.far)}, ${f.staleness.far.notStored} not stored by the end`],
  ['API calls in total', '', (f) => String(f.calls.total)],
  ['most calls in any 60 min (sliding) / budget', '', (f) => `${f.calls.maxSlidingHour} / ${f.calls.budgetPerHour}`],
  ['  in any 60 whole clock minutes (the budget\'s count)', '', (f) => String(f.calls.maxClockMinutesHour)],
  ['  calls over budget', '0', (f) => mark(checkTargets(f).callsOverBudget!)],
  ['calls per clock hour of the run', '', (f) => f.calls.perClockHour.join(' ')],
  ['throttles received (error 14)', '0', (f) => mark(checkTargets(f).throttles!)],
  ['runs stopped by the hub\'s own budget', '', (f) => Object.entries(f.budgetRefusals).map(([k, n]) => `${k} ${n}`).join(', ') || '0'],
  ['runs failed', '0', (f) => String(f.runsFailed)],
  ['runs with calls, per worker', '', (f) => f.runsPerWorker.join(' / ')],
  ['alerts raised', '', (f) => Object.entries(f.alerts).map(([k, n]) => `${k} ${n}`).join(', ') || '0'],
  ['race-day lateness p50 / p95 / max', '', (f) => dist(f.lateness)],
  ['race-day participants calls / events served per call', '', (f) => `${f.calls.raceDayParticipantsCalls} / ${f.calls.eventsPerParticipantsCall}`],
  ['removed-participants calls', '', (f) => String(f.calls.byEndpoint['/race/{id}/removed-participants'] ?? 0)],
  ['real time (s)', '', (f) => String(f.realSeconds)],
];

export function formatReport(scenario: Scenario, phases: PhaseFigures[]): string {
  const headers = ['metric', 'target', ...phases.map((p) => `${p.workers} worker${p.workers === 1 ? '' : 's'}`)];
  const rows = ROWS.map(([name, target, value]) => [name, target, ...phases.map(value)]);
  const cadence = phases.map((p) =>
    `Participants cadence per race-day RunSignUp race, ${p.workers} worker(s) (interval p50 / p95 / max while on race day):\n` +
    formatTable(['race', 'first start', 'calls', 'interval'], p.cadence.map((c) => [c.raceId, c.firstStart.slice(11, 16) + 'Z', c.intervals.count + 1, dist(c.intervals)])));
  return `Race-day simulation: ${scenario.raceDayRaces} RunSignUp races × ${scenario.eventsPerRace} events on race day, ` +
    `${scenario.otherRaces} later races, ${scenario.callsPerHour} calls/h, ${phases[0]?.virtualHours ?? 0} virtual hours per phase\n\n` +
    formatTable(headers, rows) + '\n' + cadence.join('\n');
}

/** Writes `.bench/simulate-<timestamp>.json` and returns its path. */
export function writeResults(root: string, startedAt: string, content: unknown): string {
  const dir = join(root, '.bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `simulate-${startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, JSON.stringify(content, null, 2) + '\n');
  return path;
}
