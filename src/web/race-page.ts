/** One race: its counts, its targets and runs, its latest changes, and "sync now". */
import { html } from 'hono/html';
import type { Queryable } from '../db/database.js';
import { countRace, listRaceChanges, listRuns, listTargets } from '../read/operations.js';
import type { RaceScope } from '../read/race-scope.js';
import { ago, clock, until } from './format.js';
import { hintFor } from './hints.js';
import type { Html } from './layout.js';

export async function renderRace(db: Queryable, race: RaceScope, now: Date): Promise<Html> {
  const [counts, targets, runs, changes] = await Promise.all([
    countRace(db, race.raceId),
    listTargets(db, { partnerId: null, after: null, limit: 10, raceId: race.raceId, now }),
    listRuns(db, { partnerId: null, before: null, limit: 10, raceId: race.raceId }),
    listRaceChanges(db, race.raceId, 25),
  ]);
  return html`<p>${race.eventName} · starts ${clock(race.startTime)} (${until(race.startTime, now)}) · partner #${race.partnerId} · connection #${race.connectionId}</p>
<form method="post" action="/races/${race.raceId}/sync" data-sync><button type="submit">Sync now</button> <output></output></form>
<h2>Counts</h2><table class="counts"><tr><th>participants</th><th>with a bib</th><th>removed</th><th>results</th><th>changes</th></tr>
<tr><td data-count="participants">${counts.participants}</td><td>${counts.with_bib}</td><td>${counts.deleted}</td><td>${counts.results}</td><td>${counts.changes}</td></tr></table>
<h2>Targets</h2><table><tr><th>kind</th><th>state</th><th>next run</th><th>last success</th><th>last error</th></tr>
${targets.map((t) => html`<tr><td>${t.kind}</td><td>${t.running ? 'running' : t.due ? 'due' : t.state}</td><td>${until(t.next_run_at, now)}</td><td>${ago(t.last_success_at, now)}</td><td>${t.last_error ?? ''}</td></tr>`)}</table>
<h2>Recent runs</h2><table><tr><th>started</th><th>kind</th><th>mode</th><th>status</th><th>created / updated / deleted</th><th>calls</th><th>error</th></tr>
${runs.map((r) => html`<tr><td>${clock(r.started_at)}</td><td>${r.kind}</td><td>${r.mode}</td><td class="${r.status === 'failed' ? 'bad' : ''}">${r.status}</td>
  <td>${r.created} / ${r.updated} / ${r.deleted}</td><td>${r.api_calls}</td><td>${r.error_message ?? ''}${r.error_class ? html`<br><span class="hint">${hintFor(r.error_class)}</span>` : ''}</td></tr>`)}</table>
<h2>Recent changes</h2><table><tr><th>#</th><th>when</th><th>change</th><th>participant</th><th>old → new</th></tr>
${changes.map((c) => html`<tr><td>${c.id}</td><td>${ago(c.created_at, now)}</td><td>${c.kind}</td><td>${c.bib ?? '—'} ${c.first_name ?? ''} ${c.last_name ?? ''}</td>
  <td><code>${c.old_values ? JSON.stringify(c.old_values) : ''}</code> → <code>${c.new_values ? JSON.stringify(c.new_values) : ''}</code></td></tr>`)}</table>`;
}
