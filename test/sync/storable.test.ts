import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findUnstorable, storableCopy } from '../../src/sync/storable.js';

describe('findUnstorable', () => {
  const rows: [string, unknown, string | null][] = [
    ['clean text', { a: 'Zoë', b: ['x', { c: '😀' }], d: new Date(0), e: null, f: 1 }, null],
    ['a NUL', { a: 'x\u0000y' }, 'a'],
    ['a lone high surrogate', { user: { name: 'ab\uD83D' } }, 'user.name'],
    ['a lone low surrogate', { list: ['ok', '\uDE00x'] }, 'list.1'],
    ['a reversed pair', { a: '\uDE00\uD83D' }, 'a'],
    ['a bad key', { ['k\u0000']: 1 }, 'k\u0000'],
    ['a bad string alone', '\u0000', '(value)'],
    ['the first of two', { a: { b: 'ok', c: '\u0000' }, d: '\u0000' }, 'a.c'],
  ];
  for (const [name, value, path] of rows) it(`${name} → ${JSON.stringify(path)}`, () => assert.equal(findUnstorable(value), path));
});

describe('storableCopy', () => {
  it('replaces NULs and lone surrogates with U+FFFD and keeps pairs', () => {
    assert.deepEqual(storableCopy({ a: 'x\u0000\uD83D', b: ['\uDE00😀'], ['k\u0000']: 1 }), { a: 'x\uFFFD\uFFFD', b: ['\uFFFD😀'], ['k\uFFFD']: 1 });
    assert.equal(findUnstorable(storableCopy({ a: '\uD800\u0000' })), null);
  });
});
