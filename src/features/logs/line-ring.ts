import type { LogLine } from '@server/protocol'

/**
 * A fixed-capacity ring of log lines. Every pushed line gets an absolute index (`pushed` before the push); the line
 * with absolute index `a` lives in slot `a % capacity`, so callers may keep parallel per-slot arrays of derived fields.
 */
export type LineRing = {
  readonly capacity: number
  /** Lines currently held. */
  readonly size: number
  /** Absolute index of the oldest held line (lines before it were evicted or cleared). */
  readonly start: number
  /** Lines ever pushed: the absolute index the next line will get. */
  readonly pushed: number
  /** Lines ever dropped to make room (clear() does not count). */
  readonly evicted: number
  readonly oldestSeq: number | undefined
  readonly newestSeq: number | undefined
  /**
   * Appends a batch, overwriting the oldest lines when full. Returns how many lines were evicted, counting the head of
   * a batch larger than the capacity, which is never held.
   */
  push(batch: readonly LogLine[]): number
  /** The line at logical index `i` (0 = oldest, size - 1 = newest), or undefined when out of range. */
  get(i: number): LogLine | undefined
  /** The line with absolute index `abs`, or undefined when it is no longer (or not yet) held. */
  getAbsolute(abs: number): LogLine | undefined
  /** Drops every line (and the references to them). Absolute indexes keep counting up. */
  clear(): void
}

/**
 * Creates a ring that allocates its storage once; pushing never copies the held lines.
 * @throws RangeError when `capacity` is not a positive integer
 */
export function createLineRing(capacity: number): LineRing {
  if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`)
  const slots = new Array<LogLine | undefined>(capacity).fill(undefined)
  let pushed = 0
  let size = 0
  let evicted = 0

  const getAbsolute = (abs: number): LogLine | undefined =>
    abs >= pushed - size && abs < pushed ? slots[abs % capacity] : undefined

  return {
    capacity,
    get size() {
      return size
    },
    get start() {
      return pushed - size
    },
    get pushed() {
      return pushed
    },
    get evicted() {
      return evicted
    },
    get oldestSeq() {
      return size === 0 ? undefined : slots[(pushed - size) % capacity]?.seq
    },
    get newestSeq() {
      return size === 0 ? undefined : slots[(pushed - 1) % capacity]?.seq
    },
    push(batch) {
      const n = batch.length
      // Lines of an oversized batch that would be overwritten within this push are skipped, but still counted, so
      // absolute indexes stay aligned with slots.
      const skip = Math.max(0, n - capacity)
      for (let i = skip; i < n; i++) slots[(pushed + i) % capacity] = batch[i]
      const dropped = Math.max(0, size + n - capacity)
      pushed += n
      size = Math.min(capacity, size + n)
      evicted += dropped
      return dropped
    },
    get: (i) => (i >= 0 && i < size ? slots[(pushed - size + i) % capacity] : undefined),
    getAbsolute,
    clear() {
      slots.fill(undefined)
      size = 0
    },
  }
}
