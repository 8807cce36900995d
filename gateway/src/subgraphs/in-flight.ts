/**
 * Shares one pending promise among identical concurrent calls: while a call for `key` is in
 * flight, later calls for the same key get its result instead of starting their own.
 */
export function createInFlightDeduplicator<T>(): (key: string, start: () => Promise<T>) => Promise<T> {
  const pending = new Map<string, Promise<T>>();
  return (key, start) => {
    const existing = pending.get(key);
    if (existing) return existing;
    const promise = start().finally(() => pending.delete(key));
    pending.set(key, promise);
    return promise;
  };
}
