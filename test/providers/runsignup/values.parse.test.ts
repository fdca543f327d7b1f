import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EASTERN_ZONE, parseAge, parseBib, parseBirthdate, parseFlag, parseGender, parseIsoDateTime, parseMoney,
  formatResultTime, parsePlace, parseResultTime, parseUnixSeconds, parseUsDateAtMidnight, parseUsDateTime,
} from '../../../src/providers/runsignup/values.js';

/** Runs `parse` over [input, expected] rows; `expected === Error` means the value must be refused. */
function table<I, O>(name: string, parse: (input: I) => O, rows: [I, O | typeof Error][]): void {
  describe(name, () => {
    for (const [input, expected] of rows) {
      it(`${JSON.stringify(input)} → ${expected === Error ? 'throws' : JSON.stringify(expected)}`, () => {
        if (expected === Error) assert.throws(() => parse(input), /not/);
        else assert.deepEqual(parse(input), expected);
      });
    }
  });
}

const iso = (text: string) => new Date(text);

table('parseMoney', parseMoney, [
  ['$57.75', '57.75'],
  ['$0.00', '0.00'],
  ['$1,234.50', '1234.50'],
  ['$55', '55'],
  ['57.75', '57.75'],
  ['-$5.00', '-5.00'],
  [null, null],
  ['', null],
  ['abc', Error],
  ['$', Error],
  ['$57.755', Error],
  ['$1,23.00', Error],
  ['€57.75', Error],
]);

table('parseFlag', parseFlag, [
  ['T', true],
  ['F', false],
  ['t', Error],
  ['', Error],
]);

table('parseUsDateTime (Eastern)', (value: string | null) => parseUsDateTime(value, EASTERN_ZONE), [
  ['9/7/2021 15:15', iso('2021-09-07T19:15:00.000Z')], // EDT, UTC-4
  ['1/11/2019 01:58', iso('2019-01-11T06:58:00.000Z')], // EST, UTC-5
  ['10/21/2011 11:25', iso('2011-10-21T15:25:00.000Z')],
  ['', null],
  [null, null],
  ['2021-09-07 15:15', Error],
  ['13/1/2021 10:00', Error],
  ['2/30/2021 10:00', Error],
]);

table('parseUsDateTime (race zone)', ([value, zone]: [string, string]) => parseUsDateTime(value, zone), [
  [['3/20/2019 09:00', 'America/Chicago'], iso('2019-03-20T14:00:00.000Z')], // CDT, UTC-5
  [['12/10/2018 07:00', 'America/Chicago'], iso('2018-12-10T13:00:00.000Z')], // CST, UTC-6
  [['4/6/2019 08:00', 'America/Los_Angeles'], iso('2019-04-06T15:00:00.000Z')],
  [['3/20/2019 09:00', 'Not/AZone'], Error],
]);

table('parseUsDateAtMidnight', ([value, zone]: [string | null, string]) => parseUsDateAtMidnight(value, zone), [
  [['03/20/2019', 'America/Chicago'], iso('2019-03-20T05:00:00.000Z')],
  [['04/06/2019', EASTERN_ZONE], iso('2019-04-06T04:00:00.000Z')],
  [['01/15/2019', EASTERN_ZONE], iso('2019-01-15T05:00:00.000Z')],
  [[null, EASTERN_ZONE], null],
  [['2019-03-20', EASTERN_ZONE], Error],
]);

table('parseIsoDateTime (removed participants, Eastern)', (value: string | null) => parseIsoDateTime(value, EASTERN_ZONE), [
  ['2021-09-23 09:54:37', iso('2021-09-23T13:54:37.000Z')],
  ['2021-12-01 09:00:00', iso('2021-12-01T14:00:00.000Z')],
  [null, null],
  ['9/23/2021 09:54', Error],
]);

table('parseBirthdate', parseBirthdate, [
  ['1986-01-06', '1986-01-06'],
  ['2000-02-29', '2000-02-29'],
  [null, null],
  ['', null],
  ['1986-13-45', Error],
  ['1999-02-29', Error],
  ['1/6/1986', Error],
]);

table('parseUnixSeconds', parseUnixSeconds, [
  [1631042122, new Date(1631042122000)],
  [1632405277, iso('2021-09-23T13:54:37.000Z')],
  [null, null],
  [1.5, Error],
  [-1, Error],
]);

table('parseBib', parseBib, [
  [100, '100'],
  ['  A12 ', 'A12'],
  ['0042', '0042'],
  [null, null],
  ['', null],
  ['   ', null],
]);

table('parseGender', parseGender, [
  ['M', 'M'],
  ['f', 'F'],
  ['Male', 'M'],
  ['FEMALE', 'F'],
  ['X', 'X'],
  ['NB', 'X'],
  ['Non-binary', 'X'],
  [null, null],
  ['', null],
  ['U', null],
]);

table('parseResultTime', parseResultTime, [
  ['8:27.42', { time: '00:08:27.42', status: null }],
  ['1:13:12', { time: '01:13:12', status: null }],
  ['21:53.15', { time: '00:21:53.15', status: null }],
  ['0:28:01.123', { time: '00:28:01.123', status: null }],
  ['26:03:04', { time: '26:03:04', status: null }],
  ['75:10', { time: '01:15:10', status: null }],
  ['', { time: null, status: null }],
  [null, { time: null, status: null }],
  ['DNF', { time: null, status: 'dnf' }],
  ['DNS', { time: null, status: 'dns' }],
  ['DQ', { time: null, status: 'dq' }],
  ['DNQ', { time: null, status: 'dq' }],
  ['dnf', { time: null, status: 'dnf' }],
  ['fast', Error],
  ['1:60:00', Error],
  ['8:61', Error],
  ['8.27', Error],
]);

table('formatResultTime (a stored time as published to RunSignUp)', formatResultTime, [
  ['00:28:01.123', '0:28:01.123'],
  ['01:13:12', '1:13:12'],
  ['26:03:04', '26:03:04'],
  ['1 day 02:00:00.5', '26:00:00.5'],
  ['28:01', Error],
]);

table('parsePlace', parsePlace, [
  [1, 1],
  ['12', 12],
  [null, null],
  ['', null],
  ['1st', Error],
  [1.5, Error],
]);

table('parseAge', parseAge, [
  [35, 35],
  ['35', 35],
  ['', null],
  ['old', Error],
]);

describe('parseUsDateTime around clock changes and impossible dates (US Eastern)', () => {
  const cases: [string, string][] = [
    ['3/14/2021 1:59', '2021-03-14T06:59:00.000Z'],
    ['3/14/2021 2:30', '2021-03-14T07:30:00.000Z'], // a time the clock skips: moved forward an hour
    ['3/14/2021 3:00', '2021-03-14T07:00:00.000Z'],
    ['11/7/2021 0:59', '2021-11-07T04:59:00.000Z'],
    ['11/7/2021 2:00', '2021-11-07T07:00:00.000Z'],
    ['2/29/2024 12:00', '2024-02-29T17:00:00.000Z'],
  ];
  for (const [text, iso] of cases) {
    it(`${text} → ${iso}`, () => assert.equal(parseUsDateTime(text, EASTERN_ZONE)?.toISOString(), iso));
  }
  for (const text of ['2/30/2021 10:00', '13/1/2021 10:00', '2/29/2023 1:00', '1/1/2021 24:00', '1/1/2021']) {
    it(`refuses ${text}`, () => assert.throws(() => parseUsDateTime(text, EASTERN_ZONE), /n\/j\/Y H:i/));
  }
});
