/**
 * Live objects a collected metric sums over: several instances of one service may share a process
 * (tests start two gateways), and a metric may be registered only once per registry.
 */
export class MetricSources<T> {
  readonly #sources = new Set<() => T>();

  /** Adds a source; returns how to remove it (when its instance stops). */
  add(source: () => T): () => void {
    this.#sources.add(source);
    return () => void this.#sources.delete(source);
  }

  /** The current value of every source. */
  values(): T[] {
    return [...this.#sources].map((source) => source());
  }
}
