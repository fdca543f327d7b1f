import type { App } from '../../app.js';
import type { Output } from '../output.js';
import { SyncError } from '../../errors.js';

/** Runs a command body with an open app; its return value is the exit code. */
export type CommandRunner = <F extends { json?: boolean }>(
  flags: F,
  body: (app: App, out: Output) => Promise<number>,
  options?: { migrate?: boolean },
) => Promise<void>;

export function parseId(text: string, flag: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) throw new SyncError('config', `${flag} must be a positive whole number, got "${text}"`);
  return id;
}

/** A `--concurrency` value: how many things run at once, a whole number ≥ 1. */
export function parseConcurrency(text: string): number {
  const concurrency = Number(text);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new SyncError('config', `--concurrency must be a whole number ≥ 1, got "${text}"`);
  return concurrency;
}
