import { filterFromSearchParams, filterToSearchParams } from './log-filter'
import type { SearchSpec } from './search-term'
import type { ViewState } from './view-state'

const num = (v: string | null) => (v !== null && /^\d+$/.test(v) ? Number(v) : null)

/** Everything a copied link reproduces: filters, find, pause point, selected line, time zone, wrap, theme. */
export type UrlViewState = {
  filter: ReturnType<typeof filterFromSearchParams>
  find: SearchSpec
  pausedAt: number | null
  line: number | null
  timeZone: ViewState['timeZone']
  wrap: boolean
  theme: ViewState['theme']
}

export function readUrlState(params: URLSearchParams): UrlViewState {
  return {
    filter: filterFromSearchParams(params),
    find: { term: params.get('find') ?? '', regex: params.get('fre') === '1', caseSensitive: params.get('fcase') === '1', exclude: false },
    pausedAt: num(params.get('pause')),
    line: num(params.get('line')),
    timeZone: params.get('tz') === 'local' ? 'local' : 'utc',
    wrap: params.get('wrap') === '1',
    theme: params.get('theme') === 'light' ? 'light' : 'dark',
  }
}

/** Writes `state` into a copy of `base`, keeping other parameters and omitting defaults. */
export function writeUrlState(state: UrlViewState, base: URLSearchParams): URLSearchParams {
  const params = filterToSearchParams(state.filter, base)
  const set = (key: string, value: string | null) => (value ? params.set(key, value) : params.delete(key))
  set('find', state.find.term)
  set('fre', state.find.term && state.find.regex ? '1' : null)
  set('fcase', state.find.term && state.find.caseSensitive ? '1' : null)
  set('pause', state.pausedAt === null ? null : String(state.pausedAt))
  set('line', state.line === null ? null : String(state.line))
  set('tz', state.timeZone === 'local' ? 'local' : null)
  set('wrap', state.wrap ? '1' : null)
  set('theme', state.theme === 'light' ? 'light' : null)
  return params
}
