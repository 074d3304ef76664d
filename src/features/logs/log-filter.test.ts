import type { LogLine } from '@server/protocol'
import { describe, expect, it } from 'vitest'
import { stripAnsi } from './ansi'
import { createLineRing } from './line-ring'
import { compileFilter, EMPTY_FILTER, filterFromSearchParams, filterToSearchParams, type LogFilter } from './log-filter'

const line = (patch: Partial<LogLine>): LogLine => ({ seq: 1, ts: 't', level: 'info', source: 's', process: 'api', text: '', ...patch })
type FilterPatch = Partial<Omit<LogFilter, 'search'>> & { search?: Partial<LogFilter['search']> }
const filter = (patch: FilterPatch): LogFilter => ({
  ...EMPTY_FILTER,
  ...patch,
  search: { ...EMPTY_FILTER.search, ...patch.search },
})

describe('compileFilter', () => {
  it('gives the same verdict on a line the ring holds as on the line itself', () => {
    const corpus: LogLine[] = []
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'] as const)
      for (const process of ['api', 'db'])
        for (const taskId of [undefined, 't1'])
          for (const marker of [undefined, 'gap', 'event'] as const)
            corpus.push(line({ seq: corpus.length, level, process, source: process === 'api' ? 'local' : 'beam', text: `\u001b[1m${level}\u001b[0m ${process}`, ...(taskId && { taskId }), ...(marker && { marker }) }))
    const ring = createLineRing(corpus.length)
    ring.push(corpus)
    const filters = [
      EMPTY_FILTER,
      filter({ processes: ['db'] }),
      filter({ sources: ['local'] }),
      filter({ taskId: 't1' }),
      filter({ minLevel: 'warn', hiddenLevels: ['error'] }),
      filter({ search: { term: 'fatal db' } }),
      filter({ search: { term: 'info', exclude: true }, processes: ['api'] }),
    ]
    for (const spec of filters) {
      const f = compileFilter(spec)
      const direct = corpus.map((l) => f.test(l))
      expect(corpus.map((l, abs) => f.testHeld(ring, abs, stripAnsi(l.text)))).toEqual(direct)
      expect(direct.some(Boolean) && (spec === EMPTY_FILTER || !direct.every(Boolean))).toBe(true)
    }
  })

  it('matches everything when empty', () => {
    const f = compileFilter(EMPTY_FILTER)
    expect(f.matchesAll).toBe(true)
    expect(f.test(line({ level: 'trace' }))).toBe(true)
  })

  it('filters by process', () => {
    const f = compileFilter(filter({ processes: ['api', 'db'] }))
    expect(f.test(line({ process: 'db' }))).toBe(true)
    expect(f.test(line({ process: 'web' }))).toBe(false)
  })

  it('filters by minimum level, with unknown ranked as info', () => {
    const f = compileFilter(filter({ minLevel: 'info' }))
    expect(f.test(line({ level: 'debug' }))).toBe(false)
    expect(f.test(line({ level: 'unknown' }))).toBe(true)
    expect(f.test(line({ level: 'fatal' }))).toBe(true)
    expect(compileFilter(filter({ minLevel: 'warn' })).test(line({ level: 'unknown' }))).toBe(false)
  })

  it('searches plain text case-insensitively by default, treating regex characters literally', () => {
    const f = compileFilter(filter({ search: { term: 'A.B' } }))
    expect(f.test(line({ text: 'xx a.b yy' }))).toBe(true)
    expect(f.test(line({ text: 'axb' }))).toBe(false)
  })

  it('matches case when asked', () => {
    const f = compileFilter(filter({ search: { term: 'Error', caseSensitive: true } }))
    expect(f.test(line({ text: 'an Error' }))).toBe(true)
    expect(f.test(line({ text: 'an error' }))).toBe(false)
  })

  it('searches with a regex, with and without case', () => {
    const f = compileFilter(filter({ search: { term: '^user \\d+$', regex: true } }))
    expect(f.test(line({ text: 'USER 42' }))).toBe(true)
    expect(f.test(line({ text: 'user x' }))).toBe(false)
    const cased = compileFilter(filter({ search: { term: '^user', regex: true, caseSensitive: true } }))
    expect(cased.test(line({ text: 'USER 42' }))).toBe(false)
  })

  it('strips ANSI before matching and prefers the cached plain text', () => {
    const f = compileFilter(filter({ search: { term: 'red alert' } }))
    expect(f.test(line({ text: '\x1b[31mred\x1b[0m alert' }))).toBe(true)
    expect(f.test(line({ text: 'ignored' }), 'red alert!')).toBe(true)
    expect(compileFilter(filter({ search: { term: '31m' } })).test(line({ text: '\x1b[31mx' }))).toBe(false)
  })

  it('combines process, level and search', () => {
    const f = compileFilter(filter({ processes: ['api'], minLevel: 'warn', search: { term: 'timeout' } }))
    expect(f.test(line({ level: 'error', text: 'db timeout' }))).toBe(true)
    expect(f.test(line({ level: 'info', text: 'db timeout' }))).toBe(false)
    expect(f.test(line({ level: 'error', text: 'db ok' }))).toBe(false)
    expect(f.test(line({ level: 'error', process: 'web', text: 'db timeout' }))).toBe(false)
  })

  it('filters by source and by task, and keeps gap markers whatever the filter', () => {
    const f = compileFilter(filter({ sources: ['feldera'], taskId: 't-7', minLevel: 'error' }))
    expect(f.test(line({ source: 'feldera', taskId: 't-7', level: 'error' }))).toBe(true)
    expect(f.test(line({ source: 'local', taskId: 't-7', level: 'error' }))).toBe(false)
    expect(f.test(line({ source: 'feldera', taskId: 't-8', level: 'error' }))).toBe(false)
    expect(f.test(line({ source: 'dmb', level: 'warn', marker: 'gap', text: '5 lines were lost upstream' }))).toBe(true)
  })

  it('hides levels switched off one by one, on top of the minimum', () => {
    const f = compileFilter(filter({ minLevel: 'info', hiddenLevels: ['warn'] }))
    expect(f.test(line({ level: 'info' }))).toBe(true)
    expect(f.test(line({ level: 'warn' }))).toBe(false)
    expect(f.test(line({ level: 'error' }))).toBe(true)
    expect(f.test(line({ level: 'debug' }))).toBe(false)
    expect(f.matchesAll).toBe(false)
  })

  it('excludes matching lines when asked, in plain and regex mode', () => {
    const plain = compileFilter(filter({ search: { term: 'health', exclude: true } }))
    expect(plain.test(line({ text: 'GET /health 200' }))).toBe(false)
    expect(plain.test(line({ text: 'GET /orders 500' }))).toBe(true)
    const re = compileFilter(filter({ search: { term: '^GET .* 2\\d\\d$', regex: true, exclude: true } }))
    expect(re.test(line({ text: 'GET /a 204' }))).toBe(false)
    expect(re.test(line({ text: 'GET /a 503' }))).toBe(true)
  })

  it('refuses a regex that would backtrack exponentially instead of hanging the tab', () => {
    const f = compileFilter(filter({ search: { term: '(a+)+$', regex: true } }))
    expect(f.error).toMatch(/exponential/)
    expect(f.test(line({ text: 'a'.repeat(40) + 'b' }))).toBe(true)
    expect(compileFilter(filter({ search: { term: '(x|y)*z', regex: true } })).error).toBeUndefined()
  })

  it('matches only the first part of a huge line', () => {
    const f = compileFilter(filter({ search: { term: 'needle$', regex: true } }))
    expect(f.test(line({ text: 'x'.repeat(20_000) + 'needle' }))).toBe(false)
    expect(f.test(line({ text: 'x'.repeat(200) + 'needle' }))).toBe(true)
  })

  it('reports an invalid regex instead of throwing', () => {
    const f = compileFilter(filter({ search: { term: '(unclosed', regex: true } }))
    expect(f.error).toMatch(/regular expression|unterminated|group/i)
  })
})

describe('filter ⇄ URL', () => {
  it('round-trips every field, including awkward process names', () => {
    const f = filter({
      sources: ['local', 'fel,dera'], processes: ['api', 'a,b', '100%'], taskId: 't-9', minLevel: 'warn', hiddenLevels: ['error'],
      search: { term: 'a b&c=d', regex: true, caseSensitive: true, exclude: true },
    })
    const params = filterToSearchParams(f)
    expect(params.get('proc')).toBe('api,a%2Cb,100%25')
    expect(filterFromSearchParams(new URLSearchParams(params.toString()))).toEqual(f)
  })

  it('writes the documented keys, omits defaults and keeps other parameters', () => {
    const params = filterToSearchParams(filter({ processes: ['a', 'b'], minLevel: 'warn', search: { term: 'x', regex: true } }), new URLSearchParams('tab=2&q=old&case=1'))
    expect(params.toString()).toBe('tab=2&q=x&proc=a%2Cb&level=warn&re=1')
    expect(filterToSearchParams(EMPTY_FILTER).toString()).toBe('')
  })

  it('ignores unknown levels and missing values', () => {
    expect(filterFromSearchParams(new URLSearchParams('level=loud&proc='))).toEqual(EMPTY_FILTER)
    expect(filterFromSearchParams(new URLSearchParams('level=error&case=1')).minLevel).toBe('error')
  })
})
