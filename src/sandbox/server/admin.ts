/**
 * The admin API every skin's port serves under /_admin (no auth, never counted or delayed):
 *   GET    /_admin/state            what this provider shows now (counts per event and race, calls, faults, clock)
 *   GET    /_admin/state?race=<id>  one race in neutral form: every registration and the results visible now
 *   POST   /_admin/mutate           a WorldChange (targets may use this provider's ids) → the summary
 *   GET    /_admin/faults           pending faults; POST one ({kind,count,pathPattern}) or {random:{rate,kinds,seed}|null}
 *   DELETE /_admin/faults           clears them
 *   GET    /_admin/clock            {now, mode}; POST {set: ISO} or {advanceMs: n} moves a virtual clock
 *   POST   /_admin/corrupt          render chosen registrations with a broken field; DELETE clears
 * The world is shared: a mutation made on one port is seen on every port that shows the event.
 */
import { ZodError } from 'zod';
import { createRandom, hashSeed } from '../world/random.js';
import type { World, WorldMutator } from '../world/index.js';
import type { CallCounter } from './calls.js';
import { corruptSchema } from './corruptions.js';
import type { FaultQueue } from './faults.js';
import { describeRace } from './race-state.js';
import { jsonReply, type Reply } from './reply.js';
import { jsonOf, type SkinRequest } from './request.js';
import type { Skin } from './skin.js';

export interface AdminDependencies {
  skin: Skin;
  world: World;
  mutator: WorldMutator;
  faults: FaultQueue;
  calls: CallCounter;
  tokenCalls: CallCounter;
}

type Body = Record<string, unknown>;

export function answerAdmin(deps: AdminDependencies, request: SkinRequest): Reply {
  const route = `${request.method} ${request.path}`;
  try {
    const body = () => jsonOf(request) as Body;
    switch (route) {
      case 'GET /_admin/state':
        return jsonReply(200, readState(deps, request.url.searchParams.get('race')));
      case 'POST /_admin/mutate':
        return jsonReply(200, deps.skin.describeChange(deps.mutator.apply(deps.skin.translateChange(body()))));
      case 'GET /_admin/faults':
        return jsonReply(200, deps.faults.describe());
      case 'POST /_admin/faults':
        return jsonReply(200, addFault(deps, body()));
      case 'DELETE /_admin/faults':
        deps.faults.clear();
        return jsonReply(200, { ok: true, pendingFaults: 0 });
      case 'GET /_admin/clock':
        return jsonReply(200, clockState(deps.world));
      case 'POST /_admin/clock':
        return jsonReply(200, moveClock(deps.world, body()));
      case 'POST /_admin/corrupt':
        return jsonReply(200, corrupt(deps, body()));
      case 'DELETE /_admin/corrupt':
        deps.skin.corruptions.clear();
        return jsonReply(200, { ok: true });
      default:
        return jsonReply(404, { error: `unknown admin route ${route}` });
    }
  } catch (error) {
    if (error instanceof ZodError || error instanceof RangeError || error instanceof SyntaxError) {
      return jsonReply(400, { error: error.message });
    }
    throw error;
  }
}

function readState(deps: AdminDependencies, raceParam: string | null): unknown {
  if (raceParam !== null) {
    const race = deps.world.race(Number(raceParam));
    if (!race) throw new RangeError(`race ${raceParam} does not exist`);
    return describeRace(deps.world, race);
  }
  return {
    provider: deps.skin.provider,
    ...deps.skin.describeState(),
    clock: clockState(deps.world),
    apiCalls: deps.calls.count(),
    apiCallsByCredential: deps.calls.byCaller(),
    tokenCalls: deps.tokenCalls.count(),
    pendingFaults: deps.faults.size(),
    corruptedRecords: deps.skin.corruptions.size,
  };
}

function addFault(deps: AdminDependencies, body: Body): unknown {
  if ('random' in body) deps.faults.setRandom((body.random ?? null) as never);
  else deps.faults.add(body as never);
  return { ok: true, pendingFaults: deps.faults.size() };
}

function clockState(world: World) {
  return { now: world.clock.now().toISOString(), mode: world.clock.mode };
}

function moveClock(world: World, body: Body): unknown {
  if (typeof body.set === 'string') world.clock.set(new Date(body.set));
  else if (typeof body.advanceMs === 'number') world.clock.advance(body.advanceMs);
  else throw new RangeError('POST /_admin/clock takes {"set": "<ISO time>"} or {"advanceMs": <number>}');
  return clockState(world);
}

function corrupt(deps: AdminDependencies, body: Body): unknown {
  const request = corruptSchema.parse(body);
  const target = request.target ?? 'participant';
  let ids = request.registrations ?? [];
  if (request.race !== undefined) {
    const race = deps.world.race(request.race);
    if (!race) throw new RangeError(`race ${request.race} does not exist`);
    const random = createRandom(hashSeed(deps.world.seed, 'corrupt', race.id));
    const active = deps.world.registrationsWith(race, 'active').map((r) => r.id);
    ids = [...ids, ...random.shuffle(active).slice(0, request.count ?? 1).sort((a, b) => a - b)];
  }
  if (ids.length === 0) throw new RangeError('POST /_admin/corrupt needs registrations, or race (and count)');
  const corruption = { field: request.field ?? deps.skin.corruptFields[target], mode: request.mode ?? 'wrong_type' };
  deps.skin.corruptions.add(ids, target, corruption);
  return { corrupted: ids, target, ...corruption };
}
