import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseBib, parseCount, parseDate, parseDuration, parseGenderCode, parseId, parseIsoInstant, parseResultStatus,
} from '../../../src/providers/raceroster/values.js';

/** Each row: input → expected output, or `Error` with a part of the message it must carry. */
function table<I, O>(parse: (value: I) => O, rows: Array<[I, O | { throws: string }]>): void {
  for (const [input, expected] of rows) {
    if (expected !== null && typeof expected === 'object' && 'throws' in expected) {
      assert.throws(() => parse(input), (error: Error) => error.message.includes(expected.throws), `${JSON.stringify(input)} should throw`);
    } else {
      assert.deepEqual(parse(input), expected, `${JSON.stringify(input)}`);
    }
  }
}

describe('Race Roster value parsers', () => {
  it('ISO 8601 instants with offsets → UTC', () => {
    table(parseIsoInstant, [
      ['2025-05-04T08:00:00-04:00', new Date('2025-05-04T12:00:00Z')],
      ['2014-02-12T15:19:21+00:00', new Date('2014-02-12T15:19:21Z')],
      ['2025-01-01T00:30:00+05:30', new Date('2024-12-31T19:00:00Z')],
      ['2025-03-09T02:15:00-0330', new Date('2025-03-09T05:45:00Z')],
      ['2025-06-01T12:00:00Z', new Date('2025-06-01T12:00:00Z')],
      ['2025-06-01T12:00:00.250Z', new Date('2025-06-01T12:00:00.250Z')],
      ['2025-06-01T12:00+02:00', new Date('2025-06-01T10:00:00Z')],
      [' 2025-06-01T12:00:00+00:00 ', new Date('2025-06-01T12:00:00Z')],
      [null, null],
      ['', null],
      [undefined, null],
      ['2025-06-01T12:00:00', { throws: 'with a UTC offset' }],
      ['2025-06-01 12:00:00+00:00', { throws: 'with a UTC offset' }],
      ['2025-06-01', { throws: 'with a UTC offset' }],
      // A "+" that arrived as a space is not an offset.
      ['2025-06-01T12:00:00 00:00', { throws: 'with a UTC offset' }],
      ['2025-02-30T12:00:00+00:00', { throws: 'not a real date-time' }],
      ['2025-06-01T24:00:00+00:00', { throws: 'not a real date-time' }],
      ['2025-06-01T12:00:60+00:00', { throws: 'not a real date-time' }],
    ]);
  });

  it('dates of birth', () => {
    table(parseDate, [
      ['1990-04-12', '1990-04-12'],
      ['1990-04-12T00:00:00+00:00', '1990-04-12'],
      ['2000-02-29', '2000-02-29'],
      [null, null],
      ['', null],
      ['1990-02-30', { throws: 'not a real' }],
      ['1900-02-29', { throws: 'not a real' }],
      ['12/04/1990', { throws: 'not a Y-m-d date' }],
    ]);
  });

  it('bibs as text, zeros kept, blanks as none', () => {
    table(parseBib, [
      ['1024', '1024'],
      ['007', '007'],
      ['00105', '00105'],
      [' 42 ', '42'],
      ['A12', 'A12'],
      [1024, '1024'],
      ['', null],
      ['   ', null],
      [null, null],
      [undefined, null],
      [-1, { throws: 'not a bib' }],
      [1.5, { throws: 'not a bib' }],
    ]);
  });

  it('gender codes (ISO 5218 + co-ed)', () => {
    table(parseGenderCode, [
      [1, 'M'],
      [2, 'F'],
      [9, 'X'],
      [8, 'X'],
      [0, null],
      ['2', 'F'],
      [null, null],
      [undefined, null],
      [3, { throws: 'not a Race Roster gender code' }],
      ['F', { throws: 'not a Race Roster gender code' }],
      [-1, { throws: 'not a Race Roster gender code' }],
    ]);
  });

  it('result statuses', () => {
    table(parseResultStatus, [
      ['finished', 'finished'],
      ['dnf', 'dnf'],
      ['DNF', 'dnf'],
      ['dns', 'dns'],
      ['DQ', 'dq'],
      ['DSQ', 'dq'],
      [null, 'finished'],
      ['', 'finished'],
      ['running', { throws: 'not a result status' }],
    ]);
  });

  it('result times → interval text', () => {
    table(parseDuration, [
      ['01:13:12', '01:13:12'],
      ['00:18:23.84', '00:18:23.84'],
      ['1:02:03', '01:02:03'],
      ['21:53.15', '00:21:53.15'],
      ['75:10', '01:15:10'],
      ['26:01:02', '26:01:02'],
      [null, null],
      ['', null],
      ['00:61:00', { throws: 'not a result time' }],
      ['00:10:60', { throws: 'not a result time' }],
      ['DNF', { throws: 'not a result time' }],
      ['1h02', { throws: 'not a result time' }],
    ]);
  });

  it('ids as text', () => {
    table(parseId, [
      [123456, '123456'],
      ['987654', '987654'],
      [0, '0'],
      [undefined, { throws: 'missing' }],
      [null, { throws: 'missing' }],
      ['#500000123', { throws: 'not a numeric id' }],
      [-4, { throws: 'not a numeric id' }],
      [1.5, { throws: 'not a numeric id' }],
      [{ value: 1 }, { throws: 'not a numeric id' }],
    ]);
  });

  it('places and ages', () => {
    table((value: number | string | null) => parseCount(value, 'a place'), [
      [1, 1],
      ['12', 12],
      [0, 0],
      [null, null],
      ['', null],
      [-1, { throws: 'not a place' }],
      [2.5, { throws: 'not a place' }],
      ['first', { throws: 'not a place' }],
    ]);
  });
});
