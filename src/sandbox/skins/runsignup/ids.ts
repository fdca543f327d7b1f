/**
 * RunSignUp's own numbering for things the neutral world has no notion of: result sets and their
 * result ids, division and custom-field column ids, question ids, event-day ids, transaction ids.
 * All derived from the world's indexes, so they need no storage and survive regeneration. A result
 * id is its set's base plus the registration's ordinal, so re-ranking never renumbers a row.
 */
import type { World, WorldEvent, WorldRace } from '../../world/index.js';
import { hashSeed } from '../../world/random.js';

/** Room per race for ordinals of registrations added by mutations. */
const ORDINAL_ROOM = 10_000;

export interface RaceNumbers {
  resultSetIdBase: number;
  resultIdBase: number;
  /** Result ids of one set span this many. */
  resultIdStride: number;
}

export class RunSignupIds {
  private readonly numbers = new Map<number, RaceNumbers>();

  /** Every RunSignUp race (neutral event) gets its id ranges up front, in catalog order. */
  constructor(world: World, setsPerRace: number) {
    let resultSetId = 690_000;
    let resultId = 100_000_000;
    const sets = Math.max(1, setsPerRace);
    for (const event of world.eventsAt('runsignup')) {
      for (const race of event.races) {
        const stride = race.count + race.endedCount + ORDINAL_ROOM;
        this.numbers.set(race.id, { resultSetIdBase: resultSetId, resultIdBase: resultId, resultIdStride: stride });
        resultSetId += sets + 3;
        resultId += sets * stride + 97;
      }
    }
  }

  of(race: WorldRace): RaceNumbers {
    const numbers = this.numbers.get(race.id);
    if (!numbers) throw new Error(`race ${race.id} is not at RunSignUp`);
    return numbers;
  }
}

export const divisionIdBase = (race: WorldRace): number => 9_554_000 + race.index * 16;
export const customFieldIdBase = (race: WorldRace): number => 649_000 + race.index * 4;
export const questionIdBase = (event: WorldEvent): number => 1 + event.index * 4;
export const raceEventDaysId = (event: WorldEvent): number => 90_000 + event.index * 3 + (hashSeed('event-days', event.index) % 3);

export function transactionIds(registrationId: number): { rsu: number; text: string } {
  return {
    rsu: 250_000 + Math.floor((registrationId - 10_000_000) / 7),
    text: `ay_${hashSeed('tx', registrationId).toString(16).toUpperCase()}${registrationId % 97}C_0`,
  };
}
