/**
 * CT Live sends practically every JSON value as a string (providers.md §2.1: "event_id": "89332",
 * "event_is_published": "1"): numbers become their text, booleans "1"/"0", missing values "".
 */

export type CtRecord = Record<string, string>;

function ctValue(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

export function ctRecord(fields: Record<string, string | number | boolean | null | undefined>): CtRecord {
  const record: CtRecord = {};
  for (const [key, value] of Object.entries(fields)) record[key] = ctValue(value);
  return record;
}
