import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunSignupSandbox } from '../../../src/sandbox/index.js';
import { apiUrl, findRace, getJson, startSandbox } from './helpers.js';

describe('RunSignUp sandbox formats and paths', () => {
  let sandbox: RunSignupSandbox;
  let raceId: number;

  before(async () => {
    sandbox = await startSandbox();
    raceId = findRace(sandbox, 1, true);
  });
  after(() => sandbox.close());

  it('answers XML when format is absent (RunSignUp default) or xml', async () => {
    for (const format of [undefined, 'xml']) {
      const response = await fetch(apiUrl(sandbox, `/race/${raceId}`, { format }));
      const text = await response.text();
      assert.match(response.headers.get('content-type') ?? '', /text\/xml/);
      assert.match(text, /^<\?xml version="1.0"/);
      assert.match(text, new RegExp(`<race><race_id>${raceId}</race_id>`));
      assert.throws(() => JSON.parse(text));
    }
  });

  it('renders errors as XML too when no format is given', async () => {
    const response = await fetch(`${sandbox.baseUrl}/races`);
    const text = await response.text();
    assert.match(text, /<error><error_code>6<\/error_code><error_msg>Key authentication failed<\/error_msg><\/error>/);
  });

  it('answers error 10 for formats other than json and xml', async () => {
    const reply = await getJson(apiUrl(sandbox, '/races', { format: 'csv' }));
    assert.deepEqual(reply.body, { error: { error_code: 10, error_msg: 'Response format not supported for this REST method' } });
  });

  it('can answer every XML request with error 10 instead of a document', async () => {
    const strict = await startSandbox({ xmlAnswer: 'error10' });
    try {
      const text = await (await fetch(apiUrl(strict, '/races', { format: undefined }))).text();
      assert.match(text, /<error_code>10<\/error_code>/);
      const json = await getJson(apiUrl(strict, '/races'));
      assert.ok(Array.isArray(json.body.races));
    } finally {
      await strict.close();
    }
  });

  it('matches paths case-insensitively and ignores a trailing slash', async () => {
    const origin = sandbox.baseUrl.replace(/\/Rest$/, '');
    const bodies = await Promise.all(
      ['/Rest', '/rest', '/REST'].map(async (prefix) => {
        const url = apiUrl(sandbox, `/race/${raceId}/`).replace(`${origin}/Rest`, `${origin}${prefix}`);
        return (await fetch(url)).text();
      }),
    );
    assert.equal(new Set(bodies).size, 1);
    assert.equal(JSON.parse(bodies[0] as string).race.race_id, raceId);
  });
});
