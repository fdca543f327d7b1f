import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonArraySplitter } from '../../../src/providers/copernico/json-array.js';

/** Feeds `text` in pieces of `size` characters and returns the parsed elements. */
function split(text: string, size = text.length): unknown[] {
  const splitter = new JsonArraySplitter();
  const texts: string[] = [];
  for (let at = 0; at < text.length; at += size) texts.push(...splitter.push(text.slice(at, at + size)));
  splitter.end();
  return texts.map((t) => JSON.parse(t));
}

const TRICKY = [
  { id: 'a', name: 'brackets ] } [ { in a string', n: 1 },
  { id: 'b', quote: 'a \\"quoted\\" word \\\\', nested: { list: [1, [2, { x: ']' }]], empty: {} } },
  'a bare string, with a comma',
  42,
  null,
  [1, 2, 3],
  { id: 'ü', name: 'MarÃ­a', emoji: '🏃' },
];

describe('JsonArraySplitter', () => {
  it('splits a bare array into its elements', () => {
    assert.deepEqual(split(JSON.stringify(TRICKY)), TRICKY);
  });

  it('gives the same elements whatever the chunk boundaries, down to one character', () => {
    const text = JSON.stringify(TRICKY, null, 2);
    for (const size of [1, 2, 3, 7, 64]) assert.deepEqual(split(text, size), TRICKY, `pieces of ${size}`);
  });

  it('finds the array under "data" whatever comes before or after it', () => {
    const wrapped = { gunTime: 1754035200000, note: { data: 'not this one', list: ['[', '{'] }, data: TRICKY, after: [1, { data: [] }] };
    for (const size of [1, 5, 1000]) assert.deepEqual(split(JSON.stringify(wrapped), size), TRICKY);
    assert.deepEqual(split('{"data":[{"id":1}],"gunTime":"2025-08-01T08:00:00Z"}'), [{ id: 1 }]);
  });

  it('reads empty arrays, whitespace, a byte-order mark and nothing past the closing bracket', () => {
    assert.deepEqual(split('  [ ]  '), []);
    assert.deepEqual(split('{"data": []}'), []);
    assert.deepEqual(split('\uFEFF[ {"id":1} ,\n {"id":2} ]'), [{ id: 1 }, { id: 2 }]);
    assert.deepEqual(split('[1,2] trailing garbage is never read'), [1, 2]);
  });

  it('hands a broken element on as text, for JSON.parse to refuse', () => {
    const splitter = new JsonArraySplitter();
    const texts = splitter.push('[{"id":1},{"id":2,"name":}, {"id":3}]');
    splitter.end();
    assert.deepEqual(texts, ['{"id":1}', '{"id":2,"name":}', '{"id":3}']);
    assert.throws(() => JSON.parse(texts[1]!));
  });

  it('refuses what is not an athletes array, and a body that breaks off', () => {
    const fails = (text: string, message: RegExp) => assert.throws(() => split(text), message);
    fails('', /the body is empty/);
    fails('<br />\n<b>Warning</b>: [1]', /the body is not JSON: "<" where a JSON array or object must start/);
    fails('{"gunTime": 1, "data": null}', /no athletes array/);
    fails('{"items": [1, 2]}', /no athletes array/);
    fails('[{"id":1},{"id":2', /broke off inside the athletes array/);
    fails('{"data":[{"id":1}', /broke off inside the athletes array/);
    fails('[1,,2]', /not JSON: an empty array element/);
  });
});
