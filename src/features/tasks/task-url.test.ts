import { describe, expect, it } from 'vitest'
import { readTaskUrlState, writeTaskUrlState } from './task-url'
import { DEFAULT_SORT } from './task-view'

describe('task URL state', () => {
  it('round-trips sort, status chips, search and the open task', () => {
    const state = { sort: { key: 'duration', dir: 'desc' } as const, statuses: ['failed', 'running'] as const, q: 'train', task: { source: 'demo', id: 'a/b' } }
    const params = writeTaskUrlState({ ...state, statuses: [...state.statuses] }, new URLSearchParams())
    expect(params.toString()).toBe('tsort=-duration&tstatus=failed%2Crunning&tq=train&task=demo%2Fa%2Fb')
    expect(readTaskUrlState(params)).toEqual({ ...state, statuses: ['failed', 'running'] })
  })

  it('keeps the log viewer’s parameters and drops defaults', () => {
    const params = writeTaskUrlState(
      { sort: DEFAULT_SORT, statuses: [], q: '', task: null },
      new URLSearchParams('proc=api&level=warn&q=timeout&tq=old&tstatus=failed'),
    )
    expect(params.toString()).toBe('proc=api&level=warn&q=timeout')
  })

  it('ignores unknown sort keys, statuses and malformed task refs', () => {
    expect(readTaskUrlState(new URLSearchParams('tsort=-nope&tstatus=failed,bogus&task=nosource'))).toEqual({
      sort: DEFAULT_SORT, statuses: ['failed'], q: '', task: null,
    })
  })
})
