/**
 * The overview, as operators read it on race morning: workers, partners and their connections with
 * this hour's budget, the next races (race-day rows stand out), running and due work, recent failures
 * with what to do, and open alerts.
 */
import { html } from 'hono/html';
import type { Queryable } from '../db/database.js';
import { listLiveWorkers, type LiveWorker } from '../metrics/heartbeat.js';
import { listAlerts, listTargets, type AlertRow, type TargetRow } from '../read/operations.js';
import { DEFAULT_POLICY, isRaceDay } from '../scheduler/policy.js';
import { buildStatusReport, type ConnectionStatusReport, type PartnerStatus, type StatusReport } from '../status/status-report.js';
import { ago, clock, duration, until } from './format.js';
import { hintFor } from './hints.js';
import type { Html } from './layout.js';

export async function renderOverview(db: Queryable, now: Date): Promise<Html> {
  const [report, workers, running, due, alerts] = await Promise.all([
    buildStatusReport(db, now, { nextRaces: 8, failures: 5 }),
    listLiveWorkers(db),
    listTargets(db, { partnerId: null, after: null, limit: 20, state: 'running', now }),
    listTargets(db, { partnerId: null, after: null, limit: 20, state: 'due', now }),
    listAlerts(db, { partnerId: null, admin: true, before: null, limit: 20, open: true }),
  ]);
  return html`${workersSection(workers)}${partnersSection(report)}${racesSection(report, now)}
${workSection(running, due, now)}${failuresSection(report)}${alertsSection(alerts, now)}`;
}

function workersSection(workers: LiveWorker[]): Html {
  return html`<p>${workers.length
    ? html`<span class="ok">${workers.length} worker${workers.length > 1 ? 's' : ''} running</span> <span class="muted">(${workers.map((w) => w.holder).join(', ')})</span>`
    : html`<span class="bad">No worker is running</span>: nothing is synced. Start <code>p88 worker</code> or <code>p88 serve --with-worker</code>.`}</p>`;
}

function budgetText(c: ConnectionStatusReport): Html {
  if (!c.budget) return html`<span class="muted">not used yet</span>`;
  const paused = c.budget.pausedUntil ? html` <span class="bad">throttled until ${clock(c.budget.pausedUntil)}</span>` : '';
  return html`${c.budget.usedThisHour} used / ${c.budget.left} left of ${c.budget.callsPerHour}${paused}`;
}

function partnersSection(report: StatusReport): Html {
  const rows = report.partners.flatMap((p) => p.connections.length === 0
    ? [html`<tr><td>${p.name} <span class="muted">#${p.id}</span></td><td colspan="5" class="muted">no connections</td></tr>`]
    : p.connections.map((c) => html`<tr><td>${p.name} <span class="muted">#${p.id}</span></td><td>${c.provider} #${c.id}</td>
      <td><span class="pill ${c.status}">${c.status}</span></td><td>${budgetText(c)}</td><td>${c.targets.due} due · ${c.targets.running} running</td>
      <td>${c.targets.active} active · ${c.targets.done} done</td></tr>`));
  return html`<h2>Partners and connections</h2><table><tr><th>partner</th><th>connection</th><th>status</th><th>budget this hour</th><th>queue</th><th>targets</th></tr>
${rows.length ? rows : html`<tr><td colspan="6" class="muted">No partners yet: <code>p88 partner add</code>.</td></tr>`}</table>`;
}

function racesSection(report: StatusReport, now: Date): Html {
  const races = report.partners.flatMap((p: PartnerStatus) => p.connections.flatMap((c) => c.nextRaces.map((r) => ({ partner: p, race: r }))))
    .sort((a, b) => a.race.startTime.getTime() - b.race.startTime.getTime()).slice(0, 20);
  const rows = races.map(({ partner, race }) => {
    const raceDay = isRaceDay(now, race.startTime, DEFAULT_POLICY);
    const fresh = race.freshnessSeconds === null ? html`<span class="bad">never synced</span>` : `${duration(race.freshnessSeconds * 1000)} old`;
    return html`<tr class="${raceDay ? 'race-day' : ''}"><td><a href="/races/${race.raceId}">${race.name}</a> <span class="muted">${race.eventName}</span></td>
      <td>${partner.name}</td><td>${clock(race.startTime)} <span class="muted">${until(race.startTime, now)}</span></td><td>${race.budgetCadence ?? race.cadence}${race.budgetCadence ? html` <span class="bad">stretched by the budget</span>` : ''}${race.slowedDown ? html` <span class="bad">slowed</span>` : ''}</td>
      <td>${ago(race.lastSuccessAt, now)}</td><td>${fresh}</td><td>${until(race.nextRunAt, now)}</td>
      <td><form method="post" action="/races/${race.raceId}/sync" data-sync><button type="submit">Sync now</button> <output></output></form></td></tr>`;
  });
  return html`<h2>Next races</h2><table><tr><th>race</th><th>partner</th><th>start</th><th>cadence</th><th>last success</th><th>freshness</th><th>next run</th><th></th></tr>
${rows.length ? rows : html`<tr><td colspan="8" class="muted">No upcoming races.</td></tr>`}</table>`;
}

function targetRow(t: TargetRow, now: Date): Html {
  return html`<tr><td>${t.kind}</td><td>${t.race_id ? html`<a href="/races/${t.race_id}">${t.race_name}</a>` : html`connection #${t.connection_id}`}</td>
    <td>${t.provider} #${t.connection_id}</td><td>${t.running ? 'running' : `due ${until(t.next_run_at, now)}`}</td><td>${t.attempts ? `${t.attempts} failed in a row` : ''}</td></tr>`;
}

function workSection(running: TargetRow[], due: TargetRow[], now: Date): Html {
  const rows = [...running, ...due].map((t) => targetRow(t, now));
  return html`<h2>Running and due work</h2><table><tr><th>kind</th><th>race</th><th>connection</th><th>state</th><th>attempts</th></tr>
${rows.length ? rows : html`<tr><td colspan="5" class="muted">Nothing running or due: every race is on schedule.</td></tr>`}</table>`;
}

function failuresSection(report: StatusReport): Html {
  const failures = report.partners.flatMap((p) => p.connections.flatMap((c) => c.failures.map((f) => ({ p, c, f }))))
    .sort((a, b) => b.f.at.getTime() - a.f.at.getTime()).slice(0, 10);
  const rows = failures.map(({ p, c, f }) => html`<tr><td>${clock(f.at)}</td><td>${p.name} · ${c.provider} #${c.id}</td><td>${f.kind} ${f.raceName ?? ''}</td>
    <td><span class="${f.status === 'failed' ? 'bad' : ''}">${f.status}</span> ${f.errorClass ?? ''}</td><td>${f.message ?? ''}<br><span class="hint">${hintFor(f.errorClass)}</span></td></tr>`);
  return html`<h2>Recent failed runs</h2><table><tr><th>when</th><th>connection</th><th>what</th><th>status</th><th>error and what to do</th></tr>
${rows.length ? rows : html`<tr><td colspan="5" class="muted">No failed runs lately.</td></tr>`}</table>`;
}

function alertsSection(alerts: AlertRow[], now: Date): Html {
  const rows = alerts.map((a) => html`<tr><td>${ago(a.created_at, now)}</td><td>${a.kind}</td><td>${a.message}</td>
    <td>${a.delivered_at ? html`<span class="ok">sent</span>` : html`<span class="muted">not sent</span>`}</td></tr>`);
  return html`<h2>Open alerts</h2><table><tr><th>when</th><th>kind</th><th>message</th><th>webhook</th></tr>
${rows.length ? rows : html`<tr><td colspan="4" class="muted">No open alerts.</td></tr>`}</table>`;
}
