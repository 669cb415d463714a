/**
 * A bounded LRU cache of imported keys, keyed by the wrapped key's text (a few hundred bytes; a
 * Map hashes it faster than a digest would). A cache only: every entry is derived from a package
 * the module has just authenticated, so any module can still serve any meter.
 */
export class KeyCache<V> {
  private readonly entries = new Map<string, V>();

  /** `evicted` is told of each entry that leaves the cache (a token signer destroys its key object). */
  constructor(private readonly capacity: number, private readonly evicted: (value: V) => void = () => {}) {}

  get(wrapped: string, load: () => V): V {
    const hit = this.entries.get(wrapped);
    if (hit !== undefined) {
      this.entries.delete(wrapped);
      this.entries.set(wrapped, hit);
      return hit;
    }
    const value = load();
    this.entries.set(wrapped, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.entries().next().value;
      if (oldest !== undefined) {
        this.entries.delete(oldest[0]);
        this.evicted(oldest[1]);
      }
    }
    return value;
  }
}
