/** The simulation's targets per scenario, the tables printed per scenario, and the JSON written to `.bench/`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable } from '../../src/cli/output.js';
import type { Distribution, PhaseFigures, StalenessFigures } from './metrics.js';
import type { Scenario, ScenarioName } from './scenario.js';

export interface TargetCheck {
  target: string;
  value: number | null;
  met: boolean;
}

const stalenessWithin = (s: StalenessFigures, limit: number): TargetCheck =>
  ({ target: `p95 <= ${limit} s, every change stored`, value: s.p95, met: s.p95 !== null && s.p95 <= limit && s.notStored === 0 });

const CHECKS = {
  raceDayStalenessP95: (f: PhaseFigures) => stalenessWithin(f.staleness.race_day, 90),
  firstThirdStalenessP95: (f: PhaseFigures) => stalenessWithin(f.raceDayByGroup.first_third, 90),
  laterWorstCadence: (f: PhaseFigures): TargetCheck => {
    const worst = f.later.worstGapHours;
    return { target: '<= 4.5 h without a read, every race read', value: worst, met: worst !== null && worst <= 4.5 && f.later.neverRead === 0 };
  },
  throttles: (f: PhaseFigures): TargetCheck => ({ target: '0', value: f.throttles, met: f.throttles === 0 }),
  callsOverBudget: (f: PhaseFigures): TargetCheck => ({ target: '0', value: f.calls.overBudget, met: f.calls.overBudget === 0 }),
};
type TargetKey = keyof typeof CHECKS;

/**
 * Today's targets: 0 throttles and 0 calls over budget everywhere; at half the budget (`tight`), the
 * first third of race-day races by start still within 90 s; in `current`, race day within 90 s while
 * no later race goes more than 4 h 30 min without a read.
 */
const TARGETS: Record<ScenarioName, TargetKey[]> = {
  current: ['raceDayStalenessP95', 'laterWorstCadence', 'throttles', 'callsOverBudget'],
  tight: ['firstThirdStalenessP95', 'throttles', 'callsOverBudget'],
  weekend: ['throttles', 'callsOverBudget'],
};

export function checkTargets(scenario: Scenario, f: PhaseFigures): Partial<Record<TargetKey, TargetCheck>> {
  return Object.fromEntries(TARGETS[scenario.name].map((key) => [key, CHECKS[key](f)]));
}

const dist = (d: Distribution, unit = 's') => (d.count === 0 ? '-' : `${d.p50} / ${d.p95} / ${d.max} ${unit}`);
const inHours = (d: Distribution): Distribution => {
  const h = (n: number | null) => (n === null ? null : Math.round((n / 3600) * 100) / 100);
  return { count: d.count, p50: h(d.p50), p95: h(d.p95), max: h(d.max) };
};
const stale = (d: StalenessFigures) => `${dist(d)}${d.notStored > 0 ? `, ${d.notStored} not stored` : ''}`;
const counts = (byKind: Record<string, number>) => Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', ') || '0';

type Row = [string, string, (f: PhaseFigures) => string];

function rows(scenario: Scenario, single: boolean): Row[] {
  // A target row shows its figure with met / MISSED; a scenario without that target shows no row.
  const row = (key: TargetKey, name: string, label: string): Row[] => (TARGETS[scenario.name].includes(key)
    ? [[name, label, (f) => {
      const check = CHECKS[key](f);
      return `${check.value ?? '-'} (${check.met ? 'met' : 'MISSED'})`;
    }]]
    : []);
  return [
    ['race-day staleness p50 / p95 / max (changes within 4 h of start)', '', (f) => stale(f.staleness.race_day)],
    ...row('raceDayStalenessP95', '  p95, every change stored', '<= 90 s'),
    ['  first third of race-day races by start', '', (f) => stale(f.raceDayByGroup.first_third)],
    ...row('firstThirdStalenessP95', '  first third p95, every change stored', '<= 90 s'),
    ['  the other two thirds', '', (f) => stale(f.raceDayByGroup.rest)],
    ['  changes stored / never stored', '', (f) => `${f.staleness.race_day.count} / ${f.staleness.race_day.notStored}`],
    ['day-window changes (4–24 h before start)', '', (f) => stale(f.staleness.day)],
    ['withdrawals within 4 h of start', '', (f) => stale(f.staleness.removal)],
    ['later races: changes p50 / p95 / max', '', (f) => `${dist(inHours(f.staleness.far), 'h')}, ${f.staleness.far.notStored} not stored by the end`],
    ['  longest a later-race change waited (h)', '', (f) => String(f.later.longestWaitHours ?? '-')],
    ['  worst cadence: longest without a read, to the end (h)', '', (f) => `${f.later.worstGapHours ?? '-'}${f.later.worst ? ` (${f.later.worst.connection}, race ${f.later.worst.raceId})` : ''}`],
    ...row('laterWorstCadence', '  worst cadence, every race read', '<= 4.5 h'),
    ['  longest between two reads (h)', '', (f) => String(f.later.worstClosedGapHours ?? '-')],
    ['  later races read / never read in the run', '', (f) => `${f.later.races - f.later.neverRead} / ${f.later.neverRead}`],
    ['warm-up before the window (nothing changes)', '', (f) => (f.warmUp ? `${f.warmUp.hours} h, ${f.warmUp.calls} calls, ${f.warmUp.throttles} throttles` : 'none (cold start)')],
    ['API calls in the window (+ token requests)', '', (f) => `${f.calls.total} (+${f.calls.tokenCalls})`],
    ...(single
      ? [['most calls in any 60 min (sliding) / budget', '', (f) => `${f.connections[0]?.maxSlidingHour} / ${f.connections[0]?.budgetPerHour}`] as Row,
        ['  in any 60 whole clock minutes', '', (f) => String(f.connections[0]?.maxClockMinutesHour)] as Row]
      : [['most used connection: sliding hour / budget', '', (f) => busiest(f)] as Row]),
    ...row('callsOverBudget', '  calls over budget (worst sliding hour, warm-up included)', '0'),
    ['calls per clock hour of the run', '', (f) => f.calls.perClockHour.join(' ')],
    ...row('throttles', 'throttles received (error 14 / 429), warm-up included', '0'),
    ['runs stopped by the hub\'s own budget', '', (f) => counts(f.budgetRefusals)],
    ['runs failed', '', (f) => String(f.runsFailed)],
    ['runs with calls, per worker', '', (f) => f.runsPerWorker.join(' / ')],
    ['alerts raised', '', (f) => counts(f.alerts)],
    ['race-day lateness p50 / p95 / max', '', (f) => dist(f.lateness)],
    ['RunSignUp race-day participants calls / events served per call', '', (f) => `${f.calls.raceDayParticipantsCalls} / ${f.calls.eventsPerParticipantsCall}`],
    ['RunSignUp removed-participants calls', '', (f) => String(f.calls.byEndpoint['runsignup /race/{id}/removed-participants'] ?? 0)],
    ['real time (s)', '', (f) => String(f.realSeconds)],
  ];
}

function busiest(f: PhaseFigures): string {
  const top = [...f.connections].sort((a, b) => b.maxSlidingHour / b.budgetPerHour - a.maxSlidingHour / a.budgetPerHour)[0];
  return top ? `${top.maxSlidingHour} / ${top.budgetPerHour} (${top.label})` : '-';
}

function connectionTable(f: PhaseFigures): string {
  return `Per connection, ${f.workers} worker(s): calls, the most in any sliding hour against the budget, and race day:\n` + formatTable(
    ['connection', 'budget/h', 'calls', 'max sliding hour', 'over', 'throttles', 'race-day staleness', 'race-day read interval'],
    f.connections.map((c) => [
      c.label, c.budgetPerHour, c.calls, `${c.maxSlidingHour} (${Math.round((100 * c.maxSlidingHour) / c.budgetPerHour)} %)`, c.overBudget, c.throttles,
      stale(c.raceDayStaleness), dist(c.raceDayReadIntervals),
    ]),
  );
}

function cadenceTable(f: PhaseFigures): string {
  return `Race-day participants reads per event, ${f.workers} worker(s) (interval p50 / p95 / max while on race day):\n` +
    formatTable(['event', 'first start', 'reads', 'interval'], f.cadence.map((c) => [c.event, c.firstStart.slice(11, 16) + 'Z', c.reads, dist(c.intervals)]));
}

export function describeScenario(s: Scenario): string {
  const perProvider = Object.entries(s.raceDayEvents).map(([p, n]) => `${n} ${p}`).join(', ');
  const budgets = Object.entries(s.budgets).map(([p, n]) => `${p} ${n}/h`).join(', ');
  return `Scenario ${s.name}: ${s.partners} partner(s) × connections to ${s.providers.join(', ')} (${budgets}); ` +
    `race day per partner: ${perProvider} events × ${s.racesPerEvent} races, starts ${s.staggerMs / 60_000} min apart from ${s.firstStart.toISOString()}; ` +
    `later events per partner: ${Object.entries(s.laterEvents).map(([p, n]) => `${n} ${p}`).join(', ')}`;
}

export function formatReport(scenario: Scenario, phases: PhaseFigures[]): string {
  const single = phases.every((p) => p.connections.length === 1);
  const headers = ['metric', 'target', ...phases.map((p) => `${p.workers} worker${p.workers === 1 ? '' : 's'}`)];
  const table = rows(scenario, single).map(([name, target, value]) => [name, target, ...phases.map(value)]);
  const details = phases.map((p) => (single ? cadenceTable(p) : connectionTable(p)));
  return `${describeScenario(scenario)}; ${phases[0]?.virtualHours ?? 0} virtual hours per phase\n\n` +
    formatTable(headers, table) + '\n' + details.join('\n');
}

/** Writes `.bench/simulate-<timestamp>.json` and returns its path. */
export function writeResults(root: string, startedAt: string, content: unknown): string {
  const dir = join(root, '.bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `simulate-${startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, JSON.stringify(content, null, 2) + '\n');
  return path;
}
