import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`, one level at a time. Node's own recursive mkdirSync never returns for some unusable
 * paths (e.g. under /proc), and a folder the operator named must fail at once, with a message.
 */
export function makeDirectory(path: string): void {
  const absolute = resolve(path);
  const existing = statSync(absolute, { throwIfNoEntry: false });
  if (existing) {
    if (!existing.isDirectory()) throw new Error(`${absolute} exists and is not a folder`);
    return;
  }
  const parent = dirname(absolute);
  if (parent !== absolute) makeDirectory(parent);
  mkdirSync(absolute);
}
