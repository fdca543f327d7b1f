/**
 * `p88 worker` processes on one PostgreSQL, as an operator runs them, with one of them killed by
 * SIGKILL at random moments and started again at once. Each worker's JSON run lines are kept, so
 * the run can count runs by status from what the workers printed as well as from the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Random } from '../../src/sandbox/world/random.js';

const P88 = fileURLToPath(new URL('../../bin/p88.js', import.meta.url));

interface Slot {
  child: ChildProcess;
  exited: Promise<void>;
}

export interface WorkerFleet {
  /** SIGKILL one worker, drawn at random, and start another in its place. */
  killOne(): Promise<void>;
  /** SIGTERM every worker and wait: each finishes its page and gives its lease back. */
  stop(): Promise<void>;
  kills(): number;
  /** Lines the workers wrote on stderr that are errors of the process itself (not of a run). */
  crashes(): string[];
}

export function startWorkers(count: number, env: Record<string, string>, random: Random): WorkerFleet {
  let kills = 0;
  let stopping = false;
  const crashes: string[] = [];
  const spawnOne = (): Slot => {
    const child = spawn(process.execPath, [P88, 'worker', '--json', '--idle-ms', '200', '--concurrency', '2'], {
      env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      // pino's fatal level (60), or an uncaught error's report (the process prints progress text too).
      if (/"level":60/.test(line) || /^\s*(\w*Error\b|Uncaught|node:internal)/.test(line)) crashes.push(line);
    });
    const exited = new Promise<void>((resolve) => child.on('exit', (code, signal) => {
      // Killed on purpose, or stopped while still starting (before it handles SIGTERM): not a crash.
      const expected = signal === 'SIGKILL' || (stopping && signal === 'SIGTERM');
      if (!expected && code !== 0) crashes.push(`worker ${child.pid} ended with ${code ?? signal}`);
      resolve();
    }));
    return { child, exited };
  };
  const slots = Array.from({ length: count }, spawnOne);
  return {
    async killOne() {
      const index = random.int(0, slots.length - 1);
      const slot = slots[index]!;
      slot.child.kill('SIGKILL');
      await slot.exited;
      kills += 1;
      slots[index] = spawnOne();
    },
    async stop() {
      stopping = true;
      for (const slot of slots) slot.child.kill('SIGTERM');
      await Promise.all(slots.map((s) => s.exited));
    },
    kills: () => kills,
    crashes: () => crashes,
  };
}
