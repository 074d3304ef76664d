import { describe, expect, it } from 'vitest'
import { FAST_POLL_MS, HIDDEN_FAST_POLL_MS, HIDDEN_SLOW_POLL_MS, pollInterval, SLOW_POLL_MS } from './task-queries'

describe('pollInterval', () => {
  const running = [{ status: 'COMPLETE' }, { status: 'RUNNING' }]
  const done = [{ status: 'COMPLETE' }, { status: 'ERROR' }, { status: 'CANCELLED' }]

  it('polls fast (at most 2 s) while a task is in flight', () => {
    expect(pollInterval(running, { hidden: false })).toBe(FAST_POLL_MS)
    expect(FAST_POLL_MS).toBeLessThanOrEqual(2_000)
  })

  it('slows down once everything is terminal', () => {
    expect(pollInterval(done, { hidden: false })).toBe(SLOW_POLL_MS)
    expect(SLOW_POLL_MS).toBeGreaterThan(FAST_POLL_MS)
  })

  it('counts an unknown status as in flight', () => {
    expect(pollInterval([{ status: 'QUEUED_ELSEWHERE' }], { hidden: false })).toBe(FAST_POLL_MS)
  })

  it('keeps polling in a background tab, more slowly', () => {
    expect(pollInterval(running, { hidden: true })).toBe(HIDDEN_FAST_POLL_MS)
    expect(pollInterval(done, { hidden: true })).toBe(HIDDEN_SLOW_POLL_MS)
    expect(HIDDEN_FAST_POLL_MS).toBeGreaterThan(FAST_POLL_MS)
  })

  it('polls slowly before the first answer', () => {
    expect(pollInterval(undefined, { hidden: false })).toBe(SLOW_POLL_MS)
  })
})
