import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { clockNow, subscribeClock, TICK_MS } from './clock'

beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-03T10:00:00.000Z') }))
afterEach(() => vi.useRealTimers())

describe('the task clock', () => {
  it('ticks every second for its listeners, with one timer however many listen, and stops with the last one', () => {
    const a = vi.fn()
    const b = vi.fn()
    const offA = subscribeClock(a)
    const offB = subscribeClock(b)
    expect(vi.getTimerCount()).toBe(1)
    const start = clockNow()
    vi.advanceTimersByTime(TICK_MS * 3)
    expect(a).toHaveBeenCalledTimes(3)
    expect(b).toHaveBeenCalledTimes(3)
    expect(clockNow() - start).toBe(TICK_MS * 3)
    offA()
    vi.advanceTimersByTime(TICK_MS)
    expect(a).toHaveBeenCalledTimes(3)
    expect(b).toHaveBeenCalledTimes(4)
    offB()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('with no listener, is brought up to date on read but answers the same within a tick (React reads it twice)', () => {
    subscribeClock(() => undefined)() // no timer left running
    const first = clockNow()
    vi.advanceTimersByTime(TICK_MS - 1)
    expect(clockNow()).toBe(first)
    vi.advanceTimersByTime(60_000)
    expect(clockNow()).toBe(Date.now())
    expect(clockNow()).toBe(clockNow())
  })
})
