import { describe, expect, it } from 'vitest'
import type { Task } from '@server/protocol'
import { DEFAULT_SORT, selectTaskView } from './task-view'

const task = (id: string, over: Partial<Task> = {}): Task => ({
  source: 'demo', id, name: `job-${id}`, status: 'COMPLETE', createdAt: `2025-01-01T00:00:0${id}.000Z`, startedAt: null, endedAt: null, ...over,
})

const tasks = [
  task('1', { status: 'RUNNING', name: 'train-model', startedAt: '2025-01-01T00:00:01.000Z' }),
  task('2', { status: 'ERROR', failureReason: 'exit code 2' }),
  task('3', { status: 'FAILED', name: 'ingest' }),
  task('4', { status: 'SOMETHING_NEW' }),
  task('5', { status: 'COMPLETE', startedAt: '2025-01-01T00:00:05.000Z', endedAt: '2025-01-01T00:00:09.000Z' }),
]
const all = { statuses: [], q: '' }

describe('selectTaskView', () => {
  it('sorts newest first by default and keeps unknown statuses', () => {
    const view = selectTaskView(tasks, all, DEFAULT_SORT, 0)
    expect(view.rows.map((t) => t.id)).toEqual(['5', '4', '3', '2', '1'])
    expect(view.counts.unknown).toBe(1)
  })

  it('counts ERROR and FAILED together as failed and filters by chip', () => {
    const view = selectTaskView(tasks, { statuses: ['failed'], q: '' }, DEFAULT_SORT, 0)
    expect(view.counts.failed).toBe(2)
    expect(view.rows.map((t) => t.id)).toEqual(['3', '2'])
    // counts stay those of every status, so the other chips still say what they would show
    expect(view.counts.running).toBe(1)
  })

  it('searches id and name, case-insensitively, and counts only the matches', () => {
    const view = selectTaskView(tasks, { statuses: [], q: ' TRAIN ' }, DEFAULT_SORT, 0)
    expect(view.rows.map((t) => t.id)).toEqual(['1'])
    expect(view.matching).toBe(1)
    expect(view.counts.failed).toBe(0)
  })

  it('sorts by status with live work first, and by duration measured at the poll time', () => {
    expect(selectTaskView(tasks, all, { key: 'status', dir: 'asc' }, 0).rows[0]?.id).toBe('1')
    const byDuration = selectTaskView(tasks, all, { key: 'duration', dir: 'desc' }, Date.parse('2025-01-01T00:01:00.000Z'))
    expect(byDuration.rows.slice(0, 2).map((t) => t.id)).toEqual(['1', '5'])
  })

  it('sorts by failure reason and name in both directions', () => {
    expect(selectTaskView(tasks, all, { key: 'failure', dir: 'desc' }, 0).rows[0]?.id).toBe('2')
    expect(selectTaskView(tasks, all, { key: 'name', dir: 'asc' }, 0).rows.at(-1)?.name).toBe('train-model')
  })
})
