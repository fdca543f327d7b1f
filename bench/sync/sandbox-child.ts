/**
 * The parent's side of the sandbox process: start it, read its state and change its world over the
 * admin HTTP endpoints (any process that knows the origin can do the same), stop it.
 */
import { request } from 'node:http';
import type {
  ChangeSummary, MutationSummary, ProviderEndpoint, RunSignupSandboxOptions, SandboxCredential, SandboxOptions, WorldChange,
} from '../../src/sandbox/index.js';
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

export interface SandboxChild<A = SandboxAddress> {
  address: A;
  stop(): Promise<void>;
}

/** The RunSignUp-only sandbox. */
export const startSandboxChild = (options: RunSignupSandboxOptions) => startChild<SandboxAddress>(options, 'runsignup');

/** The multi-provider sandbox (`startSandbox`) with the skins the options name. */
export const startWorldSandboxChild = (options: SandboxOptions) => startChild<{ endpoints: ProviderEndpoint[] }>(options, 'world');

async function startChild<A>(options: RunSignupSandboxOptions | SandboxOptions, kind: 'runsignup' | 'world'): Promise<SandboxChild<A>> {
  const child = forkScript('../sandbox-process.ts', [JSON.stringify(options), kind]);
  const address = await firstMessage<A>(child);
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
/** GET /_admin/state of a skin of the multi-provider sandbox: its own shape per provider. */
export const readSkinState = (origin: string) => admin<Record<string, unknown>>(origin, 'state');
/** POST /_admin/mutate on a skin of the multi-provider sandbox. */
export const mutateWorld = (origin: string, change: WorldChange) => admin<ChangeSummary>(origin, 'mutate', change);
