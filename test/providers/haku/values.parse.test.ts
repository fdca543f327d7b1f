import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  localMidnight, parseAge, parseCode, parseDate, parseGender, parseMoney, parseTimestamp,
} from '../../../src/providers/haku/values.js';
import { isLastPage, parsePosition } from '../../../src/providers/haku/list.js';

/** Each row: input → expected output, or an Error pattern the parser must throw. */
function table<I, O>(name: string, parse: (input: I) => O, rows: [I, O | RegExp][]): void {
  describe(name, () => {
    for (const [input, expected] of rows) {
      it(`${JSON.stringify(input)} → ${expected instanceof RegExp ? `throws ${expected}` : JSON.stringify(expected)}`, () => {
        if (expected instanceof RegExp) assert.throws(() => parse(input), expected);
        else assert.deepEqual(parse(input), expected);
      });
    }
  });
}

table('parseTimestamp (ISO 8601; no offset → the timestampZone setting)', (v: string | null) => parseTimestamp(v, 'America/Chicago'), [
  ['2025-03-05T09:00:00Z', new Date('2025-03-05T09:00:00Z')],
  ['2025-03-05T09:00:00.250Z', new Date('2025-03-05T09:00:00.250Z')],
  ['2025-03-05T09:00:00+02:00', new Date('2025-03-05T07:00:00Z')],
  ['2025-03-05 09:00:00Z', new Date('2025-03-05T09:00:00Z')],
  ['2025-03-05T09:00:00', new Date('2025-03-05T15:00:00Z')],
  ['2025-07-05T09:00', new Date('2025-07-05T14:00:00Z')],
  ['', null],
  [null, null],
  ['2025-03-05', /not an ISO 8601 date\/time: "2025-03-05"/],
  ['2025-02-30T09:00:00Z', /not an ISO 8601/],
  ['3/5/2025 09:00', /not an ISO 8601/],
]);

table('parseDate', parseDate, [
  ['1991-06-30', '1991-06-30'],
  [' 1991-06-30 ', '1991-06-30'],
  ['', null],
  [null, null],
  ['1991-02-30', /not a real YYYY-MM-DD date/],
  ['06/30/1991', /not a real YYYY-MM-DD date/],
]);

table('localMidnight (a date-only event starts at local midnight)', ([date, zone]: [string, string]) => localMidnight(date, zone), [
  [['2026-02-14', 'America/Chicago'], new Date('2026-02-14T06:00:00Z')],
  [['2026-07-04', 'America/Chicago'], new Date('2026-07-04T05:00:00Z')],
  [['2026-03-08', 'America/New_York'], new Date('2026-03-08T05:00:00Z')],
  [['2026-07-04', 'Asia/Tokyo'], new Date('2026-07-03T15:00:00Z')],
  [['2026-13-01', 'UTC'], /not a real YYYY-MM-DD date/],
]);

table('parseMoney (transaction_amount → decimal text)', parseMoney, [
  [95, '95.00'],
  [95.5, '95.50'],
  [57.75, '57.75'],
  [0, '0.00'],
  [0.1, '0.10'],
  [1234567.89, '1234567.89'],
  [-10, '-10.00'],
  ['95.00', '95.00'],
  ['12', '12.00'],
  ['', null],
  [null, null],
  [12.345, /not a money amount: 12.345/],
  ['$95.00', /not a money amount/],
  [Number.NaN, /not a money amount/],
]);

table('parseGender', parseGender, [
  ['Female', 'F'],
  ['female', 'F'],
  ['FEMALE', 'F'],
  ['male', 'M'],
  ['Male', 'M'],
  ['M', 'M'],
  ['non-binary', 'X'],
  ['Non-Binary', 'X'],
  ['', null],
  ['  ', null],
  [null, null],
  ['prefer not to say', null],
]);

table('parseCode (bibs, chips, ids)', parseCode, [
  ['2045', '2045'],
  [' 2045 ', '2045'],
  [2045, '2045'],
  ['E2003412', 'E2003412'],
  ['', null],
  [null, null],
  [Number.POSITIVE_INFINITY, /not a number or code/],
]);

table('parseAge', parseAge, [
  [34, 34],
  ['34', 34],
  [0, 0],
  [null, null],
  ['', null],
  [-1, /not an age: -1/],
  [34.5, /not an age/],
  ['thirty', /not an age/],
]);

table('isLastPage (the server clamps per_page silently)', ([rows, longest, cap]: [number, number, number | null]) =>
  isLastPage(rows, longest, { pageSize: 100, serverPageCap: cap }), [
  [[0, 0, null], true],
  [[37, 0, null], false],
  [[25, 0, null], false],
  [[25, 25, null], false],
  [[24, 25, null], true],
  [[100, 100, null], false],
  [[37, 0, 100], true],
  [[25, 0, 25], false],
  [[24, 0, 25], true],
  [[100, 0, 500], false],
]);

table('parsePosition (page:offset:longest checkpoints)', (text: string | null) => parsePosition(text, 'participants'), [
  [null, { page: 1, offset: 0, longest: 0 }],
  ['3:40:100', { page: 3, offset: 40, longest: 100 }],
  ['2:0:25', { page: 2, offset: 0, longest: 25 }],
  ['0:0:0', /checkpoint is not "page:offset:longest"/],
  ['after:R-1', /checkpoint is not "page:offset:longest": "after:R-1"/],
]);
