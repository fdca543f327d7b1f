/**
 * The parent's side of the sandbox process: start it, read its state and change its world over the
 * admin HTTP endpoints (any process that knows the origin can do the same), stop it.
 */
import type { MutationSummary, SandboxCredential, WorldChange } from '../src/sandbox/runsignup/index.js';
import type { RunSignupSandboxOptions } from '../src/sandbox/runsignup/index.js';
import { firstMessage, forkScript, waitForExit } from './child-process.js';

export interface SandboxAddress {
  baseUrl: string;
  origin: string;
  credentials: SandboxCredential[];
}

/** The part of GET /_admin/state the bench reads. */
export interface SandboxState {
  races: { raceId: number; events: { eventId: number; participants: number }[] }[];
  totals: { races: number; events: number; participants: number };
  apiCalls: number;
}

export interface SandboxChild {
  address: SandboxAddress;
  stop(): Promise<void>;
}

export async function startSandboxChild(options: RunSignupSandboxOptions): Promise<SandboxChild> {
  const child = forkScript('./sandbox-process.ts', [JSON.stringify(options)]);
  const address = await firstMessage<SandboxAddress>(child);
  return {
    address,
    async stop() {
      if (child.connected) child.disconnect();
      await waitForExit(child);
    },
  };
}

async function admin<T>(origin: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${origin}/_admin/${path}`, body === undefined
    ? {}
    : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`sandbox /_admin/${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const readSandboxState = (origin: string) => admin<SandboxState>(origin, 'state');
export const mutateSandbox = (origin: string, change: WorldChange) => admin<MutationSummary>(origin, 'mutate', change);
