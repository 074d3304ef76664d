import type { LogLine } from '../protocol.ts'

/**
 * The gateway's bounded history: lines with contiguous seqs in a fixed-size circular array, so that a reconnecting
 * client can be replayed from its cursor in O(lines sent) and memory never grows past `capacity` lines.
 */
export type SeqRing = {
  push(line: LogLine): void
  /** Oldest seq still held, or `next` when empty. */
  oldest(): number
  /** Seq the next pushed line must carry. */
  next(): number
  /** Lines with `from <= seq < to`, clipped to what the ring holds. */
  slice(from: number, to: number): LogLine[]
  readonly capacity: number
}

export function createSeqRing(capacity: number, firstSeq: number): SeqRing {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`)
  const slots: Array<LogLine | undefined> = new Array(capacity)
  let nextSeq = firstSeq
  let size = 0

  const oldest = () => nextSeq - size
  return {
    capacity,
    oldest,
    next: () => nextSeq,
    push(line) {
      // Seqs are assigned by the hub just before the push; a mismatch is a programming error, not bad input.
      if (line.seq !== nextSeq) throw new Error(`seq ${line.seq} pushed, expected ${nextSeq}`)
      slots[nextSeq % capacity] = line
      nextSeq += 1
      if (size < capacity) size += 1
    },
    slice(from, to) {
      const start = Math.max(from, oldest())
      const end = Math.min(to, nextSeq)
      const out: LogLine[] = []
      for (let seq = start; seq < end; seq++) out.push(slots[seq % capacity] as LogLine)
      return out
    },
  }
}
