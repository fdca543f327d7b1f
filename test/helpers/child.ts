import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const P88 = fileURLToPath(new URL('../../bin/p88.js', import.meta.url));

export interface RunningP88 {
  child: ChildProcess;
  /** Resolves when the process ends, with what it printed. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** What it has printed on stdout so far. */
  stdout(): string;
  /** Resolves at the first stderr line matching `pattern` (logs are JSON lines on stderr). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** `p88 <args>` in a child process of its own (a separate PGlite, a separate pid). */
export function spawnP88(args: string[], env: Record<string, string>): RunningP88 {
  const child = spawn(process.execPath, [P88, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderr += line + '\n';
    for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => setImmediate(() => resolve({ code, signal, stdout, stderr })));
  });
  return {
    child,
    done,
    stdout: () => stdout,
    waitFor: (pattern, timeoutMs = 60_000) => Promise.race([
      new Promise<string>((resolve) => {
        const seen = stderr.split('\n').find((line) => pattern.test(line));
        if (seen) resolve(seen);
        else waiters.push({ pattern, resolve });
      }),
      done.then((ended) => Promise.reject(new Error(`p88 ${args[0]} ended (${ended.code ?? ended.signal}) before printing ${pattern}: ${ended.stderr.slice(-2000)}`))),
      new Promise<string>((_, reject) => setTimeout(() => reject(new Error(`p88 ${args[0]}: no ${pattern} within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]),
  };
}
