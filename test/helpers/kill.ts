import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const P88 = fileURLToPath(new URL('../../bin/p88.js', import.meta.url));

/**
 * Runs `p88 <args>` in a child process with debug logs and kills it with SIGKILL once it has committed
 * `pages` pages; resolves with the number committed. Rejects if the command ends by itself first.
 */
export function runAndKillAfterPages(args: string[], env: Record<string, string>, pages: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [P88, ...args], {
      env: { ...process.env, ...env, P88_LOG_LEVEL: 'debug' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let committed = 0;
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (line.includes('"page committed"') && ++committed === pages) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(committed) : reject(new Error(`p88 ${args[0]} ended by itself (${code}) before the kill`)));
  });
}
