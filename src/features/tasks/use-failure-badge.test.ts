import { describe, expect, it } from 'vitest'
import type { Task } from '@server/protocol'
import { badgeIcon, setTabBadge } from './tab-badge'
import { advanceFailed, countNew, failedKeys } from './use-failure-badge'

const task = (id: string, status: string): Task => ({ source: 'demo', id, name: id, status, createdAt: '', startedAt: null, endedAt: null })

describe('failure badge', () => {
  it('counts only failures that were not failures in the previous poll', () => {
    const before = failedKeys([task('a', 'FAILED'), task('b', 'RUNNING'), task('c', 'RUNNING')])
    const after = failedKeys([task('a', 'FAILED'), task('b', 'ERROR'), task('c', 'TIMEOUT'), task('d', 'EXPIRED'), task('e', 'CANCELLED')])
    expect(countNew(before, after)).toBe(3)
  })

  it('does not count cancelled, complete or unknown statuses', () => {
    expect(failedKeys([task('a', 'CANCELLED'), task('b', 'COMPLETE'), task('c', 'HUH')]).size).toBe(0)
  })

  it('writes the count into the title and favicon and restores both at zero', () => {
    document.title = 'Tailboard'
    setTabBadge(3)
    expect(document.title).toBe('(3) Tailboard')
    expect(document.querySelector('link[rel~="icon"]')?.getAttribute('href')).toBe(badgeIcon(3))
    setTabBadge(0)
    expect(document.title).toBe('Tailboard')
  })
})

describe('advanceFailed', () => {
  it('counts the same new failures as comparing every failed key, poll after poll', () => {
    let seed = 11
    const r = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const STATUSES = ['RUNNING', 'FAILED', 'ERROR', 'COMPLETE', 'TIMEOUT', 'CANCELLED']
    const make = (id: string) => task(id, STATUSES[Math.floor(r() * STATUSES.length)]!)
    let tasks = Array.from({ length: 200 }, (_, i) => make(`t${i}`))
    const known = failedKeys(tasks)
    for (let poll = 0; poll < 30; poll++) {
      const before = tasks
      tasks = tasks.map((t) => (r() < 0.05 ? { ...t, status: STATUSES[Math.floor(r() * STATUSES.length)]! } : t))
      // some polls bring new tasks on top and drop old ones (a limit), which shifts every slot
      if (r() < 0.3) tasks = [make(`n${poll}`), ...tasks.slice(0, -1)]
      const expected = countNew(failedKeys(before), failedKeys(tasks))
      expect(advanceFailed(known, before, tasks)).toBe(expected)
      expect([...known].sort()).toEqual([...failedKeys(tasks)].sort())
    }
  })
})
