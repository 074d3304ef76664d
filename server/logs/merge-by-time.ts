import type { NewLogLine } from '../protocol.ts'

/**
 * Orders one batching window of lines from several sources by their timestamps, so the merged view reads in time
 * order rather than in the order upstreams happened to deliver. Each source's own lines keep their order (a source
 * whose clock has only seconds, or no clock, is never shuffled), and a window from a single source is left as is.
 * Lines older than the window (a backfill) cannot move before lines already sent: they stay at the front of theirs.
 */
export function mergeByTime(batch: NewLogLine[]): NewLogLine[] {
  if (batch.length < 2) return batch
  // The common case, one source per window, costs one pass and no allocation.
  const first = batch[0]!.source
  if (batch.every((line) => line.source === first)) return batch
  const bySource = new Map<string, NewLogLine[]>()
  for (const line of batch) {
    const list = bySource.get(line.source)
    if (list) list.push(line)
    else bySource.set(line.source, [line])
  }
  // A k-way merge on the heads of each source's queue: O(n·k), and k (sources in one window) is small.
  const queues = [...bySource.values()].map((lines) => ({ lines, at: 0, keys: lines.map((l) => Date.parse(l.ts)) }))
  const out: NewLogLine[] = []
  for (;;) {
    let best: (typeof queues)[number] | null = null
    for (const q of queues) {
      if (q.at >= q.lines.length) continue
      // An unparseable time sorts as "now-ish": it keeps its source's order and never jumps ahead of parsed ones.
      const key = q.keys[q.at]!
      const bestKey = best ? best.keys[best.at]! : Infinity
      if (best === null || (Number.isFinite(key) && (key < bestKey || !Number.isFinite(bestKey)))) best = q
    }
    if (!best) return out
    out.push(best.lines[best.at]!)
    best.at++
  }
}
