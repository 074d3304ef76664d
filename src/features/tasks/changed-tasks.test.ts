import { describe, expect, it } from 'vitest'
import type { Task } from '@server/protocol'
import { changedTasks, tellChanges } from './changed-tasks'

const task = (id: string, status = 'RUNNING'): Task => ({ source: 'local', id, name: id, status, createdAt: '2026-12-03T10:00:00.000Z', startedAt: null, endedAt: null })

describe('changedTasks', () => {
  const before = Array.from({ length: 200 }, (_, i) => task(`t${i}`))

  it('finds the replaced slots of a list in the same order', () => {
    const now = before.slice()
    now[3] = task('t3', 'COMPLETE')
    now[150] = task('t150', 'FAILED')
    expect(changedTasks(before, now)).toEqual({ added: [now[3], now[150]], removed: [before[3], before[150]] })
  })

  it('compares by membership when new tasks on top shift every slot', () => {
    const fresh = task('new')
    const now = [fresh, ...before.slice(0, -1)]
    const { added, removed } = changedTasks(before, now)
    expect(added).toEqual([fresh])
    expect(removed).toEqual([before[199]])
  })

  it('answers what the list was told, for that pair of lists only', () => {
    const now = before.slice()
    now[7] = task('t7', 'CANCELLED')
    const changes = { added: [now[7]!], removed: [before[7]!] }
    tellChanges(before, now, changes)
    expect(changedTasks(before, now)).toBe(changes)
    // Another list before it: worked out, not told.
    const other = before.slice()
    expect(changedTasks(other, now)).toEqual(changes)
    expect(changedTasks(other, now)).not.toBe(changes)
  })
})
