import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCalendarDay } from '../../src/providers/calendar.js';

describe('isCalendarDay', () => {
  const rows: [string, boolean][] = [
    ['1986-01-06', true],
    ['2000-02-29', true], // divisible by 400: a leap year
    ['1900-02-29', false], // a century: not one
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['0004-02-29', true], // early years count by the same rule
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['0000-01-01', false], // no year 0
    ['2023-04-31', false],
    ['2023-13-01', false],
    ['2023-00-10', false],
    ['2023-01-00', false],
    ['2023-1-01', false],
    ['2023-01-01T00:00', false],
    [' 2023-01-01', false],
  ];
  for (const [text, expected] of rows) {
    it(`${text} → ${expected}`, () => assert.equal(isCalendarDay(text), expected));
  }
});
