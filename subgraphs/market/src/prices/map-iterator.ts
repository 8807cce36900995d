/**
 * Maps the values of an async iterator. Unlike an async generator, `return()` reaches the source
 * at once even while a `next()` is pending, so ending a subscription releases it immediately.
 */
export function mapIterator<T, U>(source: AsyncIterator<T>, map: (value: T) => U): AsyncIterableIterator<U> {
  return {
    async next() {
      const result = await source.next();
      return result.done ? { value: undefined, done: true } : { value: map(result.value), done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
