/**
 * A least-recently-used cache bounded by total weight (registrations), not entry count: one
 * marathon weighs as much as hundreds of fun runs. The newest entry is always kept, even if it
 * alone is over the limit, so a walk through one huge race does not regenerate it every page.
 */
export class WeightedLru<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(private readonly maxWeight: number) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, weight: number): void {
    this.delete(key);
    this.entries.set(key, { value, weight });
    this.total += weight;
    for (const [oldKey, entry] of this.entries) {
      if (this.total <= this.maxWeight || this.entries.size <= 1) break;
      this.entries.delete(oldKey);
      this.total -= entry.weight;
    }
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.total -= entry.weight;
  }
}
