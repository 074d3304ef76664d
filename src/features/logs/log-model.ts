import { LEVEL_RANK, type Level, type LogLine } from '@server/protocol'
import { stripAnsi } from './ansi'
import { IndexDeque } from './index-deque'
import { createLineRing } from './line-ring'
import { compileFilter, EMPTY_FILTER, type CompiledFilter } from './log-filter'
import { Counter } from './counter'
import { searchRow } from './view-search'

/** Lines `from`..`to` (inclusive seqs) this tab can no longer get; `count` null: unknown (the gateway restarted). */
export type LogGap = { from: number; to: number; count: number | null; reason: string }
/** A gap shown among the lines, just before the line with absolute index `beforeAbs`. */
export type GapMarker = LogGap & { beforeAbs: number }

/** Lines that passed the filter after the mark (set when the user stopped following), and how many were errors. */
export type SinceMark = { mark: number; lines: number; errors: number; evictedUnseen: number }

/**
 * A published, read-only view of the filtered rows (lines and gap markers). Rows are read through to the ring, so a
 * view stays cheap to publish; once newer lines evict a row, reading it from an old view returns undefined.
 */
export type LogView = {
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
  /** Absolute ring index of row `i` (lines only). */
  absAt(i: number): number | undefined
  /** Row of the line with absolute index `abs`, or of the first row after it when it is filtered out. */
  rowOfAbs(abs: number): number
  /** Row of the line with this seq, or -1 when it is not in the view. */
  rowOfSeq(seq: number): number
}

const ERROR_RANK = LEVEL_RANK.error

/**
 * The mutable core behind the log store: ring, per-slot derived text, counts per process, source and level, gap
 * markers, the filtered view and the find matches, all maintained incrementally (new lines are tested once; a filter
 * or find change is re-run in slices by `refilterStep`/`findStep`).
 */
export function createLogModel(capacity: number) {
  const ring = createLineRing(capacity)
  const plain = new Array<string>(capacity)
  const processes = new Counter<string>()
  const sources = new Counter<string>()
  const levels = new Counter<Level>()
  let gaps: GapMarker[] = []
  let gapBase = 0 // id of gaps[0]
  let view = new IndexDeque()
  let viewLines = 0
  let generation = 0
  let received = 0
  // Lines the gateway said this tab will never get (gap frames), and gaps of an unknown size.
  let missed = 0
  let missedUnknown = 0
  let filter: CompiledFilter = compileFilter(EMPTY_FILTER)
  // A re-filter walks from the newest line towards the oldest so the rows near the tail appear first.
  let job: { nextAbs: number; gapId: number } | null = null
  let find: ((plain: string) => boolean) | null = null
  let matches = new IndexDeque() // absolute indexes of view lines that match `find`, oldest first
  let findJob: { nextId: number } | null = null
  let since: SinceMark | null = null

  const gapOf = (entry: number) => gaps[-entry - 1 - gapBase]
  const keyOf = (entry: number) => (entry >= 0 ? entry : (gapOf(entry)?.beforeAbs ?? 0) - 0.5)

  function dropEvicted(): void {
    const start = ring.start
    // A gap stays while the line it precedes is held.
    for (let e = view.front(); e !== undefined && (e >= 0 ? e : (gapOf(e)?.beforeAbs ?? -1)) < start; e = view.front()) {
      view.popFront()
      if (e >= 0) viewLines--
    }
    for (let m = matches.front(); m !== undefined && m < start; m = matches.front()) matches.popFront()
    let dropGaps = 0
    while (dropGaps < gaps.length && gaps[dropGaps]!.beforeAbs < start) dropGaps++
    if (dropGaps > 0) {
      gaps = gaps.slice(dropGaps)
      gapBase += dropGaps
    }
    if (since && start > since.mark + 1) since.evictedUnseen = Math.max(since.evictedUnseen, start - since.mark - 1)
  }

  function count(line: LogLine): void {
    processes.add(line.process, 1)
    sources.add(line.source, 1)
    levels.add(line.level, 1)
  }

  function uncount(abs: number): void {
    processes.add(ring.processAt(abs), -1)
    sources.add(ring.sourceAt(abs), -1)
    levels.add(ring.levelAt(abs), -1)
  }

  function accept(line: LogLine, abs: number, text: string): void {
    view.pushBack(abs)
    viewLines++
    if (find?.(text)) matches.pushBack(abs)
    if (since && abs > since.mark) {
      since.lines++
      if (LEVEL_RANK[line.level] >= ERROR_RANK) since.errors++
    }
  }

  function addLines(batch: readonly LogLine[]): void {
    const n = batch.length
    if (n === 0) return
    received += n
    // Held lines about to be overwritten leave the counts first.
    const leaving = Math.min(ring.size, Math.max(0, ring.size + n - capacity))
    for (let a = ring.start, end = a + leaving; a < end; a++) uncount(a)
    const first = ring.pushed
    ring.push(batch)
    for (let i = Math.max(0, n - capacity); i < n; i++) {
      const line = batch[i]!
      const abs = first + i
      const text = stripAnsi(line.text)
      plain[abs % capacity] = text
      count(line)
      if (filter.testHeld(ring, abs, text)) accept(line, abs, text)
    }
    if (leaving > 0 || n > capacity) dropEvicted()
  }

  function addGap(gap: LogGap): void {
    if (gap.count === null) missedUnknown++
    else missed += gap.count
    const id = gapBase + gaps.length
    gaps.push({ ...gap, beforeAbs: ring.pushed })
    view.pushBack(-id - 1)
  }

  /** Recounts the lines after the mark under the current filter (a filter change while not following). */
  function recountSince(): void {
    if (!since) return
    since.lines = since.errors = 0
    for (let a = Math.max(since.mark + 1, ring.start); a < ring.pushed; a++) {
      if (!filter.testHeld(ring, a, plain[a % capacity]!)) continue
      since.lines++
      if (LEVEL_RANK[ring.levelAt(a)] >= ERROR_RANK) since.errors++
    }
  }

  /** Replaces the filter and starts a re-filter; new lines are tested against `next` from now on. */
  function setFilter(next: CompiledFilter): void {
    filter = next
    // The view is rebuilt from the newest line back. A filter that keeps every line (a cleared search) gets room for
    // all of them at once. Grown step by step from 64k entries, a 1M-line view was copied 6 times and left 15 MB of
    // buffers to the GC, in a 16 MB one (8.5 MB now).
    const backRoom = Math.max(1_024, ring.size >> 4)
    view = new IndexDeque((next.matchesAll ? ring.size + gaps.length : Math.min(ring.size, 1 << 16)) + backRoom, backRoom)
    matches = new IndexDeque()
    findJob = null
    viewLines = 0
    generation++
    job = { nextAbs: ring.pushed - 1, gapId: gapBase + gaps.length - 1 }
    recountSince()
  }

  /** Re-filters up to `budget` more lines. Returns true when no re-filter remains. */
  function refilterStep(budget: number): boolean {
    if (job === null) return true
    const start = ring.start
    let a = job.nextAbs
    let g = job.gapId
    // Without a predicate to run, a slice is just copying indexes: take bigger bites.
    const stop = Math.max(start, a - (filter.matchesAll && !find ? budget * 5 : budget) + 1)
    for (; a >= stop; a--) {
      // Gaps sit before the line they precede: going backwards, emit them once `a` has passed below them.
      while (g >= gapBase && gaps[g - gapBase]!.beforeAbs > a) {
        view.pushFront(-g - 1)
        g--
      }
      const text = plain[a % capacity]!
      if (filter.testHeld(ring, a, text)) {
        view.pushFront(a)
        viewLines++
        if (find?.(text)) matches.pushFront(a)
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

  /** Replaces the find predicate (null: no find) and re-finds over the view, newest rows first. */
  function setFind(next: ((plain: string) => boolean) | null): void {
    find = next
    matches = new IndexDeque()
    findJob = null
    // A running re-filter is rebuilding the view anyway: restarted, it tests `find` on every row it places.
    if (job !== null) setFilter(filter)
    else if (next) findJob = { nextId: view.offset + view.length - 1 }
  }

  /** Finds over up to `budget` more view rows, walking towards the oldest. Returns true when no find pass remains. */
  function findStep(budget: number): boolean {
    if (findJob === null || !find) return true
    let id = findJob.nextId
    const stopId = Math.max(view.offset, id - budget + 1)
    for (; id >= stopId; id--) {
      const e = view.at(id - view.offset)!
      if (e >= 0 && find(plain[e % capacity]!)) matches.pushFront(e)
    }
    if (id >= view.offset) {
      findJob = { nextId: id }
      return false
    }
    findJob = null
    return true
  }

  function clear(): void {
    ring.clear()
    plain.fill('') // the ANSI-free copies are often the texts themselves: drop them with the lines
    processes.clear()
    sources.clear()
    levels.clear()
    gapBase += gaps.length
    gaps = []
    view = new IndexDeque()
    matches = new IndexDeque()
    viewLines = 0
    generation++
    job = findJob = null
    if (since) since = { mark: ring.pushed - 1, lines: 0, errors: 0, evictedUnseen: 0 }
  }

  function snapshot(): LogView {
    const v = view
    // The deque keeps growing after this snapshot is published; rows past the published length do not exist yet for
    // the list that renders it (react-window throws on an index at or past its rowCount). A re-filter between frames
    // adds rows at the front: rows are read by their stable id (`base + i`), so this snapshot's rows stay put.
    const length = v.length
    const base = v.offset
    const entry = (i: number) => (i >= 0 && i < length ? v.at(base + i - v.offset) : undefined)
    // A row this (older) snapshot still counts but that has since been evicted sorts before every held one.
    const keyAt = (i: number) => {
      const e = entry(i)
      return e === undefined ? -Infinity : keyOf(e)
    }
    const rowOfAbs = (abs: number) => searchRow(length, keyAt, abs)
    return {
      length,
      lineCount: viewLines,
      offset: base,
      generation,
      refiltering: job !== null,
      lineAt: (i) => {
        const e = entry(i)
        return e !== undefined && e >= 0 ? ring.getAbsolute(e) : undefined
      },
      plainAt: (i) => {
        const e = entry(i)
        return e !== undefined && e >= ring.start && e < ring.pushed ? plain[e % capacity] : undefined
      },
      gapAt: (i) => {
        const e = entry(i)
        return e !== undefined && e < 0 ? gapOf(e) : undefined
      },
      absAt: (i) => {
        const e = entry(i)
        return e !== undefined && e >= 0 ? e : undefined
      },
      rowOfAbs,
      rowOfSeq: (seq) => {
        const first = ring.oldestSeq
        if (first === undefined) return -1
        // Seqs are contiguous within one gateway run, so seq → abs is an offset when the guess checks out.
        const guess = ring.start + (seq - first)
        const abs = guess >= ring.start && guess < ring.pushed && ring.seqAt(guess) === seq ? guess : findAbsBySeq(seq)
        if (abs === -1) return -1
        const row = rowOfAbs(abs)
        return entry(row) === abs ? row : -1
      },
    }
  }

  function findAbsBySeq(seq: number): number {
    for (let a = ring.start; a < ring.pushed; a++) if (ring.seqAt(a) === seq) return a
    return -1
  }

  return {
    ring,
    addLines,
    addGap,
    setFilter,
    refilterStep,
    setFind,
    findStep,
    clear,
    snapshot,
    /** Starts counting what arrives after the newest line (null stops). */
    setMark(on: boolean): void {
      since = on ? { mark: ring.pushed - 1, lines: 0, errors: 0, evictedUnseen: 0 } : null
    },
    sinceMark: (): SinceMark | null => (since ? { ...since } : null),
    /** Absolute indexes of the find matches in the view, oldest first. */
    matchAt: (i: number) => matches.at(i),
    matchCount: () => matches.length,
    /** Rows of the view as the model holds it now (published or not): lines and gap markers. */
    viewRows: () => view.length,
    finding: () => findJob !== null || (job !== null && find !== null),
    /** A re-filter is under way and no find rides along with it (find matches are read by position, per frame). */
    refilteringAlone: () => job !== null && find === null,
    /** A re-filter or find is under way (it changes the view in slices, frame after frame). */
    working: () => job !== null || findJob !== null,
    processCounts: () => processes.toRecord(),
    sourceCounts: () => sources.toRecord(),
    levelCounts: () => levels.toRecord(),
    counters: () => ({ received, evicted: ring.evicted, missed, missedUnknown }),
    bufferLine: (i: number) => {
      const line = ring.get(i)
      return line ? { line, plain: plain[(ring.start + i) % capacity]! } : undefined
    },
  }
}
export type LogModel = ReturnType<typeof createLogModel>
