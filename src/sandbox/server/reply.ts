/**
 * One HTTP answer as data (status, headers, body), so faults can still mangle it after a skin made
 * it and nothing touches the socket until the very end.
 */

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

export function textReply(status: number, text: string, type = 'text/plain; charset=utf-8'): Reply {
  return { status, headers: { 'content-type': type }, body: text };
}

const SERVICE_UNAVAILABLE_BODY =
  '<html><head><title>503 Service Temporarily Unavailable</title></head>' +
  '<body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>\n';

/** What a load balancer in front of any of the providers sends when the app behind it is down. */
export function serviceUnavailable(): Reply {
  return textReply(503, SERVICE_UNAVAILABLE_BODY, 'text/html; charset=utf-8');
}
