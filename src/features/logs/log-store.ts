import type { LogLine, SourceInfo } from '@server/protocol'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { createStore } from 'zustand/vanilla'
import type { Level } from '@server/protocol'
import { compileFilter, EMPTY_FILTER, sameFilter, type CompiledFilter, type LogFilter } from './log-filter'
import { createLogModel, type LogGap, type LogView, type SinceMark } from './log-model'
import type { LogSocketStatus } from './log-socket'
import { compileSearch, EMPTY_SEARCH, type SearchSpec } from './search-term'

/** Lines the browser keeps; older ones are evicted (and leave the view). */
export const MAX_LOG_LINES = 100_000
/** Lines a re-filter tests per slice (a few ms); slices run until the frame budget is spent. */
export const REFILTER_SLICE = 20_000
/** Main-thread time one frame may spend re-filtering: well under the 50 ms that users feel as a hang. */
export const FRAME_BUDGET_MS = 20
/**
 * With a task scheduler, a re-filter runs mostly in tasks of its own between frames, each this long: a frame then
 * holds only a short slice (the newest rows first) plus the render, instead of a 20 ms slice that makes every frame
 * of the re-filter miss two vsyncs, and the time between frames is used too.
 */
export const TASK_BUDGET_MS = 8
const TASK_FRAME_BUDGET_MS = 6
/** How often a re-filter running between frames shows its progress (the count, the rows above the newest). */
const REFILTER_PUBLISH_MS = 100
/**
 * The first frame after a filter change re-filters only until it has a screen of rows (the newest first), then shows
 * them: a cold first search over 1M lines spent 6 ms more there, and its frame then missed the next vsync.
 */
const FIRST_SCREEN_SLICE = 1_000
/** Rows a screen shows until the list says (`screenMeasured`). */
const DEFAULT_SCREEN_ROWS = 100
const COUNTS_EVERY_MS = 250
/**
 * Share of the main thread the list's re-render may take while lines pour in. A render (React, the row DOM, the
 * layout it forces) is timed, and the next one waits until it is this share of the time between them: on a machine
 * where a render of a flood's rows costs 12 ms, the list shows new lines every other frame and the frames between
 * stay free for input, scrolling and the socket, instead of every frame running long.
 */
export const LIST_SHARE = 0.5
/** Main-thread time one frame may spend applying new lines (a 50k lines/s flood needs ~2 ms of it, warm). */
export const APPLY_BUDGET_MS = 10
/**
 * While lines stream in, the list shows new ones at most this often (~30 times a second). Each update re-lays out and
 * repaints the rows on screen whatever the number of new lines, and that browser work is not in the render timed for
 * LIST_SHARE: at 2,000 lines/s, updating every frame kept the main thread ~90 % busy.
 */
export const LINES_PUBLISH_MS = 30
/** Renders cheaper than this are never paced: they fit in any frame. */
const PACED_RENDER_MS = 4
// rAF does not fire in background tabs; this timer keeps the pending queue draining there.
const HIDDEN_TAB_FLUSH_MS = 250

/** Runs `flush` once, soon (default: next animation frame, or a timer when the tab is hidden). Returns a cancel. */
export type FrameScheduler = (flush: () => void) => () => void
/** Runs `work` once, soon, in a task of its own (between frames). */
export type TaskScheduler = (work: () => void) => void

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
  /** Find (highlight, count, next/previous) without filtering; an invalid regex keeps the last valid find. */
  findChanged: (find: SearchSpec) => void
  /**
   * `live` follows the newest line; `scrolled` means the user scrolled up; `paused` was asked for explicitly. Leaving
   * `live` starts counting what arrives below; returning to it stops.
   */
  followChanged: (follow: FollowMode) => void
  /** The gateway's head seq (from hello and heartbeat frames), to tell whether this tab has fallen behind. */
  headReceived: (head: number) => void
  /** How many rows the list shows at once: a filter change shows that many before it re-filters the rest. */
  screenMeasured: (rows: number) => void
}

export type FollowMode = 'live' | 'scrolled' | 'paused'

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
  /** `missed`: lines announced lost by gap frames; `missedUnknown`: gaps of an unknown size (a gateway restart). */
  counters: { received: number; evicted: number; missed: number; missedUnknown: number; badFrames: number }
  sourceCounts: Readonly<Record<string, number>>
  levelCounts: Readonly<Partial<Record<Level, number>>>
  find: SearchSpec
  findError: string | null
  /** Matches of `find` among the view's lines; `matchAt(i)` is the absolute index of match `i`, oldest first. */
  findMatches: { count: number; running: boolean; matchAt: (i: number) => number | undefined }
  follow: FollowMode
  /** What arrived (and passed the filter) since the user stopped following. */
  since: SinceMark | null
  /** Seq of the newest line when the user paused (the pause point, kept in the URL), else null. */
  pausedAt: number | null
  /** Seq the gateway's next line will carry, as last reported; null before the first hello. */
  head: number | null
  /** Seq of the newest line applied to the buffer. */
  newestSeq: number | null
  capacity: number
  /** Line `i` of the whole buffer (0 = oldest) with its ANSI-free text, for exports that ignore the filters. */
  bufferLine: (i: number) => { line: LogLine; plain: string } | undefined
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
 * A task right after the current one, through one MessageChannel: unlike setTimeout(0), not clamped to 4 ms when
 * tasks chain, and unlike a microtask, the browser renders frames and handles input between two of them.
 */
export function createMessageTaskScheduler(): TaskScheduler | null {
  if (typeof MessageChannel !== 'function') return null
  const channel = new MessageChannel()
  const queue: Array<() => void> = []
  channel.port1.onmessage = () => queue.shift()?.()
  return (work) => {
    queue.push(work)
    channel.port2.postMessage(null)
  }
}

/**
 * Creates a log store. Incoming batches are queued and applied once per frame: ring push, ANSI stripping, process
 * counts, filtering of the new lines only, eviction from the view's front, then one published `version`.
 */
export function createLogStore(
  capacity = MAX_LOG_LINES,
  {
    scheduleFrame = defaultScheduler,
    refilterSlice = REFILTER_SLICE,
    frameBudgetMs = FRAME_BUDGET_MS,
    countsEveryMs = COUNTS_EVERY_MS,
    listShare = LIST_SHARE,
    now = () => performance.now(),
    scheduleTask = null,
    minPublishMs = 0,
  }: {
    scheduleFrame?: FrameScheduler
    refilterSlice?: number
    frameBudgetMs?: number
    countsEveryMs?: number
    listShare?: number
    now?: () => number
    /** Re-filters between frames with it (see TASK_BUDGET_MS); null: only inside frames. */
    scheduleTask?: TaskScheduler | null
    /** New lines are shown at most this often (see LINES_PUBLISH_MS); a user's change is never held. */
    minPublishMs?: number
  } = {},
) {
  const model = createLogModel(capacity)
  // Slices between frames are timed more finely: a task should end close to its budget.
  const taskSlice = Math.min(refilterSlice, 4_000)
  const pending: Array<readonly LogLine[] | LogGap> = []
  let pendingLines = 0
  let nextFilter: CompiledFilter | null = null
  let applied: LogFilter = EMPTY_FILTER
  let cancelFrame: (() => void) | null = null
  // A re-filter task is queued; it checks the model when it runs, so a filter change or clear needs no cancel.
  let taskQueued = false
  /** New lines may wait for this time before they are shown; a user's change (filter, find, clear) never waits. */
  let nextPublishAt = -Infinity
  let userChange = false
  let publishedAt = -Infinity
  let screenRows = DEFAULT_SCREEN_ROWS

  const store = createStore<LogState>()((set, get) => {
    function requestFlush(): void {
      cancelFrame ??= scheduleFrame(flush)
    }

    function flush(): void {
      cancelFrame = null
      // Pacing holds new lines back untouched: a published view reads the model by position, so the model may change
      // only in a flush that publishes (else rows of the view on screen would point at other lines). A user's change,
      // a re-filter under way and a full queue are never held.
      const held = !userChange && nextFilter === null && !model.working() && pendingLines < capacity && now() < nextPublishAt
      if (held) return requestFlush()
      const changed = userChange || nextFilter !== null || pending.length > 0
      const firstScreen = nextFilter !== null
      if (nextFilter) model.setFilter(nextFilter)
      nextFilter = null
      // Batches are applied until the budget is spent; the rest waits a frame. A burst (a replay after a reconnect, the
      // first seconds of a flood while the code is still cold) then spreads over frames instead of one long one.
      const applyStarted = now()
      let taken = 0
      while (taken < pending.length) {
        const item = pending[taken++]!
        if ('from' in item) model.addGap(item)
        else {
          model.addLines(item)
          pendingLines -= item.length
        }
        if (pendingLines < capacity && now() - applyStarted >= APPLY_BUDGET_MS) break
      }
      pending.splice(0, taken)
      if (pending.length > 0) requestFlush()
      // Re-filter / find slices until this frame's budget is spent: a 1M-line re-filter then takes a handful of
      // frames instead of 50, and no single block of main-thread work grows past the budget plus one slice.
      const started = now()
      const between = scheduleTask !== null && model.refilteringAlone()
      const budget = between ? Math.min(frameBudgetMs, TASK_FRAME_BUDGET_MS) : frameBudgetMs
      const slice = firstScreen ? Math.min(refilterSlice, FIRST_SCREEN_SLICE) : between ? taskSlice : refilterSlice
      let done = false
      do done = model.refilterStep(slice) && model.findStep(refilterSlice)
      while (!done && now() - started < budget && !(firstScreen && model.viewRows() >= screenRows))
      if (!done) {
        if (between) queueRefilterTask()
        else requestFlush()
      }
      // A re-filter between frames adds older rows only; the newest rows on screen stay. Re-rendering the list every
      // frame for that cost a 1M-line re-filter half its time: until it ends, its progress is published now and then.
      // Not while the screen is short of rows it now has: under load, the first screen's frame can find only a few,
      // and the rest of the screen then waited for the next progress publish (a first screen of 162 ms in one run).
      const shown = get().view.length
      const screenShort = shown < screenRows && model.viewRows() > shown
      if (between && !done && !changed && !screenShort && now() - publishedAt < REFILTER_PUBLISH_MS) return
      userChange = false
      const renderStarted = now()
      publishedAt = renderStarted
      publish()
      // React renders the list in a microtask queued by the store update: this one runs after it.
      queueMicrotask(() => {
        const cost = now() - renderStarted
        nextPublishAt = renderStarted + Math.max(minPublishMs, cost < PACED_RENDER_MS ? 0 : cost / listShare)
      })
    }

    /** A re-filter slice between frames; the next frame publishes what it found. */
    function queueRefilterTask(): void {
      if (taskQueued || !scheduleTask) return
      taskQueued = true
      scheduleTask(refilterBetweenFrames)
    }

    function refilterBetweenFrames(): void {
      taskQueued = false
      if (!model.refilteringAlone()) return requestFlush()
      const started = now()
      let done = false
      do done = model.refilterStep(taskSlice)
      while (!done && now() - started < TASK_BUDGET_MS)
      if (!done) queueRefilterTask()
      requestFlush()
    }

    let countsPublishedAt = -Infinity
    let countsTimer: ReturnType<typeof setTimeout> | null = null
    function publish(): void {
      const { received, evicted, missed, missedUnknown } = model.counters()
      // Per-name and per-level counts feed toolbar widgets only: four updates a second spare them a render per frame.
      // A skipped update is caught up by a timer, so counts never stay stale once the stream goes quiet.
      const at = now()
      const counts = at - countsPublishedAt >= countsEveryMs || model.ring.size === 0
      if (counts) {
        countsPublishedAt = at
        if (countsTimer) clearTimeout(countsTimer)
        countsTimer = null
      } else {
        countsTimer ??= setTimeout(() => {
          countsTimer = null
          countsPublishedAt = now()
          set({ processCounts: model.processCounts(), sourceCounts: model.sourceCounts(), levelCounts: model.levelCounts() })
        }, countsEveryMs - (at - countsPublishedAt))
      }
      const matchCount = model.matchCount()
      const finding = model.finding()
      set((s) => ({
        version: s.version + 1,
        view: model.snapshot(),
        processCounts: counts ? model.processCounts() : s.processCounts,
        sourceCounts: counts ? model.sourceCounts() : s.sourceCounts,
        levelCounts: counts ? model.levelCounts() : s.levelCounts,
        bufferSize: model.ring.size,
        // The same object while nothing changed: an open health panel then does not re-render for a re-filter's frames.
        counters:
          s.counters.received === received && s.counters.evicted === evicted && s.counters.missed === missed && s.counters.missedUnknown === missedUnknown
            ? s.counters
            : { received, evicted, missed, missedUnknown, badFrames: s.counters.badFrames },
        // The same object while nothing changed, so the find bar does not re-render every frame.
        findMatches:
          s.findMatches.count === matchCount && s.findMatches.running === finding && s.findMatches.matchAt === model.matchAt
            ? s.findMatches
            : { count: matchCount, running: finding, matchAt: model.matchAt },
        since: model.sinceMark(),
        newestSeq: model.ring.newestSeq ?? null,
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
      counters: { received: 0, evicted: 0, missed: 0, missedUnknown: 0, badFrames: 0 },
      sourceCounts: {},
      levelCounts: {},
      find: EMPTY_SEARCH,
      findError: null,
      findMatches: { count: 0, running: false, matchAt: () => undefined },
      follow: 'live',
      since: null,
      pausedAt: null,
      head: null,
      newestSeq: null,
      capacity,
      bufferLine: model.bufferLine,
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
          // The same filter again (a debounced search after Enter applied it) changes nothing: no re-render of
          // everything that shows the filter, in the middle of the re-filter it started.
          if (sameFilter(filter, get().filter)) return
          let compiled = compileFilter(filter)
          set({ filter, filterError: compiled.error ?? null })
          // An invalid regex keeps the last valid search; the other fields still apply.
          const effective = compiled.error === undefined ? filter : { ...filter, search: applied.search }
          if (sameFilter(effective, applied)) return
          if (effective !== filter) compiled = compileFilter(effective)
          applied = effective
          nextFilter = compiled
          userChange = true
          requestFlush()
        },
        cleared: () => {
          pending.length = 0
          pendingLines = 0
          model.clear()
          userChange = true
          cancelFrame?.()
          flush()
        },
        findChanged: (find) => {
          const compiled = compileSearch({ ...find, exclude: false })
          set({ find, findError: compiled.error ?? null })
          if (compiled.error !== undefined) return
          model.setFind(compiled.match)
          userChange = true
          requestFlush()
        },
        followChanged: (follow) => {
          const prev = get().follow
          if (follow === prev) return
          // Moving between scrolled and paused keeps the mark: the count is of what the user has not seen yet.
          if (follow === 'live') model.setMark(false)
          else if (prev === 'live') model.setMark(true)
          set({ follow, since: model.sinceMark(), pausedAt: follow === 'paused' ? (get().pausedAt ?? model.ring.newestSeq ?? null) : null })
        },
        headReceived: (head) => set({ head }),
        screenMeasured: (rows) => {
          screenRows = Math.max(1, Math.ceil(rows))
        },
      },
    }
  })
  return store
}
export type LogStore = ReturnType<typeof createLogStore>

/** Largest buffer a `?buffer=` link may ask for: about 600 MB of heap at ~250 bytes per retained line. */
export const MAX_BUFFER_LINES = 2_000_000

/** The buffer size a link asks for (`?buffer=1000000`), else the default; clamped to sane bounds. */
export function bufferCapacityFromUrl(search = typeof window === 'undefined' ? '' : window.location.search): number {
  const asked = Number(new URLSearchParams(search).get('buffer'))
  return Number.isInteger(asked) && asked > 0 ? Math.min(Math.max(asked, 1_000), MAX_BUFFER_LINES) : MAX_LOG_LINES
}

/** The app's log store. */
export const logStore = createLogStore(bufferCapacityFromUrl(), { scheduleTask: createMessageTaskScheduler(), minPublishMs: LINES_PUBLISH_MS })

export const useLogVersion = () => useStore(logStore, (s) => s.version)
export const useLogView = () => useStore(logStore, (s) => s.view)
export const useLogFilter = () => useStore(logStore, (s) => s.filter)
export const useLogFilterError = () => useStore(logStore, (s) => s.filterError)
export const useLogProcessCounts = () => useStore(logStore, (s) => s.processCounts)
export const useLogBufferSize = () => useStore(logStore, (s) => s.bufferSize)
export const useLogCapacity = () => useStore(logStore, (s) => s.capacity)
export const useLogStatus = () => useStore(logStore, (s) => s.status)
export const useLogSources = () => useStore(logStore, (s) => s.sources)
export const useLogCounters = () => useStore(logStore, (s) => s.counters)
export const useLogActions = () => useStore(logStore, (s) => s.actions)
export const useLogFind = () => useStore(logStore, (s) => s.find)
export const useLogFindError = () => useStore(logStore, (s) => s.findError)
export const useLogFindMatches = () => useStore(logStore, (s) => s.findMatches)
export const useLogFollow = () => useStore(logStore, (s) => s.follow)
export const useLogSince = () => useStore(logStore, (s) => s.since)
export const useLogLevelCounts = () => useStore(logStore, (s) => s.levelCounts)
export const useLogSourceCounts = () => useStore(logStore, (s) => s.sourceCounts)
export const useLogHealth = () =>
  useStore(logStore, useShallow((s: LogState) => ({ head: s.head, newestSeq: s.newestSeq, capacity: s.capacity, bufferSize: s.bufferSize })))
