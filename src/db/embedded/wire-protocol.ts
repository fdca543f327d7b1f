/**
 * Just enough of the PostgreSQL frontend/backend protocol (v3) to cut a client's byte stream into
 * messages and to answer the few things PGlite itself does not: SSL negotiation and an error sent
 * before closing. https://www.postgresql.org/docs/current/protocol-message-formats.html
 */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

export type FrontendMessage =
  | { kind: 'startup'; bytes: Uint8Array }
  | { kind: 'negotiate' } // SSL or GSS encryption asked for: answered 'N' (not supported)
  | { kind: 'cancel' }
  | { kind: 'typed'; type: string; bytes: Uint8Array };

/** Frames a connection's bytes into messages; the first message has no type byte. */
export class MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;

  push(chunk: Buffer): FrontendMessage[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const messages: FrontendMessage[] = [];
    for (;;) {
      const message = this.started ? this.readTyped() : this.readUntyped();
      if (!message) return messages;
      messages.push(message);
    }
  }

  private take(length: number): Buffer {
    const bytes = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return bytes;
  }

  private readUntyped(): FrontendMessage | null {
    if (this.buffer.length < 8) return null;
    const length = this.buffer.readInt32BE(0);
    if (this.buffer.length < length) return null;
    const code = this.buffer.readInt32BE(4);
    const bytes = this.take(length);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) return { kind: 'negotiate' };
    if (code === CANCEL_REQUEST) return { kind: 'cancel' };
    this.started = true;
    return { kind: 'startup', bytes: new Uint8Array(bytes) };
  }

  private readTyped(): FrontendMessage | null {
    if (this.buffer.length < 5) return null;
    const length = 1 + this.buffer.readInt32BE(1);
    if (this.buffer.length < length) return null;
    const type = String.fromCharCode(this.buffer[0]!);
    return { kind: 'typed', type, bytes: new Uint8Array(this.take(length)) };
  }
}

/** Messages after which the client waits for the server: the end of one unit of work. */
export const UNIT_ENDS = new Set(['S', 'Q', 'H']);

/** An ErrorResponse with severity FATAL, the given SQLSTATE and message. */
export function fatalError(sqlState: string, message: string): Buffer {
  const fields = [['S', 'FATAL'], ['V', 'FATAL'], ['C', sqlState], ['M', message]]
    .map(([code, text]) => Buffer.concat([Buffer.from(code!, 'ascii'), Buffer.from(text!, 'utf8'), Buffer.from([0])]));
  const body = Buffer.concat([...fields, Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0, 'ascii');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/** SQLSTATE admin_shutdown: the owner is stopping; the statement did not run. */
export const OWNER_STOPPING = '57P01';
