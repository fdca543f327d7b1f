/**
 * Routes are declared once, with the zod schemas of their path, query, body and answer: the same schemas
 * validate every request (400 naming the field), check answers in tests, and make `/openapi.json`.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { TokenScope } from '../tokens/index.js';
import { authenticate, type AuthDeps, type Caller } from './auth.js';
import { ApiError, invalidInput } from './errors.js';
import { etagOf } from './pagination.js';

export type Access = TokenScope | 'public';

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType, D> {
  method: 'get' | 'post';
  /** OpenAPI style: `/v1/events/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: 200 | 202;
  /** Error statuses the route may answer besides 400/401/429 (documented). */
  errors?: number[];
  /** Lists answer with an ETag and honour If-None-Match. */
  etag?: boolean;
  handler: (input: HandlerInput<P, Q, B, D>) => Promise<z.output<R>>;
}

export interface HandlerInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, D> {
  c: Context;
  deps: D;
  caller: Caller;
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
}

type AnyRoute<D> = RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType, D>;

export interface MountOptions {
  auth: AuthDeps;
  /** Check every answer against its schema (tests); a mismatch is a 500. */
  validateResponses: boolean;
}

export class RouteTable<D> {
  readonly routes: AnyRoute<D>[] = [];

  define<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(spec: RouteSpec<P, Q, B, R, D>): void {
    this.routes.push(spec as unknown as AnyRoute<D>);
  }

  mount(app: Hono, deps: D, options: MountOptions): void {
    for (const route of this.routes) {
      const path = route.path.replace(/\{(\w+)\}/g, ':$1');
      app.on(route.method.toUpperCase(), path, (c) => this.answer(c, route, deps, options));
    }
  }

  private async answer(c: Context, route: AnyRoute<D>, deps: D, options: MountOptions): Promise<Response> {
    const caller = route.access === 'public'
      ? { tokenId: 0, partnerId: null, scope: 'admin' as const }
      : await authenticate(c, options.auth, route.access);
    const params = parse('path', route.params, c.req.param());
    const query = parse('query', route.query, c.req.query());
    const body = route.body ? parse('body', route.body, await readJson(c)) : undefined;
    const result = await route.handler({ c, deps, caller, params, query, body });
    const text = JSON.stringify(result);
    if (options.validateResponses) {
      const checked = route.response.safeParse(JSON.parse(text));
      if (!checked.success) throw new Error(`${route.method} ${route.path} answered outside its schema: ${z.prettifyError(checked.error)}`);
    }
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (route.etag) {
      const etag = etagOf(text);
      headers.etag = etag;
      if (c.req.header('if-none-match')?.split(/\s*,\s*/).includes(etag)) return c.body(null, 304, { etag });
    }
    // Without a fixed status the handler's own (`c.status(503)`) stands.
    return c.body(text, route.status, headers);
  }
}

function parse(where: 'path' | 'query' | 'body', schema: z.ZodType | undefined, value: unknown): never {
  if (!schema) return {} as never;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(where, parsed.error);
  return parsed.data as never;
}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, 'invalid_request', `body: not JSON (${(error as Error).message})`, [{ field: 'body', message: 'not JSON' }]);
  }
}
