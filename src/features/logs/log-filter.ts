import { LEVEL_INDEX } from '@server/levels'
import { LEVEL_RANK, LEVELS, levelSchema, type Level, type LogLine } from '@server/protocol'
import { stripAnsi } from './ansi'
import type { HeldFields } from './line-ring'
import { compileSearch, EMPTY_SEARCH, type SearchSpec } from './search-term'

/** What the user asked to see. Empty lists mean "all". */
export type LogFilter = {
  sources: string[]
  processes: string[]
  /** Only lines of this task (set from the task table's "Show logs"). */
  taskId: string | null
  minLevel: Level | null
  /** Levels switched off one by one, on top of `minLevel`. */
  hiddenLevels: Level[]
  search: SearchSpec
}

/** A filter compiled once; `test` runs per line in the hot loop. */
export type CompiledFilter = {
  /** The test on a line the ring holds (absolute index `abs`), read field by field without building the line. */
  testHeld(ring: HeldFields, abs: number, plain: string): boolean
  /**
   * The same test on a line object. `plain` is the line's text with ANSI stripped; pass the cached copy, it is derived
   * from `line.text` otherwise.
   */
  test(line: LogLine, plain?: string): boolean
  /** Set when the search term is not a usable regex; `test` then ignores the search and callers keep the last valid one. */
  error?: string
  /** True when `test` accepts every line. */
  matchesAll: boolean
}

export const EMPTY_FILTER: LogFilter = { sources: [], processes: [], taskId: null, minLevel: null, hiddenLevels: [], search: EMPTY_SEARCH }

/** Reads the fields of one line object the way the ring's accessors read a held line's (`abs` is ignored). */
const oneLine: HeldFields & { line: LogLine } = {
  line: { seq: 0, ts: '', level: 'info', source: '', process: '', text: '' },
  seqAt: () => oneLine.line.seq,
  levelAt: () => oneLine.line.level,
  levelIndexAt: () => LEVEL_INDEX[oneLine.line.level],
  sourceAt: () => oneLine.line.source,
  processAt: () => oneLine.line.process,
  taskIdAt: () => oneLine.line.taskId,
  isGapMarkerAt: () => oneLine.line.marker === 'gap',
}

/** Compiles `filter` into one predicate; never throws (an invalid or hazardous regex is reported in `error`). */
export function compileFilter(filter: LogFilter): CompiledFilter {
  const sources = filter.sources.length > 0 ? new Set(filter.sources) : null
  const processes = filter.processes.length > 0 ? new Set(filter.processes) : null
  const { taskId } = filter
  const minRank = filter.minLevel === null ? -1 : LEVEL_RANK[filter.minLevel]
  const levelOk = LEVELS.map((l) => LEVEL_RANK[l] >= minRank && !filter.hiddenLevels.includes(l))
  const everyLevel = levelOk.every(Boolean)
  const { match, error } = compileSearch(filter.search)
  // Held lines are re-tested a million at a time (a filter change): a search-only filter skips the field reads.
  const fieldsOk = (ring: HeldFields, abs: number) =>
    (sources === null || sources.has(ring.sourceAt(abs))) &&
    (processes === null || processes.has(ring.processAt(abs))) &&
    (taskId === null || ring.taskIdAt(abs) === taskId) &&
    (everyLevel || levelOk[ring.levelIndexAt(abs)] === true)
  const onlySearch = sources === null && processes === null && taskId === null && everyLevel
  // Gap markers always show: hiding them would hide that lines are missing.
  const testHeld = onlySearch
    ? match === null
      ? () => true
      : (ring: HeldFields, abs: number, plain: string) => match(plain) || ring.isGapMarkerAt(abs)
    : (ring: HeldFields, abs: number, plain: string) => (fieldsOk(ring, abs) && (match === null || match(plain))) || ring.isGapMarkerAt(abs)
  // One predicate for both: a line not (yet) in a ring is read through `oneLine`.
  const test = (line: LogLine, plain?: string): boolean => {
    oneLine.line = line
    return testHeld(oneLine, 0, plain ?? stripAnsi(line.text))
  }
  return { test, testHeld, error, matchesAll: sources === null && processes === null && taskId === null && everyLevel && match === null }
}

const sameList = <T,>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i])

/** True when both filters select the same lines. */
export function sameFilter(a: LogFilter, b: LogFilter): boolean {
  return (
    a.minLevel === b.minLevel &&
    a.taskId === b.taskId &&
    a.search.term === b.search.term &&
    a.search.regex === b.search.regex &&
    a.search.caseSensitive === b.search.caseSensitive &&
    a.search.exclude === b.search.exclude &&
    sameList(a.processes, b.processes) &&
    sameList(a.sources, b.sources) &&
    sameList(a.hiddenLevels, b.hiddenLevels)
  )
}

// Names may contain commas: such names (and names with `%`) are percent-encoded inside the list.
const encodeName = (p: string) => (/[,%]/.test(p) ? encodeURIComponent(p) : p)
const decodeName = (p: string) => {
  try {
    return p.includes('%') ? decodeURIComponent(p) : p
  } catch {
    return p
  }
}
const readList = (value: string | null) => (value ? [...new Set(value.split(',').filter(Boolean).map(decodeName))] : [])

/**
 * Reads `?src=&proc=a,b&ltask=&level=warn&hide=debug&q=…&re=1&case=1&ex=1`; unknown or malformed values fall back
 * to "no filter".
 */
export function filterFromSearchParams(params: URLSearchParams): LogFilter {
  const level = levelSchema.safeParse(params.get('level'))
  return {
    sources: readList(params.get('src')),
    processes: readList(params.get('proc')),
    taskId: params.get('ltask') || null,
    minLevel: level.success && level.data !== 'unknown' ? level.data : null,
    hiddenLevels: readList(params.get('hide')).filter((l): l is Level => levelSchema.safeParse(l).success),
    search: {
      term: params.get('q') ?? '',
      regex: params.get('re') === '1',
      caseSensitive: params.get('case') === '1',
      exclude: params.get('ex') === '1',
    },
  }
}

/** Writes `filter` into a copy of `base` (other parameters are kept), omitting defaults so clean URLs stay clean. */
export function filterToSearchParams(filter: LogFilter, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const params = new URLSearchParams(base)
  const set = (key: string, value: string | null) => (value ? params.set(key, value) : params.delete(key))
  set('src', filter.sources.map(encodeName).join(','))
  set('proc', filter.processes.map(encodeName).join(','))
  set('ltask', filter.taskId)
  set('level', filter.minLevel)
  set('hide', filter.hiddenLevels.join(','))
  set('q', filter.search.term)
  set('re', filter.search.regex ? '1' : null)
  set('case', filter.search.caseSensitive ? '1' : null)
  set('ex', filter.search.exclude ? '1' : null)
  return params
}
