/**
 * ChronoTrack's observation model (providers.md §2.5, C2/C4): each race has brackets — OPEN
 * (everyone), SEX (one per sex) and AGE (sex × age group) — and intervals — one per split plus
 * "Full Course". A results row is one athlete in one bracket at one interval. Ids derive from the
 * race's index, so they need no storage.
 */
import type { Registration, WorldRace } from '../../world/index.js';
import { AGE_GROUPS } from '../../world/results-now.js';

export type BracketType = 'OPEN' | 'SEX' | 'AGE';

export interface Bracket {
  id: number;
  name: string;
  type: BracketType;
  /** Whether an athlete belongs to it. */
  holds(registration: Registration): boolean;
}

export interface Interval {
  id: number;
  name: string;
  /** 0-based position; the last is Full Course. */
  index: number;
  metres: number;
  /** The split's order, or undefined for Full Course. */
  splitOrder: number | undefined;
}

const SEXES = [['M', 'Male'], ['F', 'Female'], ['X', 'Non-Binary']] as const;

const ageBracketName = (gender: 'M' | 'F', low: number, high: number): string => `${gender}${low}-${high}`;

export function bracketsOf(race: WorldRace): Bracket[] {
  const base = 700_000 + race.index * 20;
  const brackets: Bracket[] = [{ id: base, name: 'OPEN', type: 'OPEN', holds: () => true }];
  SEXES.forEach(([code, name], i) => brackets.push({ id: base + 1 + i, name, type: 'SEX', holds: (r) => r.person.gender === code }));
  (['M', 'F'] as const).forEach((gender, g) => {
    AGE_GROUPS.forEach(([low, high], a) => {
      brackets.push({
        id: base + 4 + g * AGE_GROUPS.length + a,
        name: ageBracketName(gender, low, high),
        type: 'AGE',
        holds: (r) => r.person.gender === gender && r.age !== null && r.age >= low && r.age <= high,
      });
    });
  });
  return brackets;
}

/** The athlete's age bracket name ("M30-39"), or "" without sex or age. */
export function primaryBracketName(registration: Registration): string {
  const { gender } = registration.person;
  const age = registration.age;
  if ((gender !== 'M' && gender !== 'F') || age === null) return '';
  const group = AGE_GROUPS.find(([low, high]) => age >= low && age <= high);
  return group ? ageBracketName(gender, group[0], group[1]) : '';
}

export function intervalsOf(race: WorldRace): Interval[] {
  const base = 800_000 + race.index * 20;
  const splits = race.splits.map((split, index) => ({ id: base + 1 + index, name: split.name, index, metres: split.metres, splitOrder: split.order }));
  return [...splits, { id: base, name: 'Full Course', index: splits.length, metres: race.distance.metres, splitOrder: undefined }];
}
