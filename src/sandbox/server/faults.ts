/**
 * Injected faults, one queue per skin: the next `count` requests whose path matches fail in the
 * chosen way; or, in random mode, each request fails with probability `rate`, the kind drawn from
 * `kinds`, from a seeded stream (a chaos run replays exactly). Token-endpoint requests only take the
 * kinds that make sense there (no pages to empty or repeat, no token yet to expire).
 */
import { z } from 'zod';
import { createRandom, hashSeed, type Random } from '../world/random.js';

export const FAULT_KINDS = [
  '5xx', 'timeout', 'reset', 'malformed', 'truncated', 'throttle', 'empty_page', 'repeat_page', 'expired_token',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const API_ONLY: ReadonlySet<FaultKind> = new Set(['empty_page', 'repeat_page', 'expired_token']);

export const faultSchema = z
  .object({
    kind: z.enum(FAULT_KINDS),
    /** How many matching requests fail; default 1. */
    count: z.number().int().min(1).optional(),
    /** Regular expression tested against the request path; default any path. */
    pathPattern: z.string().optional(),
  })
  .strict();

export const randomFaultsSchema = z
  .object({
    rate: z.number().min(0).max(1),
    /** Default every kind but timeout (a chaos run should not wait out client timeouts). */
    kinds: z.array(z.enum(FAULT_KINDS)).min(1).optional(),
    seed: z.number().int().optional(),
    pathPattern: z.string().optional(),
  })
  .strict();

export type Fault = z.input<typeof faultSchema>;
export type RandomFaults = z.input<typeof randomFaultsSchema>;

interface PendingFault {
  kind: FaultKind;
  remaining: number;
  pattern: RegExp | undefined;
}

interface RandomMode {
  rate: number;
  kinds: FaultKind[];
  random: Random;
  pattern: RegExp | undefined;
}

export class FaultQueue {
  private readonly pending: PendingFault[] = [];
  private randomMode: RandomMode | undefined;
  /** Faults that changed an answer so far, by kind (`noteApplied`): what a chaos run reports. */
  private readonly injected = new Map<FaultKind, number>();

  add(input: Fault): void {
    const fault = faultSchema.parse(input);
    // An invalid pattern throws here, at injection time, not on some later request.
    const pattern = fault.pathPattern === undefined ? undefined : new RegExp(fault.pathPattern);
    this.pending.push({ kind: fault.kind, remaining: fault.count ?? 1, pattern });
  }

  /** Random mode on (or off with null). */
  setRandom(input: RandomFaults | null): void {
    if (input === null) {
      this.randomMode = undefined;
      return;
    }
    const mode = randomFaultsSchema.parse(input);
    this.randomMode = {
      rate: mode.rate,
      kinds: mode.kinds ?? FAULT_KINDS.filter((kind) => kind !== 'timeout'),
      random: createRandom(hashSeed('faults', mode.seed ?? 1)),
      pattern: mode.pathPattern === undefined ? undefined : new RegExp(mode.pathPattern),
    };
  }

  /** The fault for this request, if any; consumes one of its count. */
  take(path: string, api: boolean): FaultKind | undefined {
    const fits = (kind: FaultKind, pattern: RegExp | undefined) => (api || !API_ONLY.has(kind)) && (!pattern || pattern.test(path));
    const index = this.pending.findIndex((fault) => fits(fault.kind, fault.pattern));
    const fault = this.pending[index];
    if (fault) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.pending.splice(index, 1);
      return fault.kind;
    }
    const mode = this.randomMode;
    if (!mode || !(mode.random.next() < mode.rate)) return undefined;
    const kind = mode.random.pick(mode.kinds);
    return fits(kind, mode.pattern) ? kind : undefined;
  }

  /** The server applied a fault drawn here (a page fault drawn for a call without pages is not). */
  noteApplied(kind: FaultKind): void {
    this.injected.set(kind, (this.injected.get(kind) ?? 0) + 1);
  }

  clear(): void {
    this.pending.length = 0;
    this.randomMode = undefined;
  }

  size(): number {
    return this.pending.reduce((sum, fault) => sum + fault.remaining, 0);
  }

  describe(): unknown {
    return {
      pending: this.pending.map((f) => ({ kind: f.kind, remaining: f.remaining, pathPattern: f.pattern?.source ?? null })),
      random: this.randomMode ? { rate: this.randomMode.rate, kinds: this.randomMode.kinds } : null,
      injected: Object.fromEntries(this.injected),
    };
  }
}

/** A PHP warning printed ahead of the JSON: a 200 whose body does not parse. */
export function malformBody(body: string | Buffer): string {
  return '<br />\n<b>Warning</b>:  Undefined array key "event_id" in <b>/var/www/api/index.php</b> on line <b>412</b><br />\n' + String(body);
}

/** The first half of the bytes of a valid body. */
export function truncateBody(body: string | Buffer): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}
