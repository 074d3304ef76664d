/**
 * A growable double-ended queue of numbers backed by one Float64Array (view entries: absolute line indexes and gap
 * ids). Pushing at either end is amortised O(1) with no per-entry allocation; `offset` counts net front removals so a
 * caller can tell how far existing entries moved.
 */
export class IndexDeque {
  private buf: Float64Array
  private head: number
  private tail: number
  /** Net entries removed from the front (pushFront subtracts one): entry `i` keeps the stable id `offset + i`. */
  offset = 0

  /**
   * Entries start in the middle, or `backRoom` entries short of the end when most of them will be pushed at the front
   * (a re-filter fills from the newest line back; only lines arriving meanwhile go at the back).
   */
  constructor(initialCapacity = 1024, backRoom?: number) {
    this.buf = new Float64Array(Math.max(16, initialCapacity))
    this.head = this.tail = backRoom === undefined ? this.buf.length >> 1 : Math.max(0, this.buf.length - backRoom)
  }

  /** Entries it holds before it must grow. */
  get capacity(): number {
    return this.buf.length
  }

  get length(): number {
    return this.tail - this.head
  }

  /** Entry `i` (0 = front), or undefined when out of range. */
  at(i: number): number | undefined {
    return i >= 0 && i < this.tail - this.head ? this.buf[this.head + i] : undefined
  }

  pushBack(value: number): void {
    if (this.tail === this.buf.length) this.regrow()
    this.buf[this.tail++] = value
  }

  pushFront(value: number): void {
    if (this.head === 0) this.regrow()
    this.buf[--this.head] = value
    this.offset--
  }

  /** The front entry, or undefined when empty. */
  front(): number | undefined {
    return this.head < this.tail ? this.buf[this.head] : undefined
  }

  popFront(): void {
    if (this.head < this.tail) {
      this.head++
      this.offset++
    }
  }

  /** Re-centres the entries in place, or into a buffer twice the size when more than half full. */
  private regrow(): void {
    const len = this.tail - this.head
    const size = len * 2 > this.buf.length ? this.buf.length * 2 : this.buf.length
    const head = (size - len) >> 1
    if (size === this.buf.length) {
      this.buf.copyWithin(head, this.head, this.tail)
    } else {
      const next = new Float64Array(size)
      next.set(this.buf.subarray(this.head, this.tail), head)
      this.buf = next
    }
    this.head = head
    this.tail = head + len
  }
}
