import { createHash } from 'node:crypto';

/**
 * A bounded LRU cache of imported keys, keyed by a hash of the wrapped key. A cache only:
 * every entry is derived from a package the module has just authenticated, so any module can
 * still serve any meter.
 */
export class KeyCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(wrapped: string, load: () => V): V {
    const id = createHash('sha256').update(wrapped).digest('base64url');
    const hit = this.entries.get(id);
    if (hit !== undefined) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit;
    }
    const value = load();
    this.entries.set(id, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }
}
