/** Small text helpers for the dashboard: times in the operator's terms. */

export function ago(at: Date | null, now: Date): string {
  if (!at) return 'never';
  return `${duration(now.getTime() - at.getTime())} ago`;
}

export function until(at: Date | null, now: Date): string {
  if (!at) return '—';
  const ms = at.getTime() - now.getTime();
  return ms <= 0 ? `${duration(-ms)} overdue` : `in ${duration(ms)}`;
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 90) return `${min} min`;
  const h = Math.round(min / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} d`;
}

export const clock = (at: Date | null): string => (at ? at.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');
