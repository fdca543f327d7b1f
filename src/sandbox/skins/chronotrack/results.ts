/**
 * CT Live results rows (providers.md §2.5): one per athlete × bracket × interval, visible by the
 * world's clock. `bracket` picks OPEN (default), SEX, AGE, or one bracket by id or name;
 * `interval` picks Full Course (default), ALL, or one interval by id or name; `bib` one athlete.
 * results_rank is the place within the bracket at that interval, by gun time; results_time is the
 * net (chip) time, results_gun_time the gun time. Runners on course show in the splits they passed.
 */
import { HttpError } from '../../server/http-error.js';
import type { ResultNow, World, WorldRace } from '../../world/index.js';
import { formatHms } from '../../world/time.js';
import { bracketsOf, intervalsOf, primaryBracketName, type Bracket, type Interval } from './brackets.js';
import { entryIdOf } from './render.js';
import { ctRecord, type CtRecord } from './strings.js';

const KINDS = ['OPEN', 'SEX', 'AGE'] as const;

function pick<T extends { id: number; name: string }>(all: T[], text: string, what: string): T[] {
  const found = all.filter((item) => String(item.id) === text || item.name.toLowerCase() === text.toLowerCase());
  if (found.length === 0) throw new HttpError(404, `${what} ${text} not found`);
  return found;
}

function chosenBrackets(race: WorldRace, text: string | null): Bracket[] {
  const all = bracketsOf(race);
  if (text === null || text === '') return all.filter((b) => b.type === 'OPEN');
  const kind = KINDS.find((k) => k === text.toUpperCase());
  return kind ? all.filter((b) => b.type === kind) : pick(all, text, 'bracket');
}

function chosenIntervals(race: WorldRace, text: string | null): Interval[] {
  const all = intervalsOf(race);
  if (text === null || text === '') return all.filter((i) => i.splitOrder === undefined);
  if (text.toUpperCase() === 'ALL') return all;
  return pick(all, text, 'interval');
}

interface Passage {
  view: ResultNow;
  gun: number;
  chip: number | null;
}

/** Who passed the interval so far, fastest first. */
function passages(world: World, race: WorldRace, interval: Interval): Passage[] {
  const { finished, unfinished, running } = world.results(race);
  if (interval.splitOrder === undefined) return finished.map((view) => ({ view, gun: view.clock as number, chip: view.chip }));
  const list: Passage[] = [];
  for (const view of [...finished, ...running, ...unfinished]) {
    const split = view.splits.find((s) => s.split.order === interval.splitOrder);
    if (split) list.push({ view, gun: split.clock, chip: split.chip });
  }
  return list.sort((a, b) => a.gun - b.gun || a.view.result.seq - b.view.result.seq);
}

export function raceResultRows(world: World, race: WorldRace, params: URLSearchParams): CtRecord[] {
  if (!world.hasResults(race)) return [];
  const brackets = chosenBrackets(race, params.get('bracket'));
  const bib = params.get('bib');
  const rows: CtRecord[] = [];
  for (const interval of chosenIntervals(race, params.get('interval'))) {
    const passed = passages(world, race, interval);
    for (const bracket of brackets) {
      let rank = 0;
      for (const passage of passed) {
        const r = passage.view.registration;
        if (!bracket.holds(r)) continue;
        rank += 1;
        if (bib !== null && bib !== '' && String(r.bib) !== bib) continue;
        rows.push(renderRow(race, passage, bracket, interval, rank));
      }
    }
  }
  return rows;
}

function renderRow(race: WorldRace, { view, gun, chip }: Passage, bracket: Bracket, interval: Interval, rank: number): CtRecord {
  const r = view.registration;
  const net = chip ?? gun;
  const kind = KINDS.indexOf(bracket.type as (typeof KINDS)[number]);
  return ctRecord({
    results_id: (race.index + 1) * 10_000_000 + view.result.seq * 30 + interval.index * 3 + kind,
    results_entry_id: entryIdOf(r.id),
    results_bib: r.bib,
    results_first_name: r.person.firstName,
    results_last_name: r.person.lastName,
    results_sex: r.person.gender,
    results_age: r.age,
    results_hometown: r.person.address.city,
    results_event_name: race.event.name,
    results_race_name: race.name,
    results_primary_bracket_name: primaryBracketName(r),
    results_bracket_name: bracket.name,
    results_interval_name: interval.name,
    results_rank: rank,
    results_time: formatHms(net, race.hundredths),
    results_gun_time: formatHms(gun, race.hundredths),
    results_pace: formatHms(Math.round(net / (interval.metres / 1000)), false),
    results_pace_unit: 'min/km',
    entry_type: 'INDIVIDUAL',
  });
}
