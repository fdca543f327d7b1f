/** Calls served per credential (api key, client id), API and token endpoint counted apart. */

export class CallCounter {
  private total = 0;
  private readonly perCaller = new Map<string, number>();

  record(caller: string): void {
    this.total += 1;
    this.perCaller.set(caller, (this.perCaller.get(caller) ?? 0) + 1);
  }

  count(caller?: string): number {
    return caller === undefined ? this.total : (this.perCaller.get(caller) ?? 0);
  }

  byCaller(): Record<string, number> {
    return Object.fromEntries(this.perCaller);
  }
}
