/**
 * A request read whole (bodies are small: forms and JSON posts), with the helpers every skin needs:
 * headers, the form body, HTTP Basic credentials.
 */
import type { IncomingMessage } from 'node:http';

const MAX_BODY_BYTES = 5_000_000;

export interface SkinRequest {
  method: string;
  url: URL;
  /** Pathname without trailing slashes. */
  path: string;
  body: Buffer;
  header(name: string): string | undefined;
}

export async function readRequest(request: IncomingMessage): Promise<SkinRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RangeError('request body too large');
    chunks.push(chunk as Buffer);
  }
  const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
  return {
    method: request.method ?? 'GET',
    url,
    path: url.pathname.replace(/\/+$/, '') || '/',
    body: Buffer.concat(chunks),
    header: (name) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    },
  };
}

/** The text fields of a form body, urlencoded or multipart/form-data (JSON bodies have none). */
export function formOf(request: SkinRequest): URLSearchParams {
  const type = request.header('content-type') ?? '';
  const boundary = /multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) return multipartFields(request.body.toString('utf8'), boundary);
  const text = request.body.toString('utf8');
  // Clients send forms without a type now and then; a JSON body is never a form.
  return text.trimStart().startsWith('{') || text.trimStart().startsWith('[') ? new URLSearchParams() : new URLSearchParams(text);
}

function multipartFields(body: string, boundary: string): URLSearchParams {
  const fields = new URLSearchParams();
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    const name = /name="([^"]*)"/.exec(part.slice(0, split))?.[1];
    if (split < 0 || name === undefined) continue;
    fields.append(name, part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return fields;
}

export function jsonOf(request: SkinRequest): unknown {
  const text = request.body.toString('utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}

/** `Authorization: Basic base64(user:password)` → [user, password]. */
export function basicCredentials(request: SkinRequest): [string, string] | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(request.header('authorization') ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}
