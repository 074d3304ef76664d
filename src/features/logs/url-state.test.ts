import { describe, expect, it } from 'vitest'
import { EMPTY_FILTER } from './log-filter'
import { readUrlState, writeUrlState, type UrlViewState } from './url-state'

describe('view state ⇄ URL', () => {
  it('round-trips filters, find, pause point, selected line, zone, wrap and theme', () => {
    const state: UrlViewState = {
      filter: { ...EMPTY_FILTER, sources: ['fd'], processes: ['api'], taskId: 't-3', minLevel: 'warn', hiddenLevels: ['fatal'], search: { term: 'timeout', regex: true, caseSensitive: false, exclude: true } },
      find: { term: 'req=a1', regex: false, caseSensitive: true, exclude: false },
      pausedAt: 1795452191598054,
      line: 1795452191598050,
      timeZone: 'local',
      wrap: true,
      theme: 'light',
    }
    const params = writeUrlState(state, new URLSearchParams('task=t-9&tsort=name'))
    expect(params.get('task')).toBe('t-9') // the task table's own keys are kept
    expect(readUrlState(new URLSearchParams(params.toString()))).toEqual(state)
  })

  it('writes nothing for the defaults and ignores malformed numbers', () => {
    const defaults = readUrlState(new URLSearchParams(''))
    expect(writeUrlState(defaults, new URLSearchParams()).toString()).toBe('')
    expect(readUrlState(new URLSearchParams('line=abc&pause=-3'))).toMatchObject({ line: null, pausedAt: null })
  })
})
