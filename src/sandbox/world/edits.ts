/**
 * What "edit" changes on a registration, as people correct their entries: a first or last name, the
 * email, or the birth year (birthdate and age move together). The edit is to this registration's
 * copy of the person: other registrations of a shared person keep theirs, as providers do.
 */
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from './names.js';
import { draftEmail } from './people.js';
import type { Random } from './random.js';
import type { Registration } from './types.js';

export function editRegistration(random: Random, r: Registration, at: number): Registration {
  const roll = random.next();
  let person = r.person;
  let age = r.age;
  if (roll < 0.4) {
    const names = person.gender === 'F' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES;
    person = random.chance(0.5) ? { ...person, firstName: random.pick(names) } : { ...person, lastName: random.pick(LAST_NAMES) };
  } else if (roll < 0.7) {
    person = { ...person, email: draftEmail(random, person.firstName, person.lastName) ?? `${r.id}@example.com` };
  } else {
    // A corrected birth year.
    const shift = random.chance(0.5) ? 1 : -1;
    age = Math.max(1, (r.age ?? 30) + shift);
    person = { ...person, birthdate: person.birthdate === null ? null : shiftYear(person.birthdate, -shift) };
  }
  return { ...r, person, age, modifiedAt: at };
}

/** "1988-02-29" shifted by a year becomes "1987-02-28", not an invalid date. */
function shiftYear(birthdate: string, years: number): string {
  const year = Number(birthdate.slice(0, 4)) + years;
  const monthDay = birthdate.slice(4) === '-02-29' ? '-02-28' : birthdate.slice(4);
  return `${year}${monthDay}`;
}
