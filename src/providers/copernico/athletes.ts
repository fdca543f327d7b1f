/**
 * One event's athletes, streamed: the list is one unpaged array (providers.md §5.4), read element by
 * element from the response body (json-array.ts) and handed on in pages of `pageSize`, so memory
 * holds one page, not the list. Participants and results both read it.
 *
 * A page's position is `<index>:<athlete id>` of its last athlete. Resuming (from a checkpoint, or
 * after the body broke off mid-read) reads the list again and skips through that index — when the
 * athlete there is still the same one; otherwise the list has changed and is read from its start
 * (re-reading is harmless: unchanged rows are skipped by hash; skipping a changed list is not).
 */
import { SyncError } from '../../errors.js';
import type { CopernicoClient } from './client.js';
import { JsonArraySplitter } from './json-array.js';
import { readAthleteId } from './payloads.js';
import { racePath, type CopernicoSettings } from './settings.js';

export interface ListedAthlete {
  /** 0-based position in the list. */
  index: number;
  /** The parsed element, or its text when it is not JSON (`broken` says why). */
  raw: unknown;
  broken?: string;
}

export interface AthletePage {
  athletes: ListedAthlete[];
  resumeAfter: string | null;
}

export interface AthletesQuery {
  raceId: string;
  eventName: string;
  resumeAfter?: string | null;
}

interface Position {
  index: number;
  id: string;
}

function parsePosition(resumeAfter: string | null | undefined): Position | null {
  if (resumeAfter === null || resumeAfter === undefined) return null;
  const match = /^(\d+):(.*)$/s.exec(resumeAfter);
  if (!match) throw new SyncError('bug', `Copernico athletes checkpoint is not "<index>:<id>": "${resumeAfter}"`);
  return { index: Number(match[1]), id: match[2]! };
}

const positionOf = (athlete: ListedAthlete): string => `${athlete.index}:${readAthleteId(athlete.raw) ?? ''}`;

function listAthlete(text: string, index: number): ListedAthlete {
  try {
    return { index, raw: JSON.parse(text) };
  } catch (error) {
    return { index, raw: text, broken: (error as Error).message };
  }
}

/** The list changed since the position was taken: read it again from the start. */
class ListChanged extends Error {}

/** The request failed (already retried by the shared client): not read again here. */
class RequestFailed extends Error {
  constructor(readonly error: unknown) {
    super('request failed');
  }
}

/** The elements of one read of the list, after `skip` (verified), as they arrive. */
async function* readList(client: CopernicoClient, settings: CopernicoSettings, query: AthletesQuery, skip: Position | null): AsyncGenerator<ListedAthlete> {
  const path = racePath(settings.athletesPath, query.raceId);
  const chunks = await client.openText(path, { [settings.eventParam]: query.eventName }).catch((error: unknown) => {
    throw new RequestFailed(error);
  });
  const splitter = new JsonArraySplitter();
  let index = -1;
  const notJson = (error: unknown) => client.fail('transient', `Copernico GET ${path}: ${(error as Error).message}`, { cause: error });
  for await (const chunk of chunks) {
    let texts: string[];
    try {
      texts = splitter.push(chunk);
    } catch (error) {
      throw notJson(error);
    }
    for (const text of texts) {
      index += 1;
      if (skip && index < skip.index) continue;
      const athlete = listAthlete(text, index);
      if (skip && index === skip.index) {
        const id = readAthleteId(athlete.raw) ?? '';
        if (id !== skip.id) throw new ListChanged();
        continue;
      }
      yield athlete;
    }
  }
  try {
    splitter.end();
  } catch (error) {
    throw notJson(error);
  }
  if (skip && index < skip.index) throw new ListChanged();
}

/**
 * Pages of the event's athletes. A body that breaks off is read again (up to `maxAttempts` reads)
 * from the last page handed on; errors of the request itself come classified from the client.
 */
export async function* readAthletePages(client: CopernicoClient, settings: CopernicoSettings, query: AthletesQuery): AsyncGenerator<AthletePage> {
  let position = parsePosition(query.resumeAfter);
  let pending: ListedAthlete[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      for await (const athlete of readList(client, settings, query, position)) {
        if (pending.length >= settings.pageSize) {
          // Handed on only once the next athlete exists, so the last page is the one that says so.
          const page: AthletePage = { athletes: pending, resumeAfter: positionOf(pending[pending.length - 1]!) };
          pending = [];
          yield page;
          position = parsePosition(page.resumeAfter);
        }
        pending.push(athlete);
      }
      yield { athletes: pending, resumeAfter: null };
      return;
    } catch (error) {
      pending = [];
      if (error instanceof RequestFailed) throw error.error;
      if (error instanceof ListChanged) {
        position = null;
        continue;
      }
      if (!(error instanceof SyncError) || error.errorClass !== 'transient' || attempt >= client.maxAttempts) throw error;
      await client.pause(attempt);
    }
  }
}
