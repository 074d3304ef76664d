import { LEVEL_RANK, levelSchema, type Level, type LogLine } from '@server/protocol'
import { stripAnsi } from './ansi'

/** What the user asked to see. Empty `processes` means every process. */
export type LogFilter = {
  processes: string[]
  minLevel: Level | null
  search: { term: string; regex: boolean; caseSensitive: boolean }
}

/** A filter compiled once; `test` runs per line in the hot loop. */
export type CompiledFilter = {
  /** `plain` is the line's text with ANSI stripped; pass the cached copy, it is derived from `line.text` otherwise. */
  test(line: LogLine, plain?: string): boolean
  /** Set when the search term is not a valid regex; `test` then ignores the search and callers keep the last valid filter. */
  error?: string
  /** True when `test` accepts every line. */
  matchesAll: boolean
}

export const EMPTY_FILTER: LogFilter = { processes: [], minLevel: null, search: { term: '', regex: false, caseSensitive: false } }

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Compiles `filter` into one predicate; never throws (an invalid regex is reported in `error`). */
export function compileFilter(filter: LogFilter): CompiledFilter {
  const processes = filter.processes.length > 0 ? new Set(filter.processes) : null
  const minRank = filter.minLevel === null ? -1 : LEVEL_RANK[filter.minLevel]
  const { term, regex, caseSensitive } = filter.search
  let match: ((plain: string) => boolean) | null = null
  let error: string | undefined
  if (term !== '') {
    if (!regex && caseSensitive) {
      match = (plain) => plain.includes(term)
    } else {
      try {
        // Case-insensitive plain search goes through an escaped regex: `i` matching is faster than lowercasing each line.
        const re = new RegExp(regex ? term : escapeRegExp(term), caseSensitive ? '' : 'i')
        match = (plain) => re.test(plain)
      } catch (e) {
        error = e instanceof Error ? e.message : String(e)
      }
    }
  }
  const test = (line: LogLine, plain?: string): boolean =>
    (processes === null || processes.has(line.process)) &&
    LEVEL_RANK[line.level] >= minRank &&
    (match === null || match(plain ?? stripAnsi(line.text)))
  return { test, error, matchesAll: processes === null && minRank <= 0 && match === null }
}

/** True when both filters select the same lines. */
export function sameFilter(a: LogFilter, b: LogFilter): boolean {
  return (
    a.minLevel === b.minLevel &&
    a.search.term === b.search.term &&
    a.search.regex === b.search.regex &&
    a.search.caseSensitive === b.search.caseSensitive &&
    a.processes.length === b.processes.length &&
    a.processes.every((p, i) => p === b.processes[i])
  )
}

// Process names may contain commas: such names (and names with `%`) are percent-encoded inside the list.
const encodeProcess = (p: string) => (/[,%]/.test(p) ? encodeURIComponent(p) : p)
const decodeProcess = (p: string) => {
  try {
    return p.includes('%') ? decodeURIComponent(p) : p
  } catch {
    return p
  }
}

/** Reads `?proc=a,b&level=warn&q=…&re=1&case=1`; unknown or malformed values fall back to "no filter". */
export function filterFromSearchParams(params: URLSearchParams): LogFilter {
  const proc = params.get('proc')
  const level = levelSchema.safeParse(params.get('level'))
  return {
    processes: proc ? [...new Set(proc.split(',').filter(Boolean).map(decodeProcess))] : [],
    minLevel: level.success && level.data !== 'unknown' ? level.data : null,
    search: { term: params.get('q') ?? '', regex: params.get('re') === '1', caseSensitive: params.get('case') === '1' },
  }
}

/** Writes `filter` into a copy of `base` (other parameters are kept), omitting defaults so clean URLs stay clean. */
export function filterToSearchParams(filter: LogFilter, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const params = new URLSearchParams(base)
  const set = (key: string, value: string | null) => (value ? params.set(key, value) : params.delete(key))
  set('proc', filter.processes.map(encodeProcess).join(','))
  set('level', filter.minLevel)
  set('q', filter.search.term)
  set('re', filter.search.regex ? '1' : null)
  set('case', filter.search.caseSensitive ? '1' : null)
  return params
}
