import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SKIN_PROVIDERS, startSandbox, type Sandbox } from '../../../src/sandbox/index.js';

const ANCHOR = new Date('2025-06-01T12:00:00Z');

describe('startSandbox: every skin over one world', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ seed: 3, anchor: ANCHOR, clock: 'virtual', registrationsPerRace: 60, sharedPeopleShare: 0.4 });
  });
  after(() => sandbox.close());

  it('starts every skin on its own port with the base URL, auth URL and credentials a connection needs', () => {
    assert.deepEqual(sandbox.endpoints.map((e) => e.provider), [...SKIN_PROVIDERS]);
    assert.equal(new Set(sandbox.endpoints.map((e) => e.origin)).size, sandbox.endpoints.length);
    assert.match(sandbox.endpoint('runsignup').baseUrl, /\/Rest$/);
    assert.equal(sandbox.endpoint('runsignup').authUrl, undefined);
    assert.match(sandbox.endpoint('raceroster').baseUrl, /\/api\/v1$/);
    assert.match(sandbox.endpoint('raceroster').authUrl!, /\/api\/oauth\/authorize$/);
    assert.equal(sandbox.endpoint('haku').baseUrl, sandbox.endpoint('haku').origin);
    assert.deepEqual(Object.keys(sandbox.endpoint('runsignup').credentials[0]!), ['partner', 'api_key', 'api_secret']);
    assert.deepEqual(Object.keys(sandbox.endpoint('raceroster').credentials[0]!), ['partner', 'client_id', 'client_secret', 'username', 'password']);
    assert.deepEqual(Object.keys(sandbox.endpoint('haku').credentials[0]!), ['partner', 'client_id', 'client_secret']);
  });

  it('applies a mutation made on one port to the world every port reads', async () => {
    const event = sandbox.world.eventsAt('raceroster', 1)[0]!;
    const rsuAdmin = sandbox.endpoint('runsignup').origin;
    const reply = await fetch(`${rsuAdmin}/_admin/mutate`, { method: 'POST', body: JSON.stringify({ event: event.id, register: 1 }) });
    const summary = (await reply.json()) as { register: number[] };
    const registered = summary.register[0]!;
    const state = await fetch(`${sandbox.endpoint('raceroster').origin}/_admin/state?race=${event.races[0]!.id}`).then((r) => r.json() as Promise<any>);
    const other = await fetch(`${sandbox.endpoint('raceroster').origin}/_admin/state?race=${event.races[1]!.id}`).then((r) => r.json() as Promise<any>);
    const ids = [...state.registrations, ...other.registrations].map((r: { id: number }) => r.id);
    assert.ok(ids.includes(registered));
  });

  it('registers one person at two providers with the same name, email and birthdate', () => {
    const seen = new Map<number, { host: string; email: string | null; birthdate: string | null; name: string }>();
    let shared = 0;
    for (const race of sandbox.world.races) {
      for (const r of sandbox.world.registrations(race)) {
        const before = seen.get(r.person.id);
        const now = { host: race.event.host, email: r.person.email, birthdate: r.person.birthdate, name: `${r.person.firstName} ${r.person.lastName}` };
        if (before && before.host !== now.host) {
          shared += 1;
          assert.deepEqual({ ...before, host: '' }, { ...now, host: '' });
        }
        seen.set(r.person.id, now);
      }
    }
    assert.ok(shared > 0);
  });

  it('shows one registration at its registration provider and at the scoring provider under their own ids', async () => {
    const event = sandbox.world.eventsAt('runsignup', 1).find((e) => e.scorer === 'chronotrack')!;
    const race = event.races[0]!;
    const rsu = sandbox.endpoint('runsignup');
    const rsuKeys = `api_key=${rsu.credentials[0]!.api_key}&api_secret=${rsu.credentials[0]!.api_secret}&format=json`;
    const rsuBody = await fetch(`${rsu.baseUrl}/race/${event.ids.runsignup}/participants?event_id=${race.ids.runsignup}&results_per_page=2500&${rsuKeys}`).then((r) => r.json() as Promise<any>);
    const ct = sandbox.endpoint('chronotrack');
    const c = ct.credentials[0]!;
    const pass = createHash('sha1').update(c.password).digest('hex');
    const ctBody = await fetch(`${ct.baseUrl}/race/${race.ids.chronotrack}/entry?format=json&size=100&client_id=${c.client_id}&user_id=${encodeURIComponent(c.username)}&user_pass=${pass}`).then((r) => r.json() as Promise<any>);
    const participants = rsuBody[0].participants as Array<{ registration_id: number; user: { first_name: string; last_name: string } }>;
    const entries = new Map((ctBody.race_entry as Array<Record<string, string>>).map((e) => [e.entry_external_id, e]));
    assert.equal(entries.size, participants.length);
    for (const p of participants) {
      const entry = entries.get(`RSU-${p.registration_id}`);
      assert.equal(entry?.athlete_first_name, p.user.first_name);
      assert.equal(entry?.athlete_last_name, p.user.last_name);
      assert.notEqual(entry?.entry_id, String(p.registration_id));
    }
  });

  it('counts calls per provider and credential, and refuses an ambiguous fault', async () => {
    const { baseUrl, credentials } = sandbox.endpoint('runsignup');
    const before = sandbox.callCount('runsignup', credentials[0]!.api_key);
    const total = sandbox.callCount();
    await fetch(`${baseUrl}/races?format=json&api_key=${credentials[0]!.api_key}&api_secret=${credentials[0]!.api_secret}`);
    assert.equal(sandbox.callCount('runsignup', credentials[0]!.api_key), before + 1);
    assert.equal(sandbox.callCount('runsignup', credentials[1]!.api_key), 0);
    assert.equal(sandbox.callCount(), total + 1);
    assert.equal(sandbox.callCount('raceroster'), 0);
    assert.throws(() => sandbox.injectFault({ kind: '5xx' }), /which provider/);
    await assert.rejects(startSandbox({ providers: ['nope' as never] }), /no skin for nope/);
  });
});

describe('p88 sandbox', () => {
  it('prints every provider\'s endpoint as JSON and as a table of connection flags', async () => {
    const json = JSON.parse(await firstOutput(['sandbox', '--json', '--partners', '1'], (text) => text.trimEnd().endsWith(']')));
    assert.deepEqual(json.map((e: { provider: string }) => e.provider), [...SKIN_PROVIDERS]);
    const table = await firstOutput(['sandbox', '--provider', 'haku', '--partners', '2'], (text) => text.includes('Ctrl-C'));
    assert.match(table, /haku +1 +http:\/\/127\.0\.0\.1:\d+ +http:\/\/127\.0\.0\.1:\d+\/oauth2\/token +--provider haku --base-url \S+ --auth-url \S+ --client-id \w+ --client-secret \w+/);
    assert.match(table, /\n(haku +2 )/);
  });

  it('still takes the RunSignUp-only sandbox\'s flag names (the README\'s example)', async () => {
    const args = ['sandbox', '--json', '--provider', 'runsignup', '--partners', '1', '--races', '20', '--participants-per-event', '200'];
    const run = await runCli(args, (text) => text.trimEnd().endsWith(']'));
    try {
      const { baseUrl, credentials } = JSON.parse(run.text)[0];
      const auth = `api_key=${credentials[0].api_key}&api_secret=${credentials[0].api_secret}&format=json`;
      const races = await fetch(`${baseUrl}/races?results_per_page=100&events=T&${auth}`).then((r) => r.json() as Promise<any>);
      assert.equal(races.races.length, 20);
      const race = races.races[0].race;
      const participants = await fetch(`${baseUrl}/race/${race.race_id}/participants?event_id=${race.events[0].event_id}&results_per_page=2500&${auth}`).then((r) => r.json() as Promise<any>);
      assert.equal(participants[0].participants.length, 200);
    } finally {
      await run.stop();
    }
  });
});

/** Runs p88 until its stdout satisfies `done`; `stop` sends SIGTERM to that child only and waits for it. */
function runCli(args: string[], done: (text: string) => boolean): Promise<{ text: string; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/p88.js', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    const stop = async () => {
      child.kill('SIGTERM');
      await exited;
    };
    let text = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`p88 ${args.join(' ')} printed: ${text}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (!done(text)) return;
      clearTimeout(timer);
      resolve({ text, stop });
    });
    child.on('error', reject);
  });
}

/** The output once `done`, with the child stopped. */
async function firstOutput(args: string[], done: (text: string) => boolean): Promise<string> {
  const run = await runCli(args, done);
  await run.stop();
  return run.text;
}
