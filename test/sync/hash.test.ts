import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { contentHash, jsonWithout } from '../../src/sync/hash.js';
import { participantHashes } from '../../src/sync/participant-diff.js';

/** The definition the stored hashes were made with: a replacer dropping the keys at every depth. */
const replaced = (value: unknown, keys: readonly string[]) => JSON.stringify(value, (key, item) => (keys.includes(key) ? undefined : item));
const md5 = (text: string) => createHash('md5').update(text).digest('base64url');

const STAMPS = ['last_modified', 'last_modified_ts', 'providerModifiedAt', 'provider_modified_at', 'provider_version'];

describe('jsonWithout', () => {
  const cases: [string, unknown][] = [
    ['no stamp', { a: 1, b: 'x' }],
    ['a stamp first', { last_modified: 5, a: 1 }],
    ['a stamp last', { a: 1, last_modified: 5 }],
    ['only stamps', { last_modified: 5, provider_version: 'v' }],
    ['a stamp nested', { a: { last_modified: 5, b: 2 }, last_modified: 6 }],
    ['a stamp in an array', [{ last_modified: 5 }, 1]],
    ['a stamp whose value holds a stamp', { provider_version: { last_modified: 1 }, a: 2 }],
    ['a stamp-like string', { a: '"last_modified":1', last_modified: 2 }],
    ['a key ending in a stamp name', { 'x"last_modified': 1, last_modified: 2 }],
    ['an undefined stamp', { a: 1, last_modified: undefined }],
    ['a null stamp', { a: 1, last_modified: null }],
    ['a string', 'last_modified'],
    ['null', null],
    ['nested objects and unicode', { user: { name: 'Zoë \u2028', address: { city: null } }, last_modified_ts: 1.5e12, providerModifiedAt: '2026-01-01' }],
  ];
  for (const [name, value] of cases) {
    it(`gives the replacer's text: ${name}`, () => assert.equal(jsonWithout(value, STAMPS), replaced(value, STAMPS)));
  }

  it('gives the replacer’s text on 2,000 generated records', () => {
    let seed = 1;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
    const keys = [...STAMPS, 'a', 'b', 'user', 'id', 'x"last_modified'];
    const make = (depth: number): unknown => {
      const roll = next();
      if (depth > 2 || roll < 0.4) return pick([1, 'text', null, '"provider_version":', true, 0.5]);
      if (roll < 0.5) return [make(depth + 1), make(depth + 1)];
      return Object.fromEntries(Array.from({ length: 1 + Math.floor(next() * 5) }, () => [pick(keys), make(depth + 1)]));
    };
    for (let i = 0; i < 2000; i++) {
      const value = make(0);
      assert.equal(jsonWithout(value, STAMPS), replaced(value, STAMPS), JSON.stringify(value));
    }
  });

  it('keeps contentHash equal to the md5 of the replacer’s text', () => {
    const record = { a: 1, raw: { last_modified: 3, b: [1, { providerModifiedAt: 'x' }] }, provider_version: 'v1' };
    assert.equal(contentHash(record, STAMPS), md5(replaced(record, STAMPS)));
    assert.equal(contentHash(record), md5(JSON.stringify(record)));
  });
});

describe('participantHashes', () => {
  const fields = { timing_partner_id: 1, provider: 'runsignup', provider_participant_id: '7', bib: null, age: 33, registered_at: '2026-01-02T15:11:00.000Z' };
  const stamps = { provider_modified_at: '2026-01-01T00:00:00.000Z', provider_version: null };
  for (const [name, raw] of [
    ['a RunSignUp-like payload', { registration_id: 7, user: { first_name: 'Ann', dob: '1990-01-01' }, last_modified: 1767000000 }],
    ['a payload with a nested stamp', { id: 7, meta: { provider_version: 'x' } }],
    ['an array payload', [1, 2]],
    ['no payload', undefined],
  ] as [string, unknown][]) {
    it(`equal the hashes stored rows were made with: ${name}`, () => {
      // The row as it was hashed before one serialisation served both: the stamps after raw.
      const row = { ...fields, raw, ...stamps };
      assert.deepEqual(participantHashes(fields, raw), {
        content_hash: md5(replaced(row, STAMPS)),
        fields_hash: md5(replaced({ ...fields, ...stamps }, ['provider_modified_at', 'provider_version'])),
      });
    });
  }
});
