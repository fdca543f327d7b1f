/**
 * A tiny RunSignUp-compatible HTTP server on 127.0.0.1 (port 0) that serves the sample payloads of
 * providers.md §1.6, with keyset paging on participants, page paging on races and results, the
 * error envelope for bad credentials, and a log of every request URL. Deliberately independent of
 * the sandbox so adapter tests and end-to-end tests have a fixed, small oracle.
 *
 * Data: the races list holds the `/races` sample race (16404) and the race-detail sample race (1);
 * participants and removed participants are the samples (event 12890) under any known race;
 * results (set 691649) belong to race 1, event 1.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AUTH_ERROR_SAMPLE, GET_RESULTS_SAMPLE, PARTICIPANTS_SAMPLE, RACE_DETAIL_SAMPLE, RACES_SAMPLE,
  REMOVED_PARTICIPANTS_SAMPLE, RESULT_SETS_SAMPLE,
} from './fixture-samples.js';

export const FIXTURE_API_KEY = 'fixture-api-key';
export const FIXTURE_API_SECRET = 'fixture-api-secret-do-not-leak';
export const RESULTS_RACE_ID = 1;
export const RESULTS_EVENT_ID = 1;

export interface FixtureOptions {
  /** HTTP status sent with API error envelopes (RunSignUp commonly answers errors with 200). */
  errorStatus?: number;
  /** Races whose detail and sub-resources answer error 7: the key is valid but has no access. */
  deniedRaceIds?: number[];
  /** Raw participant rows served alongside the sample one (same event rules, sorted by registration_id). */
  extraParticipants?: Record<string, unknown>[];
  /** The official single-object removed-participants shape, or an array per event as one client saw. */
  removedShape?: 'object' | 'array';
}

export interface ScriptedResponse {
  status: number;
  /** A string is sent as is (e.g. truncated JSON); anything else as JSON. */
  body: unknown;
  headers?: Record<string, string>;
}

export interface RunSignupFixture {
  /** Ends in `/Rest`, like the production base URL. */
  baseUrl: string;
  requests: URL[];
  /** Answer the next requests with these responses, in order, before the normal routes. */
  respondNext(...responses: ScriptedResponse[]): void;
  close(): Promise<void>;
}

type Row = Record<string, unknown>;
type Reply = { status: number; body: unknown };

const clone = <T>(value: T): T => structuredClone(value);
const races = (): Row[] => [clone(RACES_SAMPLE.races[0]!.race), clone(RACE_DETAIL_SAMPLE.race)];
const apiError = (code: number, message: string) => ({ error: { error_code: code, error_msg: message } });

function numberParam(query: URLSearchParams, name: string): number | null {
  const value = query.get(name);
  return value === null || value === '' ? null : Number(value);
}

/** `sort=registration_id ASC`, `after_registration_id` (>), `modified_after_timestamp` (>=), `results_per_page` (≤ 2500). */
function pageRows(rows: Row[], query: URLSearchParams, modifiedKey: string): Row[] {
  const eventIds = (query.get('event_id') ?? '').split(',').filter(Boolean);
  const after = numberParam(query, 'after_registration_id');
  const since = numberParam(query, 'modified_after_timestamp');
  const size = Math.min(numberParam(query, 'results_per_page') ?? 50, 2500);
  return rows
    .filter((row) => eventIds.includes(String(row.event_id)))
    .filter((row) => after === null || Number(row.registration_id) > after)
    .filter((row) => since === null || Number(row[modifiedKey]) >= since)
    .sort((a, b) => Number(a.registration_id) - Number(b.registration_id))
    .slice(0, size);
}

function listRaces(query: URLSearchParams): Reply {
  const size = Math.min(numberParam(query, 'results_per_page') ?? 50, 1000);
  const page = numberParam(query, 'page') ?? 1;
  const withEvents = query.get('events') === 'T';
  const slice = races().slice((page - 1) * size, page * size);
  return { status: 200, body: { races: slice.map(({ events, ...race }) => ({ race: withEvents ? { ...race, events } : race })) } };
}

function listParticipants(query: URLSearchParams, extra: Row[]): Reply {
  const sample = PARTICIPANTS_SAMPLE[0]!;
  const rows = pageRows([...clone(sample.participants as Row[]), ...clone(extra)], query, 'last_modified');
  const eventIds = (query.get('event_id') ?? '').split(',').filter(Boolean);
  // One element per requested event; the event's own `participants` is always empty (RunSignUp quirk).
  const body = eventIds.map((eventId) => ({
    event: { event_id: Number(eventId), participants: [] },
    participants: rows.filter((row) => String(row.event_id) === eventId),
  }));
  return { status: 200, body };
}

function listRemoved(query: URLSearchParams, shape: 'object' | 'array'): Reply {
  const sample = REMOVED_PARTICIPANTS_SAMPLE.event;
  const eventRows = clone(sample.participants as Row[]).map((row) => ({ ...row, event_id: sample.event_id }));
  const rows = pageRows(eventRows, query, 'last_modified_ts').map(({ event_id: _eventId, ...row }) => row);
  const eventIds = (query.get('event_id') ?? '').split(',').filter(Boolean);
  const blocks = eventIds.map((eventId) => ({
    event: { event_id: Number(eventId), participants: Number(eventId) === sample.event_id ? rows : [] },
  }));
  return { status: 200, body: shape === 'array' ? blocks : (blocks[0] ?? { event: { event_id: null, participants: [] } }) };
}

function listResults(raceId: number, query: URLSearchParams, sets: boolean): Reply {
  const hasResults = raceId === RESULTS_RACE_ID && query.get('event_id') === String(RESULTS_EVENT_ID);
  if (!hasResults) return { status: 200, body: { individual_results_sets: [] } };
  if (sets) return { status: 200, body: clone(RESULT_SETS_SAMPLE) };
  const block = clone(GET_RESULTS_SAMPLE.individual_results_sets[0]!);
  const setFilter = query.get('individual_result_set_id');
  if (setFilter && setFilter !== String(block.individual_result_set_id)) return { status: 200, body: { individual_results_sets: [] } };
  // [CONFLICT] in providers.md: accept both page-size names.
  const size = numberParam(query, 'results_per_page') ?? numberParam(query, 'num') ?? 100;
  const page = numberParam(query, 'page') ?? 1;
  return { status: 200, body: { individual_results_sets: [{ ...block, results: block.results.slice((page - 1) * size, page * size) }] } };
}

function route(url: URL, options: Required<FixtureOptions>): Reply {
  const query = url.searchParams;
  const errorReply = (code: number, message: string): Reply => ({ status: options.errorStatus, body: apiError(code, message) });
  if (query.get('format') !== 'json') return errorReply(10, 'Response format not supported for this REST method');
  const path = url.pathname.toLowerCase().replace(/\/+$/, '');
  const isResults = /\/results\//.test(path);
  const anonymous = !query.has('api_key') && !query.has('api_secret');
  const authorised = query.get('api_key') === FIXTURE_API_KEY && query.get('api_secret') === FIXTURE_API_SECRET;
  // Public results can be read without credentials; everything else needs a valid pair.
  if (!authorised && !(isResults && anonymous)) return { status: options.errorStatus, body: clone(AUTH_ERROR_SAMPLE) };

  if (path === '/rest/races') return listRaces(query);
  const match = /^\/rest\/race\/(\d+)(\/.*)?$/.exec(path);
  if (!match) return errorReply(1, 'Unknown method');
  const raceId = Number(match[1]);
  const race = races().find((entry) => entry.race_id === raceId);
  if (!race) return errorReply(201, 'Race not found.');
  if (options.deniedRaceIds.includes(raceId)) return errorReply(7, 'Permission Denied');
  switch (match[2] ?? '') {
    case '': return { status: 200, body: { race } };
    case '/participants': return listParticipants(query, options.extraParticipants);
    case '/removed-participants': return listRemoved(query, options.removedShape);
    case '/results/get-result-sets': return listResults(raceId, query, true);
    case '/results/get-results': return listResults(raceId, query, false);
    default: return errorReply(1, 'Unknown method');
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export async function startRunSignupFixture(options: FixtureOptions = {}): Promise<RunSignupFixture> {
  const settings: Required<FixtureOptions> = {
    errorStatus: options.errorStatus ?? 200,
    deniedRaceIds: options.deniedRaceIds ?? [],
    extraParticipants: options.extraParticipants ?? [],
    removedShape: options.removedShape ?? 'object',
  };
  const requests: URL[] = [];
  const scripted: ScriptedResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const next = scripted.shift();
    if (next) return send(res, next.status, next.body, next.headers);
    if (req.method !== 'GET') return send(res, settings.errorStatus, apiError(2, 'HTTP method not supported for this REST method'));
    const reply = route(url, settings);
    send(res, reply.status, reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/Rest`,
    requests,
    respondNext: (...responses) => void scripted.push(...responses),
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}
