/**
 * A hub with two partners whose provider ids collide (the same RunSignUp event, race, participant and
 * result ids at both), served over real HTTP on 127.0.0.1, with tokens of every kind.
 */
import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/log.js';
import { createApi, startServer, type Api, type RunningServer } from '../../src/api/index.js';
import { createMetrics } from '../../src/metrics/registry.js';
import { insertChanges, raiseAlert } from '../../src/sync/store/changes.js';
import { upsertEvents, upsertRaces } from '../../src/sync/store/events.js';
import { upsertParticipants, type ParticipantRow } from '../../src/sync/store/participants.js';
import { upsertResults, replaceSplits } from '../../src/sync/store/results.js';
import { startRun } from '../../src/sync/store/runs.js';
import { endRunOnTarget, ensureTarget } from '../../src/sync/store/targets.js';
import { addConnection } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';
import { createToken, revokeToken } from '../../src/tokens/index.js';
import { TEST_BOX } from '../helpers/sync.js';

export interface PartnerIds {
  partnerId: number;
  connectionId: number;
  eventId: number;
  raceId: number;
  participantIds: number[];
  resultId: number;
  runId: number;
  targetId: number;
  alertId: number;
  changeIds: number[];
}

export interface Tokens {
  a: string;
  aTrigger: string;
  b: string;
  bTrigger: string;
  admin: string;
  revoked: string;
}

export const START = new Date('2026-09-05T13:00:00Z');

export function participantRow(partnerId: number, connectionId: number, eventId: number, raceId: number, key: string, bib: string | null): ParticipantRow {
  return {
    timing_partner_id: partnerId, provider: 'runsignup', connection_id: connectionId, event_id: eventId, race_id: raceId,
    provider_participant_id: key, bib, chip: null, first_name: `First${key}`, last_name: `Last${key}`, email: `${key}@example.com`,
    gender: 'F', birthdate: '1990-04-02', age: 36, city: 'Springfield', region: 'IL', country: 'US', team_name: null, amount_paid: '57.75',
    registered_at: '2026-05-01T10:00:00Z', raw: { registration_id: key }, content_hash: `h-${key}-${bib}`, fields_hash: `f-${key}-${bib}`, provider_modified_at: null, provider_version: null,
  };
}

/** One partner's data, with provider ids that are the same for every partner. */
export async function seedPartner(db: Database, name: string, participants = 3): Promise<PartnerIds> {
  const partner = await addPartner(db, name, 'America/Chicago');
  const connection = await addConnection(db, TEST_BOX, {
    timingPartnerId: partner.id, provider: 'runsignup', baseUrl: 'http://127.0.0.1:9/Rest', budgetPerHour: 1000, credentials: { api_key: `key-${name}`, api_secret: 's' },
  });
  const base = { timing_partner_id: partner.id, provider: 'runsignup', connection_id: connection.id };
  const [event] = await upsertEvents(db, [{
    ...base, provider_event_id: '1001', name: `${name} Marathon`, start_time: START.toISOString(), time_zone: 'America/Chicago',
    city: 'Springfield', region: 'IL', country: 'US', raw: {}, content_hash: 'e', provider_modified_at: null,
  }]);
  const [race] = await upsertRaces(db, [{
    ...base, provider_event_id: '1001', provider_race_id: '2002', name: `${name} 10K`, start_time: START.toISOString(), distance: '10K',
    raw: {}, content_hash: 'r', provider_modified_at: null,
  }]);
  const rows = Array.from({ length: participants }, (_, i) => participantRow(partner.id, connection.id, event!.id, race!.id, String(3000 + i), String(100 + i)));
  const written = await upsertParticipants(db, rows);
  const [resultId] = [...(await upsertResults(db, [{
    ...base, event_id: event!.id, race_id: race!.id, result_set: 'overall', result_set_name: 'Overall', provider_result_id: '3000', bib: '100',
    first_name: 'First3000', last_name: 'Last3000', gender: 'F', age: 36, clock_time: '00:45:12', chip_time: '00:45:01', overall_place: 1,
    gender_place: 1, division_place: 1, division: 'F35-39', status: 'finished', raw: {}, content_hash: 'x',
  }])).values()];
  await replaceSplits(db, { ...base, event_id: event!.id, race_id: race!.id }, [{
    resultId: resultId!, splits: [{ split_name: '5K', split_order: 1, distance_m: 5000, clock_time: '00:22:40', chip_time: '00:22:31' }],
  }]);
  const target = await ensureTarget(db, { timingPartnerId: partner.id, connectionId: connection.id, kind: 'participants', raceId: race!.id });
  const runId = await startRun(db, { targetId: target.id, mode: 'full', dryRun: false, cursorFrom: null });
  await endRunOnTarget(db, { id: runId, outcome: { status: 'failed', apiCalls: 2, errorClass: 'transient', errorMessage: 'HTTP 503 from the provider' } },
    { id: target.id, holder: 'seed (never leased)', outcome: { succeeded: false, error: 'transient: HTTP 503 from the provider' } });
  const participantIds = [...written.values()].sort((x, y) => x - y);
  await insertChanges(db, partner.id, runId, participantIds.map((id, i) => ({
    entity: 'participant' as const, entityId: id, kind: 'bib_assigned' as const, oldValues: { bib: null }, newValues: { bib: String(100 + i) },
  })));
  const changeIds = (await db.query<{ id: number }>('select id from changes where timing_partner_id = $1 order by id', [partner.id])).map((r) => r.id);
  await raiseAlert(db, { timingPartnerId: partner.id, connectionId: connection.id, targetId: target.id, kind: 'race_day_late', message: `${name} late` });
  const [alert] = await db.query<{ id: number }>('select id from alerts where timing_partner_id = $1', [partner.id]);
  return {
    partnerId: partner.id, connectionId: connection.id, eventId: event!.id, raceId: race!.id, participantIds, resultId: resultId!,
    runId, targetId: target.id, alertId: alert!.id, changeIds,
  };
}

export async function makeTokens(db: Database, a: number, b: number): Promise<Tokens> {
  const revoked = await createToken(db, { partnerId: a, scope: 'read' });
  await revokeToken(db, revoked.token.id);
  return {
    a: (await createToken(db, { partnerId: a, scope: 'read' })).secret,
    aTrigger: (await createToken(db, { partnerId: a, scope: 'trigger' })).secret,
    b: (await createToken(db, { partnerId: b, scope: 'read' })).secret,
    bTrigger: (await createToken(db, { partnerId: b, scope: 'trigger' })).secret,
    admin: (await createToken(db, { partnerId: null, scope: 'admin' })).secret,
    revoked: revoked.secret,
  };
}

export interface Served {
  api: Api;
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

export async function serveApi(db: Database, options: { now?: () => Date; authFailureLimit?: number } = {}): Promise<Served> {
  const log = createLogger('silent');
  const api = createApi({
    db, log, box: TEST_BOX, metrics: createMetrics(db, options.now ?? (() => new Date())), version: 'test', now: options.now,
    validateResponses: true, authFailureLimit: options.authFailureLimit ?? 1000,
  });
  const server = await startServer(api, { port: 0, host: '127.0.0.1' });
  return { api, server, url: server.url, close: () => server.stop() };
}

export interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export async function call(url: string, path: string, options: { token?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url + path, {
    method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, body, text, headers: response.headers };
}
