/**
 * `/docs`: the OpenAPI document as one readable page, rendered on the server (no CDN, no script): each
 * operation with its parameters, body, answers and the schemas they name.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Json = Record<string, any>;
type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

function typeOf(schema: Json | undefined): string {
  if (!schema) return '';
  if (schema.$ref) return String(schema.$ref).split('/').pop()!;
  if (schema.enum) return schema.enum.map((v: unknown) => JSON.stringify(v)).join(' | ');
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' | ');
  if (schema.type === 'array') return `${typeOf(schema.items)}[]`;
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type ?? 'any';
  const bounds = [schema.minimum !== undefined && schema.minimum > -1e15 ? `≥ ${schema.minimum}` : '', schema.maximum !== undefined && schema.maximum < 1e15 ? `≤ ${schema.maximum}` : '']
    .filter(Boolean).join(', ');
  return `${type}${schema.format ? ` (${schema.format})` : ''}${bounds ? ` ${bounds}` : ''}`;
}

function operationHtml(path: string, method: string, op: Json): Html {
  const params = (op.parameters ?? []) as Json[];
  const body = op.requestBody?.content?.['application/json']?.schema;
  return html`<section class="op" id="${op.operationId}">
  <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
  <p><strong>${op.summary}</strong>${op.description ? html` — ${op.description}` : ''}</p>
  ${params.length ? html`<table><tr><th>parameter</th><th>in</th><th>type</th><th>about</th></tr>
    ${params.map((p) => html`<tr><td><code>${p.name}</code>${p.required ? ' *' : ''}</td><td>${p.in}</td><td>${typeOf(p.schema)}</td><td>${p.description ?? ''}</td></tr>`)}
  </table>` : ''}
  ${body ? html`<p>Body: <code>${typeOf(body)}</code></p>` : ''}
  <ul>${Object.entries(op.responses as Json).map(([status, r]) =>
    html`<li><code>${status}</code> ${r.description}${r.content ? html` — <code>${typeOf(r.content['application/json'].schema)}</code>` : ''}</li>`)}</ul>
</section>`;
}

function schemaHtml(name: string, schema: Json): Html {
  const properties = Object.entries((schema.properties ?? {}) as Record<string, Json>);
  const required = new Set((schema.required ?? []) as string[]);
  return html`<section class="schema" id="schema-${name}"><h3>${name}</h3>
  ${properties.length ? html`<table><tr><th>field</th><th>type</th><th>about</th></tr>
    ${properties.map(([field, s]) => html`<tr><td><code>${field}</code>${required.has(field) ? '' : '?'}</td><td>${typeOf(s)}</td><td>${s.description ?? ''}</td></tr>`)}
  </table>` : html`<p><code>${typeOf(schema)}</code></p>`}</section>`;
}

export function renderDocsPage(doc: Json): Html {
  const operations = Object.entries(doc.paths as Json).flatMap(([path, methods]) => Object.entries(methods as Json).map(([method, op]) => ({ path, method, op: op as Json })));
  const tags = (doc.tags as Json[]).map((t) => t.name as string);
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${doc.info.title} — reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${raw(`body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 2rem;color:#222}
code{font:13px ui-monospace,monospace;background:#f3f3f3;padding:0 .2em}table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}.op,.schema{border-top:1px solid #ccc;padding:.3rem 0}
.method{font-weight:700;padding:0 .4em;border-radius:3px;color:#fff}.get{background:#2a7}.post{background:#27c}nav a{margin-right:1em}`)}</style></head>
<body><h1>${doc.info.title} <small>${doc.info.version}</small></h1>
<p>${doc.info.description} The machine-readable document is <a href="/openapi.json">/openapi.json</a> (OpenAPI ${doc.openapi}).
Send <code>Authorization: Bearer &lt;token&gt;</code>; tokens come from <code>p88 token create</code>.</p>
<nav>${tags.map((t) => html`<a href="#tag-${t}">${t}</a>`)}<a href="#schemas">schemas</a></nav>
${tags.map((tag) => html`<h2 id="tag-${tag}">${tag}</h2>${operations.filter((o) => (o.op.tags as string[]).includes(tag)).map((o) => operationHtml(o.path, o.method, o.op))}`)}
<h2 id="schemas">Schemas</h2>
${Object.entries(doc.components.schemas as Json).map(([name, schema]) => schemaHtml(name, schema as Json))}
</body></html>`;
}
