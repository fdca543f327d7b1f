/**
 * Results as this skin's Race Roster results rows — an [INFERRED] shape (providers.md §3.3 shows
 * only that rows come under `data`), in RR1's camelCase style: places overall, in gender and in
 * division; status finished/dnf/dns/dq; an `active` flag (false once the timer withdrew the result,
 * as RR1's PATCH "make a result inactive" suggests); times as "HH:MM:SS" with hundredths when the
 * timer records them; splits wrapped in {"data": […]} like every nested Race Roster collection.
 */
import { formatHms } from '../../world/time.js';
import type { ResultNow, WorldRace } from '../../world/index.js';
import { bibText, genderCode, isoUtc, participantIdOf } from './render-participants.js';
import type { RrResult } from './shapes.js';

function formatDuration(seconds: number | null, hundredths: boolean): string | null {
  return seconds === null ? null : formatHms(seconds, hundredths);
}

export function renderResult(race: WorldRace, view: ResultNow): RrResult {
  const r = view.registration;
  return {
    resultId: 700_000_000 + (r.id - 10_000_000),
    participantId: participantIdOf(r.id),
    registrationId: r.id,
    subEventId: race.ids.raceroster as number,
    bibNumber: bibText(race, r),
    firstName: r.person.firstName,
    lastName: r.person.lastName,
    gender: genderCode(r.person.gender),
    age: r.age,
    city: r.person.address.city,
    // Runners still on course are not listed, so a row is always one of the four.
    status: view.status as RrResult['status'],
    active: view.result.withdrawnAt === null,
    overallPlace: view.overallPlace,
    genderPlace: view.genderPlace,
    divisionPlace: view.divisionPlace,
    division: view.division,
    gunTime: formatDuration(view.clock, race.hundredths),
    chipTime: formatDuration(view.chip, race.hundredths),
    splits: {
      data: view.splits.map((s) => ({
        name: s.split.name,
        order: s.split.order,
        distanceInMeters: s.split.metres,
        gunTime: formatDuration(s.clock, race.hundredths) as string,
        chipTime: formatDuration(s.chip, race.hundredths),
      })),
    },
    lastModifiedDate: isoUtc(view.result.modifiedAt),
  };
}
