/** The part of a prediction the feed orders by. */
export interface FeedItem {
  readonly id: string;
}

/**
 * The live prediction list: newest first, at most `limit` items, without duplicates, remembering
 * the highest id seen so a resubscription can pass it as `after` and miss nothing.
 */
export class PredictionFeed<Item extends FeedItem> {
  #items: Item[] = [];
  #lastId: bigint | null = null;

  constructor(private readonly limit = 50) {}

  /** Newest first. */
  get items(): readonly Item[] {
    return this.#items;
  }

  /** The highest id seen, to resume after; undefined before the first item. */
  get after(): string | undefined {
    return this.#lastId === null ? undefined : this.#lastId.toString();
  }

  /** Seeds the feed with a page of earlier predictions (any order). */
  seed(items: readonly Item[]): void {
    for (const item of [...items].sort((a, b) => compareIds(a.id, b.id))) this.add(item);
  }

  /** Adds one prediction; false when it was already seen (a replay after a reconnect). */
  add(item: Item): boolean {
    const id = BigInt(item.id);
    if (this.#lastId !== null && id <= this.#lastId) return false;
    this.#lastId = id;
    this.#items = [item, ...this.#items].slice(0, this.limit);
    return true;
  }
}

function compareIds(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference > 0n ? 1 : -1;
}
