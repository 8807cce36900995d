/** Shares one pending promise among identical concurrent calls. */
export interface InFlightDeduplicator<T> {
  /** While a call for `key` is in flight, later calls for the same key get its result instead of starting their own. */
  (key: string, start: () => Promise<T>): Promise<T>;
  /** Whether a call for `key` is in flight. */
  has(key: string): boolean;
  /** Later calls start their own instead of sharing the calls in flight now (those may have read data that changed since). */
  forget(): void;
}

/** Creates an empty deduplicator. */
export function createInFlightDeduplicator<T>(): InFlightDeduplicator<T> {
  const pending = new Map<string, Promise<T>>();
  const dedupe = (key: string, start: () => Promise<T>) => {
    const existing = pending.get(key);
    if (existing) return existing;
    const promise = start().finally(() => {
      if (pending.get(key) === promise) pending.delete(key);
    });
    pending.set(key, promise);
    return promise;
  };
  return Object.assign(dedupe, { has: (key: string) => pending.has(key), forget: () => pending.clear() });
}
