import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseBib, parseDate, parseDistanceM, parseDurationMs, parseGender, parseInstant, parseName, parsePlace, parseStatus, repairMojibake,
} from '../../../src/providers/copernico/values.js';

/** Each row: input → expected output, or an Error whose message must match. */
function table<I, O>(name: string, parse: (value: I) => O, rows: [I, O | RegExp][]): void {
  describe(name, () => {
    for (const [input, expected] of rows) {
      it(`${JSON.stringify(input)} → ${expected instanceof RegExp ? `throws ${expected}` : JSON.stringify(expected)}`, () => {
        if (expected instanceof RegExp) assert.throws(() => parse(input), expected);
        else assert.deepEqual(parse(input), expected);
      });
    }
  });
}

/** UTF-8 bytes read as Latin-1, the way Copernico serves a share of its names. */
const garble = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

table('repairMojibake', repairMojibake, [
  ['MarÃ\u00ada', 'María'],
  [garble('García López'), 'García López'],
  [garble('Núñez'), 'Núñez'],
  [garble('Françoise'), 'Françoise'],
  [garble('Ødegård'), 'Ødegård'],
  [garble('Zoë'), 'Zoë'],
  // Correct names stay: no exact round trip.
  ['María', 'María'],
  ['Núñez', 'Núñez'],
  ['SÃO PAULO', 'SÃO PAULO'],
  ['Ã', 'Ã'],
  ['Smith', 'Smith'],
  ['', ''],
  // Outside Latin-1 (already decoded text with other scripts) is never touched.
  ['Łukasz Ã©', 'Łukasz Ã©'],
  ['Владимир', 'Владимир'],
  ['李', '李'],
]);

table('parseName', parseName, [
  ['  Lucía ', 'Lucía'],
  [garble(' José '), 'José'],
  ['', null],
  ['   ', null],
  [null, null],
  [undefined, null],
]);

table('parseGender', parseGender, [
  ['male', 'M'], ['Male', 'M'], ['MALE', 'M'], ['female', 'F'], ['Female', 'F'], ['mixed', 'X'], ['M', 'M'], ['f', 'F'],
  ['', null], [null, null], ['unknown', null], [' female ', 'F'],
]);

table('parseBib', parseBib, [
  ['1024', '1024'], [' A12 ', 'A12'], [1024, '1024'], ['', null], ['  ', null], [null, null], [Number.NaN, /not a bib/],
]);

table('parseDurationMs', parseDurationMs, [
  [3_972_000, '01:06:12'],
  [1_130_000, '00:18:50'],
  [2_275_123, '00:37:55.123'],
  [61_005, '00:01:01.005'],
  [0, '00:00:00'],
  [90_061_000, '25:01:01'],
  [1234.6, '00:00:01.235'],
  ['3972000', '01:06:12'],
  [null, null],
  ['', null],
  [-1, /not a duration in milliseconds: -1/],
  ['1:06:12', /not a duration in milliseconds: "1:06:12"/],
  [Number.POSITIVE_INFINITY, /not a duration/],
]);

table('parseInstant', parseInstant, [
  [1_754_035_200_000, new Date('2025-08-01T08:00:00.000Z')],
  ['1754035200000', new Date('2025-08-01T08:00:00.000Z')],
  ['2024-01-15T11:20:15Z', new Date('2024-01-15T11:20:15Z')],
  ['2024-01-15T12:20:15+01:00', new Date('2024-01-15T11:20:15Z')],
  [null, null],
  ['', null],
  ['2024-01-15T11:20:15', /not epoch milliseconds or ISO 8601 with a zone/],
  ['yesterday', /not epoch milliseconds or ISO 8601 with a zone: "yesterday"/],
  [-5, /not epoch milliseconds: -5/],
  [1.5, /not epoch milliseconds: 1.5/],
]);

table('parseDate', parseDate, [
  ['1986-01-06', '1986-01-06'], [' 2000-02-29 ', '2000-02-29'], ['', null], [null, null],
  ['2001-02-29', /not a real Y-m-d date/], ['06/01/1986', /not a real Y-m-d date: "06\/01\/1986"/],
]);

table('parseDistanceM', parseDistanceM, [
  [10000, 10000], [21097.5, 21097.5], ['5000', 5000], [null, null], ['', null], [-1, /not a distance in metres/], ['10K', /not a distance in metres: "10K"/],
]);

table('parsePlace', parsePlace, [
  [1, 1], ['12', 12], [0, null], ['', null], [null, null], [-3, /not a place: -3/], [1.5, /not a place: 1.5/], ['first', /not a place: "first"/],
]);

table('parseStatus', parseStatus, [
  ['finished', 'finished'],
  ['dnf', 'dnf'], ['retired', 'dnf'], ['abandoned', 'dnf'], ['Retired', 'dnf'],
  ['dns', 'dns'],
  ['dq', 'dq'], ['dsq', 'dq'], ['disqualified', 'dq'],
  ['withdrawn', 'withdrawn'],
  ['notstarted', 'pending'], ['started', 'pending'], ['running', 'pending'], ['', 'pending'], [null, 'pending'],
  ['teleported', /not a known athlete status: "teleported"/],
]);
