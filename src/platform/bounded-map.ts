/**
 * A Map that forgets its oldest entry once it holds `limit`: for module-level
 * caches, which live as long as the isolate. Keyed by a secret or a key's
 * text, they hold one entry in practice; the bound keeps a rotation (or a
 * caller passing ever new keys) from growing the isolate's memory.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.limit) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
