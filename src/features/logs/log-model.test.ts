import { LEVELS, type LogLine } from '@server/protocol'
import { describe, expect, it } from 'vitest'
import { compileFilter, EMPTY_FILTER } from './log-filter'
import { createLogModel, type LogModel } from './log-model'
import { compileSearch, EMPTY_SEARCH } from './search-term'

let seq = 1000
const mk = (text: string, patch: Partial<LogLine> = {}): LogLine => ({ seq: seq++, ts: 't', level: 'info', source: 'local', process: 'api', text, ...patch })
const finder = (term: string) => compileSearch({ ...EMPTY_SEARCH, term }).match

function matchedTexts(model: LogModel): string[] {
  const out: string[] = []
  for (let i = 0; i < model.matchCount(); i++) out.push(model.ring.getAbsolute(model.matchAt(i)!)!.text)
  return out
}
const drain = (step: () => boolean) => {
  while (!step()) {
    /* run every slice */
  }
}

describe('log model find', () => {
  it('finds incrementally in new lines exactly as a full pass over the view does', () => {
    const model = createLogModel(50)
    model.setFilter(compileFilter({ ...EMPTY_FILTER, minLevel: 'info' }))
    drain(() => model.refilterStep(7))
    model.setFind(finder('boom'))
    for (let i = 0; i < 120; i++) model.addLines([mk(i % 3 === 0 ? `boom ${i}` : `ok ${i}`, { level: LEVELS[i % LEVELS.length] })])
    const incremental = matchedTexts(model)
    model.setFind(finder('boom'))
    drain(() => model.findStep(9))
    expect(matchedTexts(model)).toEqual(incremental)
    expect(incremental.length).toBeGreaterThan(5)
    // Every match is a held line that passes the filter, in order.
    const view = model.snapshot()
    const viewTexts = Array.from({ length: view.length }, (_, i) => view.lineAt(i)?.text).filter((t) => t?.startsWith('boom'))
    expect(incremental).toEqual(viewTexts)
  })

  it('keeps matches in order when a filter change re-runs the find with the re-filter', () => {
    const model = createLogModel(100)
    for (let i = 0; i < 60; i++) model.addLines([mk(`line ${i} ${i % 4 === 0 ? 'needle' : ''}`, { process: i % 2 ? 'db' : 'api' })])
    model.setFind(finder('needle'))
    model.setFilter(compileFilter({ ...EMPTY_FILTER, processes: ['api'] }))
    model.setFind(finder('needle'))
    drain(() => model.refilterStep(5))
    drain(() => model.findStep(5))
    expect(matchedTexts(model)).toEqual(Array.from({ length: 15 }, (_, k) => `line ${k * 4} needle`))
  })

  it('locates a row by seq and by absolute index, through gaps', () => {
    const model = createLogModel(10)
    const lines = [mk('a'), mk('b'), mk('c')]
    model.addLines(lines)
    model.addGap({ from: 1, to: 2, count: 2, reason: 'x' })
    const later = mk('d')
    model.addLines([later])
    const view = model.snapshot()
    expect(view.rowOfSeq(lines[1]!.seq)).toBe(1)
    expect(view.rowOfSeq(later.seq)).toBe(4)
    expect(view.gapAt(3)).toMatchObject({ reason: 'x' })
    expect(view.rowOfSeq(999_999)).toBe(-1)
  })
})

describe('log model snapshots', () => {
  it('never reaches past the rows it was published with, though the model grows on', () => {
    const model = createLogModel(100)
    model.addLines([mk('a'), mk('b')])
    const view = model.snapshot()
    const later = mk('c')
    model.addLines([later])
    expect(view.length).toBe(2)
    expect(view.lineAt(2)).toBeUndefined()
    expect(view.rowOfSeq(later.seq)).toBe(-1)
    expect(view.rowOfAbs(2)).toBe(2) // "after every row": callers clamp, react-window would throw on it
    expect(model.snapshot().rowOfSeq(later.seq)).toBe(2)
  })
})

describe('log model counts', () => {
  it('counts what arrives after the mark, errors apart, and what was evicted unseen', () => {
    const model = createLogModel(5)
    model.addLines([mk('old'), mk('old')])
    model.setMark(true)
    model.addLines([mk('new'), mk('bad', { level: 'error' }), mk('worse', { level: 'fatal' })])
    expect(model.sinceMark()).toMatchObject({ lines: 3, errors: 2, evictedUnseen: 0 })
    model.addLines([mk('x'), mk('y'), mk('z'), mk('w')])
    expect(model.sinceMark()).toMatchObject({ lines: 7, errors: 2, evictedUnseen: 2 })
    model.setFilter(compileFilter({ ...EMPTY_FILTER, minLevel: 'error' }))
    expect(model.sinceMark()).toMatchObject({ lines: 1, errors: 1 })
    model.setMark(false)
    expect(model.sinceMark()).toBeNull()
  })

  it('keeps per-level and per-source counts of the held lines', () => {
    const model = createLogModel(3)
    model.addLines([mk('a', { level: 'warn', source: 'dmb' }), mk('b', { level: 'error' })])
    model.addLines([mk('c'), mk('d', { level: 'warn' })])
    expect(model.levelCounts()).toEqual({ warn: 1, error: 1, info: 1 })
    expect(model.sourceCounts()).toEqual({ dmb: 0, local: 3 })
  })
})
