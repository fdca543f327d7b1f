/** Forks a bench script as a TypeScript child (tsx) with an IPC channel, from the repository root. */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The node flags `p88` starts with (its shebang), so a measuring child runs the engine as `p88` does. */
export function productNodeFlags(): string[] {
  const shebang = readFileSync(new URL('../../bin/p88.js', import.meta.url), 'utf8').split('\n', 1)[0]!;
  const match = /^#!\/usr\/bin\/env(?: -S)? node(.*)$/.exec(shebang);
  if (!match) throw new Error(`bin/p88.js starts with "${shebang}", not a node shebang`);
  return match[1]!.split(/\s+/).filter(Boolean);
}

/** `script` is relative to bench/sync/. */
export function forkScript(script: string, args: string[], nodeFlags: string[] = []): ChildProcess {
  return fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', ...nodeFlags],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The child's first IPC message; rejects if it exits before sending one. */
export function firstMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) =>
      reject(new Error(`bench child exited (code ${code}, signal ${signal}) before reporting`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

/**
 * Runs a measuring child (`script` gets `job` as JSON) to its end and returns its one report. With
 * --expose-gc, so after each phase (outside its timing) it can measure the heap it kept.
 */
export async function runMeasuringChild<T>(script: string, job: unknown, nodeFlags: string[] = []): Promise<T> {
  const child = forkScript(script, [JSON.stringify(job)], ['--expose-gc', ...nodeFlags]);
  const result = await firstMessage<T>(child);
  await waitForExit(child);
  return result;
}

export function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
