/**
 * Admin HTTP for tests and manual exploration (no auth, not counted as API calls):
 *   POST /_admin/mutate  WorldChange JSON → MutationSummary JSON
 *   POST /_admin/faults  Fault JSON → {"ok":true,"pendingFaults":n}
 *   GET  /_admin/state   overview of partners (with credentials), races, events and counts
 */
import type { IncomingMessage } from 'node:http';
import { ZodError } from 'zod';
import type { FaultQueue } from './faults.js';
import { formatIsoDate } from './formats.js';
import type { WorldMutator } from './mutations.js';
import type { ResolvedOptions } from './options.js';
import type { Reply } from './api.js';
import type { RunSignupWorld } from './world.js';

const MAX_BODY_BYTES = 1_000_000;

export interface AdminDependencies {
  world: RunSignupWorld;
  mutator: WorldMutator;
  faults: FaultQueue;
  options: ResolvedOptions;
  callCount: () => number;
}

const json = (status: number, value: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(value),
});

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RangeError('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}

export function describeState(deps: AdminDependencies): unknown {
  const { world, options } = deps;
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  return {
    seed: world.seed,
    anchor: iso(world.anchor),
    now: options.now().toISOString(),
    partners: world.partners.map((p) => ({ ...p })),
    races: world.catalog.races.map((race) => ({
      raceId: race.raceId,
      partner: race.partner,
      name: race.name,
      timezone: race.timezone,
      date: formatIsoDate(race.start, race.timezone),
      past: race.past,
      events: race.events.map((event) => ({
        eventId: event.eventId,
        name: event.name,
        startTime: iso(event.start),
        past: event.past,
        participants: world.participantCount(event.eventId),
        resultSets: world.eventInfo(event.eventId)?.resultSetCount ?? 0,
      })),
    })),
    totals: {
      races: world.catalog.races.length,
      events: world.catalog.events.length,
      participants: world.participantCount(),
    },
    apiCalls: deps.callCount(),
    pendingFaults: deps.faults.size(),
  };
}

export async function answerAdmin(deps: AdminDependencies, request: IncomingMessage, path: string): Promise<Reply> {
  const route = `${request.method ?? 'GET'} ${path.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /_admin/state':
        return json(200, describeState(deps));
      case 'POST /_admin/mutate':
        return json(200, deps.mutator.apply((await readJson(request)) as never, deps.options.now()));
      case 'POST /_admin/faults':
        deps.faults.add((await readJson(request)) as never);
        return json(200, { ok: true, pendingFaults: deps.faults.size() });
      default:
        return json(404, { error: `unknown admin route ${route}` });
    }
  } catch (error) {
    if (error instanceof ZodError || error instanceof RangeError || error instanceof SyntaxError) {
      return json(400, { error: error.message });
    }
    throw error;
  }
}
