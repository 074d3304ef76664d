import type { LogLine } from '@server/protocol'
import { stripAnsi } from './ansi'
import { IndexDeque } from './index-deque'
import { createLineRing } from './line-ring'
import { compileFilter, EMPTY_FILTER, type CompiledFilter } from './log-filter'

/** Lines `from`..`to` (inclusive seqs) this tab can no longer get. */
/** `count` null: the gateway cannot know how many (it restarted since this tab's cursor). */
export type LogGap = { from: number; to: number; count: number | null; reason: string }
/** A gap shown among the lines, just before the line with absolute index `beforeAbs`. */
export type GapMarker = LogGap & { beforeAbs: number }

/**
 * A published, read-only view of the filtered rows (lines and gap markers). Rows are read through to the ring, so a
 * view stays cheap to publish; once newer lines evict a row, reading it from an old view returns undefined.
 */
export type LogView = {
  /** Rows: matching lines plus gap markers. */
  readonly length: number
  /** Matching lines only. */
  readonly lineCount: number
  /** Net rows removed from the front since `generation` began: row `i` has the stable id `offset + i`. */
  readonly offset: number
  /** Changes whenever the view is rebuilt from scratch (filter change, clear). */
  readonly generation: number
  /** True while a re-filter is still filling in older rows. */
  readonly refiltering: boolean
  lineAt(i: number): LogLine | undefined
  /** The line's text with ANSI stripped (derived once at ingest). */
  plainAt(i: number): string | undefined
  gapAt(i: number): GapMarker | undefined
}

/**
 * The mutable core behind the log store: ring, per-slot derived text, per-process counts, gap markers and the
 * filtered view, maintained incrementally. View entries are absolute line indexes (>= 0) or gap ids (encoded -id - 1).
 */
export function createLogModel(capacity: number) {
  const ring = createLineRing(capacity)
  const plain = new Array<string>(capacity)
  const processCounts = new Map<string, number>()
  let gaps: GapMarker[] = []
  let gapBase = 0 // id of gaps[0]
  let view = new IndexDeque()
  let viewLines = 0
  let generation = 0
  let received = 0
  let filter: CompiledFilter = compileFilter(EMPTY_FILTER)
  // A re-filter walks from the newest line towards the oldest so the rows near the tail appear first.
  let job: { nextAbs: number; gapId: number } | null = null

  const gapOf = (entry: number) => gaps[-entry - 1 - gapBase]

  function dropEvicted(): void {
    const start = ring.start
    for (let e = view.front(); e !== undefined; e = view.front()) {
      if (e >= 0 ? e >= start : (gapOf(e)?.beforeAbs ?? -1) >= start) break
      view.popFront()
      if (e >= 0) viewLines--
    }
    let dropGaps = 0
    while (dropGaps < gaps.length && gaps[dropGaps]!.beforeAbs < start) dropGaps++
    if (dropGaps > 0) {
      gaps = gaps.slice(dropGaps)
      gapBase += dropGaps
    }
  }

  function addLines(batch: readonly LogLine[]): void {
    const n = batch.length
    if (n === 0) return
    received += n
    // Held lines about to be overwritten leave the per-process counts first.
    const leaving = Math.min(ring.size, Math.max(0, ring.size + n - capacity))
    for (let i = 0; i < leaving; i++) {
      const p = ring.get(i)!.process
      processCounts.set(p, processCounts.get(p)! - 1)
    }
    const first = ring.pushed
    ring.push(batch)
    for (let i = Math.max(0, n - capacity); i < n; i++) {
      const line = batch[i]!
      const abs = first + i
      const text = stripAnsi(line.text)
      plain[abs % capacity] = text
      processCounts.set(line.process, (processCounts.get(line.process) ?? 0) + 1)
      if (filter.test(line, text)) {
        view.pushBack(abs)
        viewLines++
      }
    }
    if (leaving > 0 || n > capacity) dropEvicted()
  }

  function addGap(gap: LogGap): void {
    const id = gapBase + gaps.length
    gaps.push({ ...gap, beforeAbs: ring.pushed })
    view.pushBack(-id - 1)
  }

  /** Replaces the filter and starts a re-filter; new lines are tested against `next` from now on. */
  function setFilter(next: CompiledFilter): void {
    filter = next
    view = new IndexDeque(Math.min(ring.size, 1 << 16))
    viewLines = 0
    generation++
    job = { nextAbs: ring.pushed - 1, gapId: gapBase + gaps.length - 1 }
  }

  /** Re-filters up to `budget` more lines. Returns true when no re-filter remains. */
  function refilterStep(budget: number): boolean {
    if (job === null) return true
    const start = ring.start
    let a = job.nextAbs
    let g = job.gapId
    // Without a predicate to run, a slice is just copying indexes: take bigger bites.
    const stop = Math.max(start, a - (filter.matchesAll ? budget * 5 : budget) + 1)
    for (; a >= stop; a--) {
      // Gaps sit before the line they precede: going backwards, emit them once `a` has passed below them.
      while (g >= gapBase && gaps[g - gapBase]!.beforeAbs > a) {
        view.pushFront(-g - 1)
        g--
      }
      if (filter.test(ring.getAbsolute(a)!, plain[a % capacity])) {
        view.pushFront(a)
        viewLines++
      }
    }
    if (a >= start) {
      job = { nextAbs: a, gapId: g }
      return false
    }
    for (; g >= gapBase; g--) view.pushFront(-g - 1)
    job = null
    return true
  }

  function clear(): void {
    ring.clear()
    processCounts.clear()
    gapBase += gaps.length
    gaps = []
    view = new IndexDeque()
    viewLines = 0
    generation++
    job = null
  }

  function snapshot(): LogView {
    const v = view
    const entry = (i: number) => v.at(i)
    return {
      length: v.length,
      lineCount: viewLines,
      offset: v.offset,
      generation,
      refiltering: job !== null,
      lineAt: (i) => {
        const e = entry(i)
        return e !== undefined && e >= 0 ? ring.getAbsolute(e) : undefined
      },
      plainAt: (i) => {
        const e = entry(i)
        return e !== undefined && e >= 0 && ring.getAbsolute(e) ? plain[e % capacity] : undefined
      },
      gapAt: (i) => {
        const e = entry(i)
        return e !== undefined && e < 0 ? gapOf(e) : undefined
      },
    }
  }

  return {
    ring,
    addLines,
    addGap,
    setFilter,
    refilterStep,
    clear,
    snapshot,
    processCounts: (): Record<string, number> => Object.fromEntries(processCounts),
    counters: () => ({ received, evicted: ring.evicted }),
  }
}
export type LogModel = ReturnType<typeof createLogModel>
