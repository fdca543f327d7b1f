/**
 * The dashboard's page shell: plain server-rendered HTML and one small script that refreshes the live
 * part every few seconds (fetching the page's fragment) and sends "sync now" without leaving the page.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export const REFRESH_MS = 5000;

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#123;color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.5rem;align-items:baseline}
header a{color:#fff}header form{margin-left:auto}main{padding:1rem 1.5rem;max-width:90rem}
h2{font-size:1.1rem;margin:1.4rem 0 .4rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:.5rem}
td,th{border-bottom:1px solid #e3e3e3;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f0f0f0;font-weight:600}
tr.race-day{background:#fff4d6;font-weight:600}tr.race-day td:first-child{border-left:4px solid #e69500}
.bad{color:#b00020;font-weight:600}.ok{color:#167a3a}.muted{color:#777}.hint{color:#555;font-size:.9em}
.pill{display:inline-block;padding:0 .45em;border-radius:.7em;background:#e8e8e8;font-size:.85em}
.pill.active{background:#d4f3dd}.pill.paused,.pill.auth_failed{background:#ffd9d9}
button{font:inherit;padding:.15rem .7rem;cursor:pointer}.counts td{font-size:1.2rem}
#updated{font-size:.85em;color:#bbb}`;

const SCRIPT = `
(() => {
  const live = document.getElementById('live');
  const status = document.getElementById('updated');
  // What "sync now" answered, shown again after each refresh replaces the buttons.
  const said = new Map();
  function sayAgain() {
    for (const form of live.querySelectorAll('form[data-sync]')) {
      const text = said.get(form.getAttribute('action'));
      if (text) form.querySelector('output').textContent = text;
    }
  }
  async function refresh() {
    try {
      const res = await fetch(live.dataset.fragment, { credentials: 'same-origin', headers: { accept: 'text/html' } });
      if (res.status === 401) { location.href = '/login'; return; }
      if (res.ok) { live.innerHTML = await res.text(); sayAgain(); status.textContent = 'updated ' + new Date().toLocaleTimeString(); }
    } catch { status.textContent = 'hub not answering; retrying'; }
  }
  setInterval(refresh, ${REFRESH_MS});
  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!form.matches('form[data-sync]')) return;
    event.preventDefault();
    const out = form.querySelector('output');
    out.textContent = 'asking…';
    const res = await fetch(form.action, { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } });
    const body = await res.json().catch(() => ({}));
    out.textContent = res.ok ? 'sync ' + body.status + (body.deduplicated ? ' (already asked for)' : '') : (body.error?.message ?? 'failed');
    said.set(form.getAttribute('action'), out.textContent);
    refresh();
  });
})();`;

export function page(input: { title: string; nonce: string; fragmentUrl: string; body: Html }): Html {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${input.title} — Project88 Hub</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${raw(STYLE)}</style></head>
<body><header><strong>Project88 Hub</strong><a href="/">Overview</a><a href="/docs">API reference</a><span id="updated"></span>
<form method="post" action="/logout"><button type="submit">Log out</button></form></header>
<main><h1>${input.title}</h1><div id="live" data-fragment="${input.fragmentUrl}">${input.body}</div></main>
<script nonce="${input.nonce}">${raw(SCRIPT)}</script></body></html>`;
}

export function loginPage(message: string | null): Html {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Log in — Project88 Hub</title>
<style>${raw(STYLE)}</style></head><body><header><strong>Project88 Hub</strong></header><main>
<h1>Log in</h1>${message ? html`<p class="bad">${message}</p>` : ''}
<form method="post" action="/login"><p><label>Admin token<br><input name="token" type="password" size="60" autocomplete="current-password" required></label></p>
<p><button type="submit">Log in</button></p></form>
<p class="muted">An operator token comes from <code>p88 token create --admin</code>.</p></main></body></html>`;
}
