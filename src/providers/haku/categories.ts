/**
 * Which summary rows belong to the categories a participants read covers. One Haku list serves every
 * category of an event, but its rows name their category only (`event_category_info`); the id is in
 * the detail. A read that covers only some categories (a `p88 sync` of one race) must not pay a
 * detail call for every row of the others, so it learns, while reading:
 * - from each detail: the id of that row's category name;
 * - from each row left unchanged since the last read: that its name is a covered category's (the
 *   engine knows its version only for registrations of the covered races).
 * Once every covered category has a known name, any other name belongs to another category.
 */
export class CategoryNames {
  private readonly idsByName = new Map<string, Set<string>>();
  private readonly coveredNames = new Set<string>();

  constructor(private readonly covered: ReadonlySet<string>) {}

  covers(categoryId: string): boolean {
    return this.covered.has(categoryId);
  }

  /** The detail of a row named `name` showed category `id`. */
  learnId(name: string | null, id: string): void {
    if (name === null) return;
    const ids = this.idsByName.get(name) ?? new Set<string>();
    this.idsByName.set(name, ids.add(id));
  }

  /** A row named `name` is stored in a covered race with its current version. */
  learnCovered(name: string | null): void {
    if (name !== null) this.coveredNames.add(name);
  }

  /** Whether a row named `name` certainly belongs to a category this read does not cover. */
  isOther(name: string | null): boolean {
    if (name === null) return false;
    const ids = this.idsByName.get(name);
    if (ids) return ![...ids].some((id) => this.covered.has(id));
    return this.coveredNames.size >= this.covered.size && !this.coveredNames.has(name);
  }

  /** The covered category a name is known to be, if any. */
  idOf(name: string | null): string | undefined {
    const ids = name === null ? undefined : this.idsByName.get(name);
    return ids ? [...ids].find((id) => this.covered.has(id)) : undefined;
  }
}
