/**
 * Mutate bodies may name their target with the ids a provider shows (RunSignUp `raceId`/`eventId`,
 * Race Roster `eventId`/`subEventId`, …): this turns them into the world's neutral `event`/`race`,
 * so a test can mutate exactly what it just read through the API.
 */
import type { ProviderName, World, WorldChange } from '../world/index.js';

export interface TargetKeys {
  /** The body key holding this provider's id of a world event (and of a world race). */
  event: string;
  race: string;
}

export function translateTargets(world: World, provider: ProviderName, body: Record<string, unknown>, keys: TargetKeys): WorldChange {
  const { [keys.event]: eventId, [keys.race]: raceId, ...rest } = body;
  const change: Record<string, unknown> = { ...rest };
  if (eventId !== undefined) {
    const event = world.eventAt(provider, eventId as string | number);
    if (!event) throw new RangeError(`${provider} ${keys.event} ${String(eventId)} does not exist`);
    change.event = event.id;
  }
  if (raceId !== undefined) {
    const race = world.raceAt(provider, raceId as string | number);
    if (!race || (change.event !== undefined && race.event.id !== change.event)) {
      throw new RangeError(`${provider} ${keys.race} ${String(raceId)} is not a ${keys.race} of ${keys.event} ${String(eventId ?? 'any')}`);
    }
    change.race = race.id;
  }
  return change as WorldChange;
}
