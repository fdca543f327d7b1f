/**
 * A Copernico response body as streamed text. The CDN in front of Copernico sometimes sends gzip
 * without being asked and without saying so (providers.md §5.3, K5): fetch undoes the gzip it was
 * told about, and a body that still starts with the gzip magic bytes is gunzipped here. Text is
 * decoded chunk by chunk (a character split across chunks is kept whole).
 */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value.length > 0) yield value;
    }
  } finally {
    // Stopping early (a consumer that has what it needs, or an error) closes the connection.
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** The first chunks until two bytes are known, so the magic check never misses a split header. */
async function* gunzipWhenGzip(chunks: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  const head: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  while (length < GZIP_MAGIC.length) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    length += next.value.length;
  }
  const first = Buffer.concat(head);
  const all = async function* () {
    if (first.length > 0) yield first;
    if (!ended) yield* chunks;
  };
  if (first[0] !== GZIP_MAGIC[0] || first[1] !== GZIP_MAGIC[1]) {
    yield* all();
    return;
  }
  // pipeline destroys both streams on an error, so a broken gzip surfaces here as a thrown error.
  const gunzipped = pipeline(Readable.from(all()), createGunzip(), () => undefined);
  for await (const chunk of gunzipped) yield chunk as Buffer;
}

/** The body as UTF-8 text chunks, gunzipped when it is gzip with or without a Content-Encoding. */
export async function* bodyText(response: Response): AsyncGenerator<string> {
  if (!response.body) return;
  const decoder = new TextDecoder('utf-8');
  for await (const bytes of gunzipWhenGzip(chunksOf(response.body))) {
    const text = decoder.decode(bytes, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The whole body as text (small documents: a race). */
export async function readBodyText(response: Response): Promise<string> {
  let text = '';
  for await (const chunk of bodyText(response)) text += chunk;
  return text;
}
