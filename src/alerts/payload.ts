/**
 * What a webhook receives: a Slack-compatible message (`text`, with `blocks` for Slack's layout) and
 * the alert itself under `alert`, for receivers that are programs rather than channels.
 */
import { createHmac } from 'node:crypto';
import type { DueDelivery } from './store.js';

export const SIGNATURE_HEADER = 'x-p88-signature';
export const TIMESTAMP_HEADER = 'x-p88-timestamp';

const ICONS: Record<string, string> = {
  auth_failed: ':lock:', run_failures: ':x:', race_day_late: ':alarm_clock:', mass_delete_held: ':warning:', throttled: ':hourglass:',
  api_auth_failed: ':no_entry:',
};

export function buildPayload(alert: DueDelivery['alert']): Record<string, unknown> {
  const icon = ICONS[alert.kind] ?? ':bell:';
  const text = `${icon} *Project88 Hub* ${alert.kind}: ${alert.message}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `alert ${alert.id} · partner ${alert.timing_partner_id ?? '—'} · connection ${alert.connection_id ?? '—'} · ${new Date(alert.created_at).toISOString()}` }],
      },
    ],
    alert: {
      id: alert.id, kind: alert.kind, message: alert.message, timing_partner_id: alert.timing_partner_id, connection_id: alert.connection_id,
      details: alert.details, created_at: new Date(alert.created_at).toISOString(),
    },
  };
}

/** `sha256=<hex>` of `<timestamp>.<body>` with the webhook's secret: receivers check both, and reject old timestamps. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
