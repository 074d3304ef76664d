import { describe, expect, it } from 'vitest'
import type { Task } from '@server/protocol'
import { badgeIcon, setTabBadge } from './tab-badge'
import { countNew, failedKeys } from './use-failure-badge'

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
