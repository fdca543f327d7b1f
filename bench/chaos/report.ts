import type { ChaosFigures } from './run.js';

/** Every figure that must be zero for the run to pass. */
const MUST_BE_ZERO = [
  'differences', 'duplicates', 'bibsMissingFromFeed', 'runsStillRunning', 'leasesHeld', 'callsOverBudget', 'uncountedCalls', 'workerCrashes',
] as const satisfies readonly (keyof ChaosFigures)[];

export function chaosFailures(figures: ChaosFigures): string[] {
  const failures: string[] = MUST_BE_ZERO.filter((name) => figures[name] !== 0).map((name) => `${name} = ${figures[name]}`);
  if (figures.cleanPass.failed > 0) failures.push(`${figures.cleanPass.failed} run(s) of the clean pass failed`);
  if (figures.referencePass.failed > 0) failures.push(`${figures.referencePass.failed} run(s) of the reference sync failed`);
  return failures;
}

export const chaosPassed = (figures: ChaosFigures): boolean => chaosFailures(figures).length === 0;

export function formatChaosReport(f: ChaosFigures): string {
  const faults = Object.entries(f.faults).sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${kind} ${n}`).join(', ');
  const injected = Object.values(f.faults).reduce((a, b) => a + b, 0);
  const lines = [
    `Chaos run: seed ${f.seed}, ${f.durationSeconds} s, ${Math.round(f.rate * 100)} % of calls failing, ${f.workers} workers`,
    `  provider calls      ${f.calls}, of which faults ${injected}: ${faults || 'none'}`,
    `  world changes       ${f.worldChanges}`,
    `  workers killed      ${f.kills} (SIGKILL)`,
    `  runs by status      ${Object.entries(f.runsByStatus).map(([s, n]) => `${s} ${n}`).join(', ')}`,
    `  clean pass          ${f.cleanPass.runs} runs, ${f.cleanPass.failed} failed`,
    `  reference sync      ${f.referencePass.runs} runs, ${f.referencePass.failed} failed`,
    `  rows compared       ${Object.entries(f.rowsCompared).map(([t, n]) => `${t} ${n}`).join(', ')}`,
    ...MUST_BE_ZERO.map((name) => `  ${name.padEnd(19)} ${f[name]}`),
  ];
  const failures = chaosFailures(f);
  lines.push(failures.length === 0 ? 'PASSED: the database equals the providers exactly' : `FAILED: ${failures.join('; ')}`);
  if (failures.length > 0) lines.push(JSON.stringify(f.samples, null, 2));
  return lines.join('\n') + '\n';
}
