/**
 * Iterates `source` one item ahead: while the caller works on page k (writing it to the database),
 * page k+1 is already being fetched and parsed. Checkpoints are unaffected — a prefetched page that is
 * never committed is simply read again after a restart.
 */
export async function* prefetchOne<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      // A failure of the prefetch surfaces when the caller asks for that page, not before.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await iterator.return?.();
  }
}
