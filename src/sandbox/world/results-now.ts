/**
 * "Results so far": what of a race's result truth is visible at an instant, ranked. A finish shows
 * once its gun time has passed on the clock (a posted result at once), a DNF or DNS once the race has
 * closed, and a runner still on course shows the splits passed so far. Places are ranks by gun time
 * among the finishes visible now — overall, within gender, and within gender × age group.
 */
import type { WorldRace } from './event-builder.js';
import { chipSeconds, clockSeconds, splitSeconds } from './results.js';
import type { Registration, Result, ResultStatus, Split } from './types.js';

export interface SplitNow {
  split: Split;
  clock: number;
  chip: number | null;
}

export interface ResultNow {
  registration: Registration;
  result: Result;
  /** 'running': on course, not finished yet (some splits passed). */
  status: ResultStatus | 'running';
  clock: number | null;
  chip: number | null;
  overallPlace: number | null;
  genderPlace: number | null;
  divisionPlace: number | null;
  /** "F 30-39"; null without gender or age. */
  division: string | null;
  splits: SplitNow[];
}

export interface RaceResults {
  /** Finishers by place. */
  finished: ResultNow[];
  /** DNF, DNS and DQ, in registration order. */
  unfinished: ResultNow[];
  /** On course now, in registration order. */
  running: ResultNow[];
  /** Withdrawn after they were shown, unranked, in registration order. */
  withdrawn: ResultNow[];
}

export const AGE_GROUPS: readonly [number, number][] = [[1, 19], [20, 29], [30, 39], [40, 49], [50, 59], [60, 99]];

export function divisionOf(registration: Registration): string | null {
  const { gender } = registration.person;
  const age = registration.age;
  if (gender === null || age === null) return null;
  const group = AGE_GROUPS.find(([low, high]) => age >= low && age <= high);
  return group ? `${gender} ${group[0]}-${group[1]}` : null;
}

function splitsAt(result: Result, race: WorldRace, until: number): SplitNow[] {
  const passed: SplitNow[] = [];
  for (const split of race.splits) {
    const gun = splitSeconds(result, race, split);
    if (gun === null || race.start + gun > until) break;
    passed.push({ split, clock: gun, chip: chipSeconds(result, gun) });
  }
  return passed;
}

function viewOf(registration: Registration, result: Result, race: WorldRace, at: number, shown: boolean): ResultNow {
  const clock = shown ? clockSeconds(result) : null;
  return {
    registration,
    result,
    status: shown ? result.status : 'running',
    clock,
    chip: chipSeconds(result, clock),
    overallPlace: null,
    genderPlace: null,
    divisionPlace: null,
    division: divisionOf(registration),
    splits: splitsAt(result, race, shown ? Number.POSITIVE_INFINITY : at),
  };
}

export function rankResults(
  race: WorldRace,
  results: ReadonlyMap<number, Result>,
  registrationOf: (id: number) => Registration | undefined,
  at: number,
): RaceResults {
  const finished: ResultNow[] = [];
  const unfinished: ResultNow[] = [];
  const running: ResultNow[] = [];
  const withdrawn: ResultNow[] = [];
  for (const result of results.values()) {
    const registration = registrationOf(result.registrationId);
    if (!registration) continue;
    if (result.withdrawnAt !== null && result.withdrawnAt <= at) {
      withdrawn.push(viewOf(registration, result, race, at, true));
    } else if (result.visibleAt <= at) {
      const view = viewOf(registration, result, race, at, true);
      (result.status === 'finished' ? finished : unfinished).push(view);
    } else if (result.status !== 'dns' && at >= race.start) {
      const view = viewOf(registration, result, race, at, false);
      if (view.splits.length > 0) running.push(view);
    }
  }
  finished.sort((a, b) => (a.clock as number) - (b.clock as number) || a.result.seq - b.result.seq);
  const tallies = new Map<string, number>();
  const next = (key: string) => {
    const place = (tallies.get(key) ?? 0) + 1;
    tallies.set(key, place);
    return place;
  };
  finished.forEach((view, i) => {
    view.overallPlace = i + 1;
    const gender = view.registration.person.gender;
    if (gender !== null) view.genderPlace = next(`gender:${gender}`);
    if (view.division !== null) view.divisionPlace = next(`division:${view.division}`);
  });
  const bySeq = (a: ResultNow, b: ResultNow) => a.result.seq - b.result.seq;
  return { finished, unfinished: unfinished.sort(bySeq), running: running.sort(bySeq), withdrawn: withdrawn.sort(bySeq) };
}
