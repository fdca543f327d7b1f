import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

/** The README's first command: the demo runs every provider and the round trip, and nothing fails. */
describe('p88 demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'p88-demo-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('syncs all five providers, collects results and ends with the round trip published', async () => {
    const result = await runCli(['demo'], { P88_DATA_DIR: dataDir, P88_LOG_LEVEL: 'warn' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '', 'no warning or error on the way');
    const failed = [...result.stdout.matchAll(/(\d+) failed, (\d+) partial/g)].map((m) => Number(m[1]) + Number(m[2]));
    assert.ok(failed.length >= 6 && failed.every((n) => n === 0), result.stdout);
    const providers = /fastest result of each provider[^\n]*\n[^\n]*\n[^\n]*\n((?:[a-z]+ [^\n]*\n)+)/.exec(result.stdout)?.[1] ?? '';
    assert.deepEqual(providers.trim().split('\n').map((line) => line.split(/\s+/)[0]), ['chronotrack', 'copernico', 'raceroster', 'runsignup']);
    const pushed = /push: (\d+) created, 0 updated, 0 unchanged, 0 deleted, 0 rejected/.exec(result.stdout);
    assert.ok(pushed && Number(pushed[1]) > 0, 'the registrations were pushed');
    assert.match(result.stdout, /p88 publish approve 1 --now: succeeded; RunSignUp received 2 call\(s\): new-result-set, full-results/);
  });
});
