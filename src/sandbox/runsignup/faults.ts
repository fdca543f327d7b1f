/**
 * Injected faults: the next `count` API requests whose path matches fail in the chosen way.
 * Bodies imitate what a PHP stack behind a load balancer really sends when it breaks.
 */
import { z } from 'zod';
import type { Fault, FaultKind } from './types.js';

export const faultSchema = z
  .object({
    kind: z.enum(['5xx', 'timeout', 'malformed', 'truncated', 'throttle']),
    count: z.number().int().min(1).optional(),
    pathPattern: z.string().optional(),
  })
  .strict();

interface PendingFault {
  kind: FaultKind;
  remaining: number;
  pattern: RegExp | undefined;
}

export class FaultQueue {
  private readonly pending: PendingFault[] = [];

  add(input: Fault): void {
    const fault = faultSchema.parse(input);
    // An invalid pattern throws here, at injection time, not on some later request.
    const pattern = fault.pathPattern === undefined ? undefined : new RegExp(fault.pathPattern);
    this.pending.push({ kind: fault.kind, remaining: fault.count ?? 1, pattern });
  }

  /** The fault for this request, if any; consumes one of its count. */
  take(path: string): FaultKind | undefined {
    const index = this.pending.findIndex((fault) => !fault.pattern || fault.pattern.test(path));
    const fault = this.pending[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.pending.splice(index, 1);
    return fault.kind;
  }

  size(): number {
    return this.pending.reduce((sum, fault) => sum + fault.remaining, 0);
  }
}

export const SERVICE_UNAVAILABLE_BODY =
  '<html><head><title>503 Service Temporarily Unavailable</title></head>' +
  '<body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>\n';

/** A PHP warning printed ahead of the JSON: a 200 whose body does not parse. */
export function malformBody(body: string): string {
  return '<br />\n<b>Warning</b>:  Undefined array key "event_id" in <b>/var/www/rsu/RestApi.php</b> on line <b>412</b><br />\n' + body;
}

/** The first half of the bytes of a valid body. */
export function truncateBody(body: string): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}
