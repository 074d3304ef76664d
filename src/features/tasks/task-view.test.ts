import { describe, expect, it } from 'vitest'
import type { Task } from '@server/protocol'
import { createTaskViewSelector, DEFAULT_SORT, selectTaskView, SORT_KEYS, type TaskViewFilter } from './task-view'

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

describe('createTaskViewSelector', () => {
  const STATUSES = ['PENDING', 'RUNNING', 'COMPLETE', 'FAILED', 'CANCELLED', 'TIMEOUT', 'RETRY', 'SOMETHING_NEW']
  function rand(seed: number) {
    return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  }
  const make = (r: () => number, i: number): Task => ({
    source: r() < 0.2 ? 'beta9' : 'local', id: `t${Math.floor(r() * 400)}-${i}`, name: ['train', 'etl', 'serve'][Math.floor(r() * 3)]!,
    status: STATUSES[Math.floor(r() * STATUSES.length)]!, createdAt: `2026-11-23T10:${String(Math.floor(r() * 60)).padStart(2, '0')}:00.000Z`,
    startedAt: r() < 0.3 ? null : '2026-11-23T10:00:00.000Z', endedAt: r() < 0.5 ? null : '2026-11-23T11:00:00.000Z',
    ...(r() < 0.3 && { failureReason: 'OOM' }),
  })

  it('gives what selectTaskView gives, poll after poll, for every sort and filter', () => {
    const filters: TaskViewFilter[] = [{ statuses: [], q: '' }, { statuses: ['failed', 'running'], q: '' }, { statuses: [], q: 'TRAIN' }]
    for (const key of SORT_KEYS) for (const dir of ['asc', 'desc'] as const) for (const filter of filters) {
      const r = rand(key.length * 31 + dir.length + filter.q.length)
      const select = createTaskViewSelector()
      let tasks = Array.from({ length: 300 }, (_, i) => make(r, i))
      for (let poll = 0; poll < 8; poll++) {
        // A poll: a few tasks change status, some are new on top, some drop off the end.
        tasks = tasks.map((t) => (r() < 0.05 ? { ...t, status: STATUSES[Math.floor(r() * STATUSES.length)]! } : t))
        tasks = [...Array.from({ length: Math.floor(r() * 4) }, (_, i) => make(r, 1000 + poll * 10 + i)), ...tasks.slice(0, 300 - Math.floor(r() * 3))]
        const sort = { key, dir }
        const fast = select(tasks, filter, sort, 5)
        expect(fast).toEqual(selectTaskView(tasks, filter, sort, 5))
      }
    }
  })

  it('returns the same view for the same tasks, and starts over when the sort or the filter changes', () => {
    const r = rand(3)
    const tasks = Array.from({ length: 50 }, (_, i) => make(r, i))
    const select = createTaskViewSelector()
    const first = select(tasks, { statuses: [], q: '' }, DEFAULT_SORT, 0)
    expect(select(tasks, { statuses: [], q: '' }, DEFAULT_SORT, 0)).toBe(first)
    expect(select(tasks, { statuses: [], q: '' }, { key: 'name', dir: 'asc' }, 0)).toEqual(selectTaskView(tasks, { statuses: [], q: '' }, { key: 'name', dir: 'asc' }, 0))
  })
})
