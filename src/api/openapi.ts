/**
 * The OpenAPI 3.1 document, made from the route table: the zod schemas that validate requests and
 * answers become its parameters, bodies and components (zod 4's own `z.toJSONSchema`; OpenAPI 3.1 is
 * JSON Schema 2020-12, so nothing else is needed).
 */
import { z } from 'zod';
import type { RouteTable } from './route.js';
import { errorSchema } from './schemas/common.js';

type Json = Record<string, unknown>;

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid parameters or body; `error.fields` names each field at fault',
  401: 'No token, or a token that is unknown or revoked',
  403: 'The token\'s scope does not allow this route',
  404: 'Not found (or another partner\'s: never told apart)',
  409: 'The connection or target is not in a state that allows this',
  422: 'The Idempotency-Key was used with a different request',
  429: 'Too many failed authentication attempts from this address (see Retry-After)',
};

/** Converts one schema; its named parts (`.meta({ id })`) go to `components.schemas`. */
function convert(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  const defs = (json.$defs ?? {}) as Record<string, Json>;
  delete json.$defs;
  delete json.$schema;
  const retarget = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(retarget);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : retarget(v)]));
    }
    return value;
  };
  for (const [name, def] of Object.entries(defs)) components[name] = retarget(def);
  return retarget(json) as Json;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query', components: Json): Json[] {
  if (!schema) return [];
  const json = convert(schema, 'input', components);
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: where, required: where === 'path' || required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

export function buildOpenApi<D>(table: RouteTable<D>, info: { version: string }): Json {
  const components: Json = {};
  const errorRef = convert(errorSchema, 'output', components);
  const paths: Record<string, Json> = {};
  for (const route of table.routes) {
    const responses: Json = {
      [String(route.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: convert(route.response, 'output', components) } } },
    };
    if (route.etag) responses['304'] = { description: 'Not modified (If-None-Match matched the ETag)' };
    const errors = new Set([400, ...(route.access === 'public' ? [] : [401, 429]), ...(route.errors ?? [])]);
    for (const status of [...errors].sort()) {
      responses[String(status)] = { description: ERROR_TEXT[status] ?? 'Error', content: { 'application/json': { schema: errorRef } } };
    }
    const operation: Json = {
      operationId: `${route.method}${route.path.replace(/[{}]/g, '').replace(/\/(\w)/g, (_, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(route.access === 'public' ? { security: [] } : {}),
      parameters: [...parameters(route.params, 'path', components), ...parameters(route.query, 'query', components)],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: convert(route.body, 'input', components) } } } } : {}),
      responses,
    };
    (paths[route.path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Project88 Hub API',
      version: info.version,
      description: 'Race registrations and results of every provider, one partner per token. See docs/api.md.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'data', description: 'The unified views and the change feed' },
      { name: 'operate', description: 'Runs, targets, connections, alerts, and sync now' },
      { name: 'service', description: 'Health, readiness, metrics, this document' },
    ],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a token from `p88 token create`' } },
      schemas: components,
    },
  };
}
