/**
 * Publishing results back to RunSignUp (providers.md §1.6, R9): the result set is created once
 * (`new-result-set`), then rows go to `full-results` as the form field `request` holding
 * `{"results": [{registration_id, place, clock_time, chip_time}]}` with `request_format=json`, the
 * race's `event_id` and the set's `individual_result_set_id`. Times go in RunSignUp's own form
 * (`0:28:01.123`). A status (DNF, DNS, DQ) is sent as the
 * time, as RunSignUp's own results take it.
 */
import { SyncError } from '../../errors.js';
import type { PublishOutcome, PublishQuery, PublishRow } from '../types.js';
import type { RunSignupClient } from './client.js';
import { formatResultTime } from './values.js';

const STATUS_TIME = { dnf: 'DNF', dns: 'DNS', dq: 'DQ' } as const;

function resultOf(row: PublishRow) {
  const time = (value: string | null) => (row.status !== 'finished' ? STATUS_TIME[row.status] : value === null ? null : formatResultTime(value));
  return {
    registration_id: Number(row.registrationId),
    place: row.status === 'finished' ? row.place : null,
    clock_time: time(row.clockTime),
    chip_time: time(row.chipTime),
    ...(row.bib !== null ? { bib: row.bib } : {}),
  };
}

function readSetId(body: unknown): string {
  const id = (body as { individual_result_set_id?: unknown } | null)?.individual_result_set_id;
  if (typeof id !== 'number' && typeof id !== 'string') {
    throw new SyncError('provider_data', `RunSignUp new-result-set answered without an individual_result_set_id: ${JSON.stringify(body)?.slice(0, 200)}`);
  }
  return String(id);
}

export async function publishResults(client: RunSignupClient, query: PublishQuery, rows: PublishRow[]): Promise<PublishOutcome> {
  const racePath = `/race/${encodeURIComponent(query.providerEventId)}/results`;
  const base = { event_id: query.providerRaceId, request_format: 'json' };
  const resultSetId = query.resultSetId ?? readSetId(await client.post(`${racePath}/new-result-set`, {
    ...base, request: JSON.stringify({ individual_result_set_name: query.resultSetName, public_results: 'T', preliminary_results: 'F' }),
  }));
  const answer = await client.post(`${racePath}/full-results`, {
    ...base, individual_result_set_id: resultSetId, request: JSON.stringify({ results: rows.map(resultOf) }),
  });
  return { resultSetId, answer };
}
