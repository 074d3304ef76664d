/** Counts per key, for the per-process, per-source and per-level numbers shown next to each filter choice. */
export class Counter<K extends string> {
  private counts = new Map<K, number>()

  add(key: K, delta: number): void {
    const next = (this.counts.get(key) ?? 0) + delta
    // Keys whose lines all left the buffer stay listed with 0: the user may still want to pick them.
    this.counts.set(key, next)
  }

  clear(): void {
    this.counts.clear()
  }

  toRecord(): Record<K, number> {
    return Object.fromEntries(this.counts) as Record<K, number>
  }
}
