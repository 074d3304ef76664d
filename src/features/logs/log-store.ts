import type { LogLine, SourceInfo } from '@server/protocol'
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import { compileFilter, EMPTY_FILTER, sameFilter, type CompiledFilter, type LogFilter } from './log-filter'
import { createLogModel, type LogGap, type LogView } from './log-model'
import type { LogSocketStatus } from './log-socket'

/** Lines the browser keeps; older ones are evicted (and leave the view). */
export const MAX_LOG_LINES = 100_000
/** Lines a re-filter tests per frame, so a filter change never blocks the main thread for long. */
export const REFILTER_SLICE = 20_000
// rAF does not fire in background tabs; this timer keeps the pending queue draining there.
const HIDDEN_TAB_FLUSH_MS = 250

/** Runs `flush` once, soon (default: next animation frame, or a timer when the tab is hidden). Returns a cancel. */
export type FrameScheduler = (flush: () => void) => () => void

export type LogActions = {
  /** ⚠️ The batch is kept (not copied) until the next frame: do not mutate it. */
  linesReceived: (lines: readonly LogLine[]) => void
  /** `count` missing: derived from the seq range; null: unknown. */
  gapReceived: (gap: Omit<LogGap, 'count'> & { count?: number | null }) => void
  statusChanged: (status: LogSocketStatus) => void
  sourceChanged: (source: SourceInfo) => void
  /** Applies `filter` (re-filtering in slices); an invalid regex sets `filterError` and keeps the last valid search. */
  filterChanged: (filter: LogFilter) => void
  cleared: () => void
}

export type LogState = {
  /** Bumped at most once per frame, whenever `view` or the counters change. */
  version: number
  view: LogView
  /** The filter as the user entered it (it may be invalid; see `filterError`). */
  filter: LogFilter
  filterError: string | null
  /** Lines held per process (every process seen since the last clear). */
  processCounts: Readonly<Record<string, number>>
  /** Lines held in the buffer. */
  bufferSize: number
  status: LogSocketStatus
  sources: Readonly<Record<string, SourceInfo>>
  counters: { received: number; evicted: number; badFrames: number }
  actions: LogActions
}

const defaultScheduler: FrameScheduler = (flush) => {
  let done = false
  const run = () => {
    if (done) return
    done = true
    if (raf !== undefined) cancelAnimationFrame(raf)
    clearTimeout(timer)
    flush()
  }
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : undefined
  const timer = setTimeout(run, HIDDEN_TAB_FLUSH_MS)
  return () => {
    done = true
    if (raf !== undefined) cancelAnimationFrame(raf)
    clearTimeout(timer)
  }
}

/**
 * Creates a log store. Incoming batches are queued and applied once per frame: ring push, ANSI stripping, process
 * counts, filtering of the new lines only, eviction from the view's front, then one published `version`.
 */
export function createLogStore(
  capacity = MAX_LOG_LINES,
  { scheduleFrame = defaultScheduler, refilterSlice = REFILTER_SLICE }: { scheduleFrame?: FrameScheduler; refilterSlice?: number } = {},
) {
  const model = createLogModel(capacity)
  const pending: Array<readonly LogLine[] | LogGap> = []
  let pendingLines = 0
  let nextFilter: CompiledFilter | null = null
  let applied: LogFilter = EMPTY_FILTER
  let cancelFrame: (() => void) | null = null

  const store = createStore<LogState>()((set) => {
    function requestFlush(): void {
      cancelFrame ??= scheduleFrame(flush)
    }

    function flush(): void {
      cancelFrame = null
      if (nextFilter) model.setFilter(nextFilter)
      nextFilter = null
      for (const item of pending) {
        if ('from' in item) model.addGap(item)
        else model.addLines(item)
      }
      pending.length = 0
      pendingLines = 0
      if (!model.refilterStep(refilterSlice)) requestFlush()
      const { received, evicted } = model.counters()
      set((s) => ({
        version: s.version + 1,
        view: model.snapshot(),
        processCounts: model.processCounts(),
        bufferSize: model.ring.size,
        counters: { received, evicted, badFrames: s.counters.badFrames },
      }))
    }

    return {
      version: 0,
      view: model.snapshot(),
      filter: EMPTY_FILTER,
      filterError: null,
      processCounts: {},
      bufferSize: 0,
      status: { state: 'connecting', attempt: 0, badFrames: 0 },
      sources: {},
      counters: { received: 0, evicted: 0, badFrames: 0 },
      actions: {
        linesReceived: (lines) => {
          if (lines.length === 0) return
          pending.push(lines)
          pendingLines += lines.length
          // Timers are throttled in background tabs: past a full buffer's worth, waiting only costs memory.
          if (pendingLines >= capacity) {
            cancelFrame?.()
            flush()
          } else {
            requestFlush()
          }
        },
        gapReceived: (gap) => {
          pending.push({ from: gap.from, to: gap.to, count: gap.count === undefined ? gap.to - gap.from + 1 : gap.count, reason: gap.reason })
          requestFlush()
        },
        statusChanged: (status) =>
          set((s) => ({ status, counters: { ...s.counters, badFrames: status.badFrames } })),
        sourceChanged: (source) => set((s) => ({ sources: { ...s.sources, [source.id]: source } })),
        filterChanged: (filter) => {
          let compiled = compileFilter(filter)
          set({ filter, filterError: compiled.error ?? null })
          // An invalid regex keeps the last valid search; the other fields still apply.
          const effective = compiled.error === undefined ? filter : { ...filter, search: applied.search }
          if (sameFilter(effective, applied)) return
          if (effective !== filter) compiled = compileFilter(effective)
          applied = effective
          nextFilter = compiled
          requestFlush()
        },
        cleared: () => {
          pending.length = 0
          pendingLines = 0
          model.clear()
          cancelFrame?.()
          flush()
        },
      },
    }
  })
  return store
}
export type LogStore = ReturnType<typeof createLogStore>

/** The app's log store. */
export const logStore = createLogStore()

export const useLogVersion = () => useStore(logStore, (s) => s.version)
export const useLogView = () => useStore(logStore, (s) => s.view)
export const useLogFilter = () => useStore(logStore, (s) => s.filter)
export const useLogFilterError = () => useStore(logStore, (s) => s.filterError)
export const useLogProcessCounts = () => useStore(logStore, (s) => s.processCounts)
export const useLogBufferSize = () => useStore(logStore, (s) => s.bufferSize)
export const useLogStatus = () => useStore(logStore, (s) => s.status)
export const useLogSources = () => useStore(logStore, (s) => s.sources)
export const useLogCounters = () => useStore(logStore, (s) => s.counters)
export const useLogActions = () => useStore(logStore, (s) => s.actions)
