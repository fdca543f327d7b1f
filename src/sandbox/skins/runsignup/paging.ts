/**
 * Paging over several events at once. RunSignUp accepts a comma list of event ids; the page limit
 * applies to the merged stream (sorted as requested) and the page is then split back per event.
 */

export interface EventStream<T> {
  eventId: number;
  /** Already sorted by `compare`. */
  items: readonly T[];
}

/** Items of the page for each event id (every requested event present, maybe empty). */
export function pageStreams<T>(
  streams: readonly EventStream<T>[],
  compare: (a: T, b: T) => number,
  offset: number,
  limit: number,
): Map<number, T[]> {
  const pages = new Map<number, T[]>(streams.map((stream) => [stream.eventId, []]));
  const only = streams[0];
  if (streams.length === 1 && only) {
    pages.set(only.eventId, only.items.slice(offset, offset + limit));
    return pages;
  }
  // k-way merge with a linear scan: k is the number of events of one race, a handful.
  const cursors = streams.map(() => 0);
  for (let taken = 0; taken < offset + limit; taken++) {
    let best = -1;
    for (let s = 0; s < streams.length; s++) {
      const candidate = streams[s]?.items[cursors[s] as number];
      if (candidate === undefined) continue;
      const current = best < 0 ? undefined : streams[best]?.items[cursors[best] as number];
      if (current === undefined || compare(candidate, current) < 0) best = s;
    }
    if (best < 0) break;
    const stream = streams[best] as EventStream<T>;
    const item = stream.items[cursors[best] as number] as T;
    cursors[best] = (cursors[best] as number) + 1;
    if (taken >= offset) pages.get(stream.eventId)?.push(item);
  }
  return pages;
}
