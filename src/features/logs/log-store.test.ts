import { LEVELS, type LogLine } from '@server/protocol'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { compileFilter, EMPTY_FILTER, type LogFilter } from './log-filter'
import type { LogView } from './log-model'
import { createLogStore, type FrameScheduler } from './log-store'

/** A scheduler the test drives by hand: `frame()` runs what is due, like one animation frame. */
function manualFrames() {
  let due: Array<() => void> = []
  const schedule: FrameScheduler = (cb) => {
    due.push(cb)
    return () => (due = due.filter((f) => f !== cb))
  }
  const frame = () => {
    const run = due
    due = []
    run.forEach((f) => f())
  }
  return { schedule, frame, pending: () => due.length }
}

/** A store that re-filters between frames, with both its frames and its tasks driven by hand. */
function storeWithTasks(capacity: number, options: Parameters<typeof createLogStore>[1] = {}) {
  const frames = manualFrames()
  const tasks = manualFrames()
  const store = createLogStore(capacity, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule, scheduleTask: tasks.schedule, ...options })
  /** Runs tasks and frames, one of each in turn, until none is due. */
  const drain = () => {
    while (tasks.pending() + frames.pending() > 0) {
      tasks.frame()
      frames.frame()
    }
  }
  /** Holds `lines`, then switches to TIMEOUTS: the first frame of the re-filter has run when it returns. */
  const startRefilter = (lines: LogLine[]) => {
    store.getState().actions.linesReceived(lines)
    frames.frame()
    store.getState().actions.filterChanged(TIMEOUTS)
    frames.frame()
  }
  return { store, frames, tasks, drain, startRefilter }
}

function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

let nextSeq = 0
function makeLines(count: number, rand = random(7)): LogLine[] {
  return Array.from({ length: count }, () => ({
    seq: nextSeq++,
    ts: '2024-05-01T10:00:00.000Z',
    level: LEVELS[Math.floor(rand() * LEVELS.length)]!,
    source: 'local',
    process: ['api', 'db', 'web'][Math.floor(rand() * 3)]!,
    text: rand() < 0.3 ? `\x1b[31mtimeout\x1b[0m after ${Math.floor(rand() * 100)}ms` : `ok ${Math.floor(rand() * 1000)}`,
  }))
}

/** Rows as seqs, gaps as `gap:from-to`. */
function rows(view: LogView): Array<number | string> {
  return Array.from({ length: view.length }, (_, i) => {
    const gap = view.gapAt(i)
    return gap ? `gap:${gap.from}-${gap.to}` : (view.lineAt(i)?.seq ?? 'missing')
  })
}

/** The seqs a from-scratch filter over everything held would show. */
function expectedSeqs(held: LogLine[], filter: LogFilter): number[] {
  const { test } = compileFilter(filter)
  return held.filter((l) => test(l)).map((l) => l.seq)
}

const TIMEOUTS: LogFilter = { ...EMPTY_FILTER, processes: ['api', 'db'], minLevel: 'info', search: { term: 'TIMEOUT', regex: false, caseSensitive: false, exclude: false } }

afterEach(() => vi.useRealTimers())

describe('createLogStore', () => {
  it('coalesces batches into one publish per frame', () => {
    const frames = manualFrames()
    const store = createLogStore(100, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule })
    const { linesReceived } = store.getState().actions
    linesReceived(makeLines(3))
    linesReceived(makeLines(2))
    linesReceived(makeLines(4))
    expect(store.getState().version).toBe(0)
    expect(frames.pending()).toBe(1)
    frames.frame()
    expect(store.getState().version).toBe(1)
    expect(store.getState().view.length).toBe(9)
    expect(store.getState().counters.received).toBe(9)
    expect(frames.pending()).toBe(0)
  })

  it('filters new lines incrementally exactly as a full re-filter would', () => {
    const all = makeLines(3_000, random(42))
    const frames = manualFrames()
    const store = createLogStore(1_000, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule })
    store.getState().actions.filterChanged(TIMEOUTS)
    for (let i = 0; i < all.length; i += 137) {
      store.getState().actions.linesReceived(all.slice(i, i + 137))
      frames.frame()
    }
    const held = all.slice(-1_000)
    expect(rows(store.getState().view)).toEqual(expectedSeqs(held, TIMEOUTS))
    expect(store.getState().view.lineCount).toBe(expectedSeqs(held, TIMEOUTS).length)

    const refilterFrames = manualFrames()
    const refiltered = createLogStore(1_000, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: refilterFrames.schedule, refilterSlice: 300 })
    refiltered.getState().actions.linesReceived(all)
    refiltered.getState().actions.filterChanged(TIMEOUTS)
    while (refilterFrames.pending() > 0) refilterFrames.frame()
    expect(rows(refiltered.getState().view)).toEqual(rows(store.getState().view))
  })

  it('keeps the view, counts and process counts consistent under eviction', () => {
    const frames = manualFrames()
    const store = createLogStore(10, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule })
    const all = makeLines(25)
    store.getState().actions.filterChanged({ ...EMPTY_FILTER, processes: ['api'] })
    store.getState().actions.linesReceived(all.slice(0, 8))
    frames.frame()
    store.getState().actions.linesReceived(all.slice(8))
    frames.frame()
    const state = store.getState()
    const held = all.slice(-10)
    expect(state.bufferSize).toBe(10)
    expect(state.counters).toEqual({ received: 25, evicted: 15, missed: 0, missedUnknown: 0, badFrames: 0 })
    expect(rows(state.view)).toEqual(held.filter((l) => l.process === 'api').map((l) => l.seq))
    const perProcess = Object.fromEntries(['api', 'db', 'web'].map((p) => [p, held.filter((l) => l.process === p).length]))
    expect(Object.fromEntries(Object.entries(state.processCounts).filter(([, n]) => n > 0))).toEqual(
      Object.fromEntries(Object.entries(perProcess).filter(([, n]) => n > 0)),
    )
    expect(state.view.offset).toBeGreaterThan(0)
  })

  it('paces re-renders that cost much to half the main thread, but never delays a user change', async () => {
    const frames = manualFrames()
    let clock = 0
    const store = createLogStore(1_000, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule, now: () => clock })
    // Each published version "renders" for 12 ms, as a flood's rows do on a slow machine.
    store.subscribe((s, prev) => s.version !== prev.version && (clock += 12))
    const { linesReceived, filterChanged } = store.getState().actions
    const batch = () => makeLines(5)
    const shown = () => store.getState().bufferSize

    linesReceived(batch())
    frames.frame()
    await Promise.resolve()
    expect(shown()).toBe(5) // rendered at 0–12 ms: the next render may start at 24 ms
    clock = 16
    linesReceived(batch())
    frames.frame()
    await Promise.resolve()
    expect(shown()).toBe(5) // held back one frame, still queued
    expect(frames.pending()).toBe(1)
    // The view on screen still reads the lines it was published with: nothing was applied behind its back.
    expect(store.getState().view.length).toBe(5)
    expect(store.getState().bufferLine(4)?.line.seq).toBe(store.getState().view.lineAt(4)?.seq)
    clock = 33
    frames.frame()
    await Promise.resolve()
    expect(shown()).toBe(10)

    clock = 50 // the last render ended at 45: pacing would wait until 57, but a filter change is the user's
    linesReceived(batch())
    filterChanged({ ...EMPTY_FILTER, processes: ['api'] })
    expect(clock).toBe(50)
    frames.frame()
    expect(shown()).toBe(15)
    expect(store.getState().filter.processes).toEqual(['api'])
    await Promise.resolve()
    // Rendered at 50–62 ms, so lines would wait until 74; clearing is the user's and shows at once.
    store.getState().actions.cleared()
    expect(shown()).toBe(0)
  })

  it('shows streaming lines at most every minPublishMs, but a user change at once', async () => {
    const frames = manualFrames()
    let clock = 0
    const store = createLogStore(1_000, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule, now: () => clock, minPublishMs: 30 })
    const shownAt: number[] = []
    for (let i = 0; i < 8; i++) {
      clock = i * 16 // one line per 16 ms frame
      store.getState().actions.linesReceived(makeLines(1))
      const before = store.getState().bufferSize
      frames.frame()
      await Promise.resolve()
      if (store.getState().bufferSize !== before) shownAt.push(clock)
    }
    expect(shownAt).toEqual([0, 32, 64, 96])
    expect(store.getState().bufferSize).toBe(7)
    store.getState().actions.filterChanged(TIMEOUTS)
    clock += 1
    frames.frame()
    expect(store.getState().bufferSize).toBe(8)
  })

  it('never paces cheap re-renders', async () => {
    const frames = manualFrames()
    let clock = 0
    const store = createLogStore(1_000, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule, now: () => clock })
    store.subscribe(() => (clock += 2))
    for (let i = 0; i < 3; i++) {
      clock = i * 3 // frames closer together than twice the render cost
      store.getState().actions.linesReceived(makeLines(1))
      frames.frame()
      await Promise.resolve()
      expect(store.getState().bufferSize).toBe(i + 1)
    }
  })

  it('counts the lines gap frames announced as missed, and gaps of unknown size apart', () => {
    const frames = manualFrames()
    const store = createLogStore(10, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule })
    const { gapReceived } = store.getState().actions
    gapReceived({ from: 1, to: 5, reason: 'evicted from the gateway buffer' })
    gapReceived({ from: 6, to: 6, count: 40, reason: 'dropped upstream' })
    gapReceived({ from: 9, to: 9, count: null, reason: 'the gateway restarted' })
    frames.frame()
    expect(store.getState().counters).toMatchObject({ missed: 45, missedUnknown: 1 })
  })

  it('spreads a burst over frames once a frame has spent its budget on new lines, keeping their order', () => {
    const frames = manualFrames()
    let clock = 0
    // Every reading of the clock moves it 1 ms, so the budget is spent after a few batches.
    const store = createLogStore(10_000, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule, now: () => (clock += 1) })
    const { linesReceived, gapReceived } = store.getState().actions
    const line = (seq: number): LogLine => ({ seq, ts: 't', level: 'info', source: 's', process: 'api', text: `l${seq}` })
    const expected: Array<number | string> = []
    for (let b = 0; b < 40; b++) {
      if (b === 20) {
        gapReceived({ from: 2_000, to: 2_009, reason: 'evicted' })
        expected.push('gap:2000-2009')
      }
      const batch = Array.from({ length: 100 }, (_, i) => line(b * 100 + i + (b >= 20 ? 10 : 0)))
      linesReceived(batch)
      expected.push(...batch.map((l) => l.seq))
    }
    frames.frame()
    const first = store.getState().view.length
    expect(first).toBeGreaterThan(0)
    expect(first).toBeLessThan(expected.length)
    let frameCount = 1
    while (frames.pending() > 0) {
      frames.frame()
      frameCount++
    }
    expect(frameCount).toBeGreaterThan(2)
    expect(rows(store.getState().view)).toEqual(expected)
  })

  it('never lets more than a buffer of lines wait, whatever the budget', () => {
    const frames = manualFrames()
    let clock = 0
    const store = createLogStore(1_000, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule, now: () => (clock += 50) })
    const all = makeLines(3_000)
    // No frame runs (a background tab): past a buffer's worth, lines are applied as they come.
    for (let i = 0; i < 3_000; i += 100) store.getState().actions.linesReceived(all.slice(i, i + 100))
    expect(store.getState().counters.received).toBeGreaterThanOrEqual(2_000)
    while (frames.pending() > 0) frames.frame()
    expect(store.getState().counters.received).toBe(3_000)
    expect(rows(store.getState().view)).toEqual(all.slice(-1_000).map((l) => l.seq))
  })

  it('keeps gap markers in place among lines, through filters and eviction', () => {
    const frames = manualFrames()
    const store = createLogStore(4, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule })
    const { linesReceived, gapReceived, filterChanged } = store.getState().actions
    const line = (seq: number, process = 'api'): LogLine => ({ seq, ts: 't', level: 'info', source: 's', process, text: `l${seq}` })
    linesReceived([line(1), line(2, 'db')])
    gapReceived({ from: 3, to: 9, reason: 'evicted' })
    linesReceived([line(10)])
    frames.frame()
    expect(rows(store.getState().view)).toEqual([1, 2, 'gap:3-9', 10])
    expect(store.getState().counters).toMatchObject({ received: 3, missed: 7, missedUnknown: 0 })
    filterChanged({ ...EMPTY_FILTER, processes: ['api'] })
    frames.frame()
    expect(rows(store.getState().view)).toEqual([1, 'gap:3-9', 10])
    linesReceived([line(11), line(12)])
    frames.frame()
    expect(rows(store.getState().view)).toEqual(['gap:3-9', 10, 11, 12])
    linesReceived([line(13)])
    frames.frame()
    expect(rows(store.getState().view)).toEqual(['gap:3-9', 10, 11, 12, 13])
    linesReceived([line(14)])
    frames.frame()
    expect(rows(store.getState().view)).toEqual([11, 12, 13, 14])
  })

  it('re-filters in chunks on a filter change, showing the newest matches first', () => {
    vi.useFakeTimers()
    const store = createLogStore(60_000, { frameBudgetMs: 0, countsEveryMs: 0, refilterSlice: 20_000 })
    const all = makeLines(50_000, random(3))
    store.getState().actions.linesReceived(all)
    vi.advanceTimersByTime(300)
    expect(store.getState().bufferSize).toBe(50_000)
    store.getState().actions.filterChanged(TIMEOUTS)
    vi.advanceTimersToNextTimer() // one frame
    const partial = store.getState().view
    expect(partial.refiltering).toBe(true)
    const expected = expectedSeqs(all, TIMEOUTS)
    expect(rows(partial)).toEqual(expected.slice(expected.length - partial.length))
    expect(partial.length).toBeLessThan(expected.length)
    vi.runAllTimers()
    expect(store.getState().view.refiltering).toBe(false)
    expect(rows(store.getState().view)).toEqual(expected)
  })

  it('stays exact when lines arrive and are evicted while a re-filter runs', () => {
    const frames = manualFrames()
    const store = createLogStore(1_000, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule, refilterSlice: 150 })
    const all = makeLines(2_000, random(9))
    store.getState().actions.linesReceived(all.slice(0, 1_000))
    frames.frame()
    store.getState().actions.filterChanged(TIMEOUTS)
    for (let i = 1_000; i < 2_000; i += 100) {
      store.getState().actions.linesReceived(all.slice(i, i + 100))
      frames.frame()
    }
    while (frames.pending() > 0) frames.frame()
    expect(rows(store.getState().view)).toEqual(expectedSeqs(all.slice(-1_000), TIMEOUTS))
  })

  it('re-filters between frames with a task scheduler; a published view keeps its rows while older ones are added', () => {
    const { store, frames, tasks, drain, startRefilter } = storeWithTasks(1_000, { refilterSlice: 100 })
    const all = makeLines(1_600, random(11))
    startRefilter(all.slice(0, 1_000))
    const published = store.getState().view
    const shown = rows(published)
    expect(published.refiltering).toBe(true)
    expect(tasks.pending()).toBe(1)
    tasks.frame() // older rows are added to the model's view, not yet published
    expect(rows(published)).toEqual(shown)
    const newest = shown.at(-1) as number
    expect(published.rowOfSeq(newest)).toBe(shown.length - 1)
    // Lines keep arriving (and evicting) while tasks and frames interleave.
    for (let i = 1_000; i < 1_600; i += 100) {
      store.getState().actions.linesReceived(all.slice(i, i + 100))
      tasks.frame()
      frames.frame()
    }
    drain()
    expect(store.getState().view.refiltering).toBe(false)
    expect(rows(store.getState().view)).toEqual(expectedSeqs(all.slice(-1_000), TIMEOUTS))
  })

  it('publishes a re-filter running between frames now and then, but new lines at once', () => {
    let clock = 0
    // Every reading of the clock moves it 1 ms: a task then runs a handful of slices before its budget is spent.
    const { store, frames, tasks, drain, startRefilter } = storeWithTasks(5_000, { refilterSlice: 10, now: () => (clock += 1) })
    const all = makeLines(5_001, random(13))
    store.getState().actions.screenMeasured(1)
    startRefilter(all.slice(0, 5_000))
    const first = store.getState().version
    expect(store.getState().view.refiltering).toBe(true)
    tasks.frame()
    frames.frame()
    expect(store.getState().version).toBe(first)
    clock += 100
    tasks.frame()
    frames.frame()
    const second = store.getState().version
    expect(second).toBeGreaterThan(first)
    expect(store.getState().view.refiltering).toBe(true)
    store.getState().actions.linesReceived(all.slice(5_000))
    frames.frame()
    expect(store.getState().version).toBeGreaterThan(second)
    expect(store.getState().newestSeq).toBe(all.at(-1)!.seq)
    drain()
    expect(store.getState().view.refiltering).toBe(false)
    expect(rows(store.getState().view)).toEqual(expectedSeqs(all.slice(-5_000), TIMEOUTS))
  })

  it('keeps a re-filter with a find inside frames (find matches are read by position)', () => {
    const { store, frames, tasks } = storeWithTasks(1_000, { refilterSlice: 100 })
    const all = makeLines(1_000, random(12))
    store.getState().actions.linesReceived(all)
    frames.frame()
    store.getState().actions.findChanged({ term: 'ok', regex: false, caseSensitive: false, exclude: false })
    store.getState().actions.filterChanged(TIMEOUTS)
    while (frames.pending() > 0) frames.frame()
    expect(tasks.pending()).toBe(0)
    expect(rows(store.getState().view)).toEqual(expectedSeqs(all, TIMEOUTS))
  })

  it('ignores the same filter applied again', () => {
    const frames = manualFrames()
    const store = createLogStore(100, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule })
    store.getState().actions.filterChanged(TIMEOUTS)
    frames.frame()
    const state = store.getState()
    store.getState().actions.filterChanged({ ...TIMEOUTS, search: { ...TIMEOUTS.search } })
    expect(store.getState()).toBe(state)
    expect(frames.pending()).toBe(0)
  })

  it('keeps the last valid search when a regex is invalid, still applying the other fields', () => {
    const frames = manualFrames()
    const store = createLogStore(100, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule })
    const { filterChanged, linesReceived } = store.getState().actions
    const all = makeLines(50, random(5))
    filterChanged(TIMEOUTS)
    linesReceived(all.slice(0, 30))
    frames.frame()
    const generation = store.getState().view.generation
    filterChanged({ ...TIMEOUTS, search: { term: '(oops', regex: true, caseSensitive: false, exclude: false } })
    expect(store.getState().filterError).toBeTruthy()
    expect(store.getState().filter.search.term).toBe('(oops')
    linesReceived(all.slice(30))
    frames.frame()
    expect(store.getState().view.generation).toBe(generation)
    expect(rows(store.getState().view)).toEqual(expectedSeqs(all, TIMEOUTS))
    filterChanged({ ...TIMEOUTS, minLevel: 'error', search: { term: '(oops', regex: true, caseSensitive: false, exclude: false } })
    frames.frame()
    expect(rows(store.getState().view)).toEqual(expectedSeqs(all, { ...TIMEOUTS, minLevel: 'error' }))
    filterChanged({ ...TIMEOUTS, search: { term: 'ok', regex: true, caseSensitive: false, exclude: false } })
    expect(store.getState().filterError).toBeNull()
  })

  it('records status, sources and clears', () => {
    const frames = manualFrames()
    const store = createLogStore(100, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule })
    const { statusChanged, sourceChanged, linesReceived, cleared } = store.getState().actions
    statusChanged({ state: 'open', attempt: 0, badFrames: 2 })
    sourceChanged({ id: 'local', kind: 'local', state: 'connected', lastError: null, linesPerSecond: 5, totalLines: 9, lastLineAt: null })
    expect(store.getState().status.state).toBe('open')
    expect(store.getState().counters.badFrames).toBe(2)
    expect(store.getState().sources.local?.linesPerSecond).toBe(5)
    linesReceived(makeLines(5))
    frames.frame()
    cleared()
    expect(store.getState().view.length).toBe(0)
    expect(store.getState().bufferSize).toBe(0)
    expect(store.getState().processCounts).toEqual({})
  })

  it('keeps the counters object through frames that change no counter (a re-filter), for what renders them', () => {
    const frames = manualFrames()
    const store = createLogStore(100, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule })
    store.getState().actions.linesReceived(makeLines(5))
    frames.frame()
    const counters = store.getState().counters
    store.getState().actions.filterChanged(TIMEOUTS)
    frames.frame()
    expect(store.getState().version).toBeGreaterThan(1)
    expect(store.getState().counters).toBe(counters)
    store.getState().actions.linesReceived(makeLines(2))
    frames.frame()
    expect(store.getState().counters).toEqual({ ...counters, received: 7 })
  })
})

describe('follow, pause and find in the store', () => {
  const mk = (seq: number, level: LogLine['level'] = 'info', text = `line ${seq}`): LogLine => ({ seq, ts: 't', level, source: 's', process: 'p', text })

  it('counts lines and errors that arrive while paused, keeps the pause point, and forgets both on going live', () => {
    const frames = manualFrames()
    const store = createLogStore(100, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule })
    const { linesReceived, followChanged } = store.getState().actions
    linesReceived([mk(1), mk(2)])
    frames.frame()
    followChanged('paused')
    expect(store.getState().pausedAt).toBe(2)
    linesReceived([mk(3), mk(4, 'error'), mk(5, 'fatal')])
    frames.frame()
    expect(store.getState().since).toMatchObject({ lines: 3, errors: 2 })
    followChanged('scrolled') // resumed from the pause point: the count goes on
    expect(store.getState().since).toMatchObject({ lines: 3 })
    expect(store.getState().pausedAt).toBeNull()
    followChanged('live')
    expect(store.getState().since).toBeNull()
  })

  it('finds without filtering, and keeps the last valid find when a regex is invalid', () => {
    const frames = manualFrames()
    const store = createLogStore(100, { frameBudgetMs: 0, countsEveryMs: 0, scheduleFrame: frames.schedule })
    const { linesReceived, findChanged } = store.getState().actions
    linesReceived([mk(1, 'info', 'GET /a'), mk(2, 'info', 'POST /b'), mk(3, 'info', 'GET /c')])
    findChanged({ term: 'get', regex: false, caseSensitive: false, exclude: false })
    frames.frame()
    expect(store.getState().view.length).toBe(3)
    expect(store.getState().findMatches.count).toBe(2)
    findChanged({ term: '(', regex: true, caseSensitive: false, exclude: false })
    frames.frame()
    expect(store.getState().findError).toBeTruthy()
    expect(store.getState().findMatches.count).toBe(2)
    linesReceived([mk(4, 'info', 'GET /d')])
    frames.frame()
    expect(store.getState().findMatches.count).toBe(3)
  })
})

describe('buffer size from the URL', () => {
  it('reads ?buffer= within bounds, else the default', async () => {
    const { bufferCapacityFromUrl, MAX_LOG_LINES: defaultLines, MAX_BUFFER_LINES } = await import('./log-store')
    expect(bufferCapacityFromUrl('?buffer=1000000')).toBe(1_000_000)
    expect(bufferCapacityFromUrl('?buffer=50')).toBe(1_000)
    expect(bufferCapacityFromUrl('?buffer=99999999')).toBe(MAX_BUFFER_LINES)
    expect(bufferCapacityFromUrl('?buffer=lots')).toBe(defaultLines)
    expect(bufferCapacityFromUrl('')).toBe(defaultLines)
  })
})

describe('re-filter pacing', () => {
  it('shows a filter change as soon as a screen of rows is found, newest first, then re-filters the rest', () => {
    const lines = makeLines(20_000, random(5))
    const expected = expectedSeqs(lines, TIMEOUTS)
    const frames = manualFrames()
    // A budget no frame spends: only the first screen's rule stops the first frame.
    const store = createLogStore(20_000, { scheduleFrame: frames.schedule, frameBudgetMs: 60_000, countsEveryMs: 0 })
    store.getState().actions.linesReceived(lines)
    frames.frame()
    store.getState().actions.screenMeasured(44.5)
    store.getState().actions.filterChanged(TIMEOUTS)
    frames.frame()
    const first = store.getState().view
    expect(first.refiltering).toBe(true)
    expect(first.length).toBeGreaterThanOrEqual(45)
    expect(first.length).toBeLessThan(expected.length / 2)
    expect(rows(first)).toEqual(expected.slice(expected.length - first.length))
    frames.frame()
    expect(store.getState().view.refiltering).toBe(false)
    expect(rows(store.getState().view)).toEqual(expected)
  })

  it('fills a first screen cut short on the next frames, then publishes the re-filter now and then', () => {
    let clock = 0
    // No frame budget and slices of 10 lines: the first frame finds a row or two, as a frame that lost its core would.
    const { store, frames, tasks, drain, startRefilter } = storeWithTasks(5_000, { refilterSlice: 10, now: () => (clock += 1) })
    const all = makeLines(5_000, random(14))
    store.getState().actions.screenMeasured(20)
    startRefilter(all)
    const counts = [store.getState().view.length]
    expect(counts[0]).toBeLessThan(20)
    // Well within the progress interval (clock += 1 per reading): each frame that found rows shows them, until a screen.
    while (store.getState().view.length < 20) {
      const version = store.getState().version
      tasks.frame()
      frames.frame()
      const { view } = store.getState()
      if (view.length > counts.at(-1)!) expect(store.getState().version).toBeGreaterThan(version)
      counts.push(view.length)
      expect(clock).toBeLessThan(100)
    }
    expect(counts.length).toBeGreaterThan(2)
    // A screen is shown: the rest of the re-filter is published every REFILTER_PUBLISH_MS again.
    const version = store.getState().version
    tasks.frame()
    frames.frame()
    expect(store.getState().version).toBe(version)
    drain()
    expect(rows(store.getState().view)).toEqual(expectedSeqs(all, TIMEOUTS))
  })

  it('runs several slices in one frame while the frame budget lasts, one slice per frame without it', () => {
    const lines = makeLines(1_000)
    const run = (frameBudgetMs: number) => {
      const frames = manualFrames()
      const store = createLogStore(2_000, { scheduleFrame: frames.schedule, refilterSlice: 100, frameBudgetMs, countsEveryMs: 0 })
      store.getState().actions.linesReceived(lines)
      frames.frame()
      store.getState().actions.filterChanged({ ...EMPTY_FILTER, minLevel: 'warn' })
      frames.frame() // the first screen
      frames.frame()
      return store.getState().view.refiltering
    }
    expect(run(0)).toBe(true)
    expect(run(60_000)).toBe(false)
  })
})

describe('toolbar counts', () => {
  it('publishes at most every countsEveryMs, and catches up once the stream goes quiet', () => {
    vi.useFakeTimers()
    const frames = manualFrames()
    const store = createLogStore(100, { scheduleFrame: frames.schedule, countsEveryMs: 250 })
    const mk = (seq: number, level: LogLine['level']): LogLine => ({ seq, ts: 't', level, source: 's', process: 'p', text: 'x' })
    store.getState().actions.linesReceived([mk(1, 'info')])
    frames.frame()
    expect(store.getState().levelCounts).toEqual({ info: 1 })
    store.getState().actions.linesReceived([mk(2, 'error')])
    frames.frame()
    expect(store.getState().view.length).toBe(2) // the lines are there at once
    expect(store.getState().levelCounts).toEqual({ info: 1 }) // the counts wait
    vi.advanceTimersByTime(300)
    expect(store.getState().levelCounts).toEqual({ info: 1, error: 1 })
  })
})
