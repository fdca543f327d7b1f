import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatDistance, parseAge, parseBib, parseBirthdate, parseFlag, parseGender, parseId, parseMetres, parsePlace,
  parseResultTime, parseText, parseTimeZone, parseUnixSeconds,
} from '../../../src/providers/chronotrack/values.js';
import { sha1Hex, tokenUrlOf } from '../../../src/providers/chronotrack/auth.js';
import { compareKeys } from '../../../src/providers/chronotrack/results.js';

type Case<I, O> = [input: I, expected: O];

function table<I, O>(name: string, parse: (value: I) => O, cases: Case<I, O>[], failures: I[] = []): void {
  describe(name, () => {
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.deepEqual(parse(input), expected));
    }
    for (const input of failures) {
      it(`refuses ${JSON.stringify(input)} with a message naming it`, () => {
        assert.throws(() => parse(input), (error: Error) => error.message.includes(JSON.stringify(input)) || error.message === 'missing id');
      });
    }
  });
}

table('parseId', parseId, [['89332', '89332'], [' 41566173 ', '41566173'], [102921, '102921']], ['', 'abc', '12.5', '-3']);

table('parseText', parseText, [['Park', 'Park'], ['  Warsaw ', 'Warsaw'], ['', null], [null, null], [undefined, null], [42, '42']]);

table('parseUnixSeconds', parseUnixSeconds, [
  ['1761469200', new Date('2025-10-26T09:00:00.000Z')],
  [1761469200, new Date('2025-10-26T09:00:00.000Z')],
  ['', null],
  ['0', null],
  [null, null],
], ['2025-10-26', '17614692.5', 'soon']);

table('parseBirthdate', parseBirthdate, [
  ['1988-07-04', '1988-07-04'],
  ['0000-00-00', null],
  ['', null],
  [undefined, null],
], ['1988-02-30', '04/07/1988', '1988-7-4']);

table('parseFlag', parseFlag, [['1', true], ['0', false], [1, true], ['', null]], ['T', 'yes', '2']);

table('parseBib', parseBib, [['147', '147'], [147, '147'], [' 0147 ', '0147'], ['A12', 'A12'], ['', null], [null, null]], [Number.NaN]);

table('parseGender', parseGender, [
  ['M', 'M'], ['F', 'F'], ['X', 'X'], ['m', 'M'], ['Female', 'F'], ['Non-Binary', 'X'], ['', null], ['U', null],
]);

table('parseAge', parseAge, [['37', 37], [37, 37], ['', null]], ['thirty', '-1', '3.5']);

table('parsePlace', parsePlace, [['1', 1], ['12', 12], ['0', null], ['', null]], ['first', '1.5']);

table('parseMetres', parseMetres, [['5000', 5000], ['21097.5', 21097.5], [1609, 1609], ['', null]], ['5K', '5,000', '-5']);

table('formatDistance', formatDistance, [[5000, '5000 m'], [21097.5, '21097.5 m'], [null, null]]);

table('parseTimeZone', parseTimeZone, [['Europe/Warsaw', 'Europe/Warsaw'], ['America/New_York', 'America/New_York'], ['', null]], ['Mars/Olympus', 'CET+5']);

table('parseResultTime', parseResultTime, [
  ['00:17:18', { time: '00:17:18', status: null }],
  ['00:17:18.25', { time: '00:17:18.25', status: null }],
  ['01:02:03.456', { time: '01:02:03.456', status: null }],
  ['1:02:03', { time: '01:02:03', status: null }],
  ['8:27.4', { time: '00:08:27.4', status: null }],
  ['00:17', { time: '00:00:17', status: null }],
  ['75:10', { time: '01:15:10', status: null }],
  ['27:15:00', { time: '27:15:00', status: null }],
  ['', { time: null, status: null }],
  [null, { time: null, status: null }],
  ['DNF', { time: null, status: 'dnf' }],
  ['dns', { time: null, status: 'dns' }],
  ['DQ', { time: null, status: 'dq' }],
  ['DSQ', { time: null, status: 'dq' }],
], ['00:61:00', '00:17:60', '17m18s', '1:2', '::']);

describe('auth values', () => {
  it('sends the lowercase hex SHA-1 of the password', () => {
    assert.equal(sha1Hex('secret'), 'e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4');
    assert.match(sha1Hex('ct-Żółw+1'), /^[0-9a-f]{40}$/);
  });

  it('finds the token endpoint beside the API root unless the connection names one', () => {
    assert.equal(tokenUrlOf({ baseUrl: 'https://api.chronotrack.com/api', authUrl: null }), 'https://api.chronotrack.com/oauth2/token');
    assert.equal(tokenUrlOf({ baseUrl: 'https://qa-api.chronotrack.com/api/', authUrl: null }), 'https://qa-api.chronotrack.com/oauth2/token');
    assert.equal(tokenUrlOf({ baseUrl: 'http://127.0.0.1:9/ct/api', authUrl: null }), 'http://127.0.0.1:9/ct/oauth2/token');
    assert.equal(tokenUrlOf({ baseUrl: 'http://127.0.0.1:9/other', authUrl: null }), 'http://127.0.0.1:9/oauth2/token');
    assert.equal(tokenUrlOf({ baseUrl: 'https://api.chronotrack.com/api', authUrl: 'https://auth.example/token' }), 'https://auth.example/token');
  });
});

describe('compareKeys (result positions)', () => {
  it('orders entry ids numerically and other keys after them', () => {
    assert.deepEqual(['100', '9', 'B7', '41000001', 'A12', '10'].sort(compareKeys), ['9', '10', '100', '41000001', 'A12', 'B7']);
  });
});
