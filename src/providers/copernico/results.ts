/**
 * Results of one Copernico event, from the same streamed athletes list as its participants: the
 * finish is the `times` entry named `finishSplit` ("Meta": clock = `time`, chip = `netTime`, both
 * milliseconds since the gun — a late gun is already counted from, as served), every other entry a
 * split, places from `rankings`. One result set per event, named after it. Athletes with no result
 * yet (not started, on the course) and, by default, withdrawn results are not results: a full
 * read's diff removes a result that stops being one.
 */
import type { CanonicalResult, CanonicalSplit, ResultStatus } from '../../model/canonical.js';
import type { Page, ResultsQuery } from '../types.js';
import { collectPage, rejectRecord, type Mapped } from '../runsignup/page.js';
import { readAthletePages, type ListedAthlete } from './athletes.js';
import type { CopernicoClient } from './client.js';
import { providerRaceIdOf, splitProviderRaceId } from './events.js';
import { checkAthlete, participantIdOf } from './participants.js';
import { readPlaces, type AthleteEntry, type SplitTime } from './payloads.js';
import type { CopernicoSettings } from './settings.js';

type Times = Record<string, SplitTime>;

/** Intermediate times in course order; `order` is Copernico's where given, else the position. */
function splitsOf(times: Times, finish: string): CanonicalSplit[] {
  const entries = Object.entries(times).filter(([name]) => name !== finish);
  entries.sort(([, a], [, b]) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER));
  return entries.map(([name, time], index) => ({
    name,
    order: time.order || index + 1,
    distanceM: time.distance,
    clockTime: time.time,
    chipTime: time.netTime,
  }));
}

/** The result's status, `null` when the athlete has none (yet), or a reason to reject the athlete. */
function statusOf(entry: AthleteEntry, times: Times, settings: CopernicoSettings): ResultStatus | null | { reason: string } {
  const finished = times[settings.finishSplit]?.time != null;
  switch (entry.status) {
    case 'withdrawn':
      return settings.withdrawn === 'dnf' ? 'dnf' : null;
    case 'pending':
      if (finished) return 'finished';
      return settings.unstarted === 'dns' && Object.keys(times).length === 0 ? 'dns' : null;
    case 'finished':
      return finished ? 'finished' : { reason: `status is finished but times.${settings.finishSplit} has no time` };
    default:
      return entry.status;
  }
}

function mapResult(listed: ListedAthlete, raceId: string, eventName: string, settings: CopernicoSettings): Mapped<CanonicalResult> | null {
  const checked = checkAthlete(listed, eventName);
  if (!checked.ok) return rejectRecord(checked.reason, listed.raw);
  const { athlete, entry } = checked.value;
  const times: Times = entry.times ?? {};
  const status = statusOf(entry, times, settings);
  if (status === null) return null;
  const invalid = (reason: string) => rejectRecord(`invalid athlete ${athlete.id} of event ${eventName}: ${reason}`, listed.raw);
  if (typeof status === 'object') return invalid(status.reason);
  const places = readPlaces(entry.rankings, settings.rankingKeys, settings.finishSplit);
  if (!places.ok) return invalid(places.reason);
  const finish = times[settings.finishSplit];
  return {
    record: {
      providerResultId: participantIdOf(raceId, athlete.id),
      providerRaceId: providerRaceIdOf(raceId, eventName),
      resultSet: eventName,
      resultSetName: eventName,
      bib: entry.dorsal,
      firstName: athlete.name,
      lastName: athlete.surname,
      gender: athlete.gender,
      age: null,
      clockTime: finish?.time ?? null,
      chipTime: finish?.netTime ?? null,
      overallPlace: places.value.overall,
      genderPlace: places.value.gender,
      divisionPlace: places.value.category,
      division: entry.category,
      status,
      splits: splitsOf(times, settings.finishSplit),
      raw: listed.raw,
    },
  };
}

export async function* readResults(client: CopernicoClient, settings: CopernicoSettings, query: ResultsQuery): AsyncGenerator<Page<CanonicalResult>> {
  const { raceId, eventName } = splitProviderRaceId(query.providerRaceId);
  for await (const page of readAthletePages(client, settings, { raceId, eventName, resumeAfter: query.resumeAfter })) {
    const outcomes = page.athletes.flatMap((listed) => mapResult(listed, raceId, eventName, settings) ?? []);
    yield collectPage(outcomes, page.resumeAfter);
  }
}
