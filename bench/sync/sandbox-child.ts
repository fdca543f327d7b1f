/**
 * The parent's side of the sandbox process: start it, read its state and change its world over the
 * admin HTTP endpoints (any process that knows the origin can do the same), stop it.
 */
import { request } from 'node:http';
import type { MutationSummary, SandboxCredential, WorldChange } from '../../src/sandbox/index.js';
import type { RunSignupSandboxOptions } from '../../src/sandbox/index.js';
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
  const child = forkScript('../sandbox-process.ts', [JSON.stringify(options)]);
  const address = await firstMessage<SandboxAddress>(child);
  return {
    address,
    async stop() {
      if (child.connected) child.disconnect();
      await waitForExit(child);
    },
  };
}

/**
 * One admin request on a connection of its own (`agent: false`): a kept-alive socket that the sandbox
 * closed while the bench was busy elsewhere would fail a POST, which is not retried.
 */
function admin<T>(origin: string, path: string, body?: unknown): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<T>((resolve, reject) => {
    const call = request(`${origin}/_admin/${path}`, {
      method: payload === undefined ? 'GET' : 'POST',
      agent: false,
      headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode !== 200) reject(new Error(`sandbox /_admin/${path}: HTTP ${response.statusCode} ${text}`));
        else resolve(JSON.parse(text) as T);
      });
    });
    call.on('error', reject);
    call.end(payload);
  });
}

export const readSandboxState = (origin: string) => admin<SandboxState>(origin, 'state');
export const mutateSandbox = (origin: string, change: WorldChange) => admin<MutationSummary>(origin, 'mutate', change);
