/** A fetch that reads the whole body and parses it as JSON, for the skin tests. */

export interface JsonReply<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export async function getJson<T = any>(url: string, init?: RequestInit): Promise<JsonReply<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as T, text, headers: response.headers };
}
