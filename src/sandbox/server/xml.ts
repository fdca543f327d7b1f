/**
 * RunSignUp and ChronoTrack answer XML unless asked for format=json. Their skins render a small,
 * faithful-enough XML document of the same data so an adapter that forgets `format=json` fails
 * loudly on parsing instead of silently working against the sandbox only.
 */

const escapeText = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Element names from JSON keys; keys like "custom-field-12" are already valid XML names. */
const elementName = (key: string): string => {
  const cleaned = key.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
};

/** "races" → "race", "individual_results_sets" → "individual_results_set". */
const singular = (name: string): string => (name.endsWith('s') && name.length > 1 ? name.slice(0, -1) : `${name}_item`);

function renderElement(name: string, value: unknown): string {
  const tag = elementName(name);
  if (value === null || value === undefined) return `<${tag}/>`;
  if (Array.isArray(value)) {
    const items = value.map((item) => {
      // [{"race": {...}}] renders as <race>…</race>, the way RunSignUp wraps list items.
      const keys = item !== null && typeof item === 'object' && !Array.isArray(item) ? Object.keys(item) : [];
      if (keys.length === 1 && keys[0] !== undefined) return renderElement(keys[0], (item as Record<string, unknown>)[keys[0]]);
      return renderElement(singular(name), item);
    });
    return `<${tag}>${items.join('')}</${tag}>`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value as Record<string, unknown>).map(([key, child]) => renderElement(key, child));
    return `<${tag}>${children.join('')}</${tag}>`;
  }
  return `<${tag}>${escapeText(String(value))}</${tag}>`;
}

/** A one-key object becomes the root element itself; anything else is wrapped in `rootName`. */
export function renderXml(value: unknown, rootName: string): string {
  const keys = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  const body =
    keys.length === 1 && keys[0] !== undefined
      ? renderElement(keys[0], (value as Record<string, unknown>)[keys[0]])
      : renderElement(rootName, value);
  return `<?xml version="1.0" encoding="utf-8"?>\n${body}\n`;
}
