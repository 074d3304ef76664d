import { describe, expect, it } from 'vitest'
import { createSourceStats } from './source-stats.ts'

describe('createSourceStats', () => {
  it('reports lines per second over the last complete seconds, forgetting seconds that are past the window', () => {
    let clock = 1_000_000
    const stats = createSourceStats('api', 'local', () => clock)
    stats.counted(50) // second 1000: still filling, not counted yet
    expect(stats.info().linesPerSecond).toBe(0)
    clock += 1_000
    stats.counted(30)
    expect(stats.info().linesPerSecond).toBe(10) // 50 over the 5-second window
    clock += 1_000
    expect(stats.info().linesPerSecond).toBe(16) // (50 + 30) / 5
    clock += 10_000 // a quiet spell longer than the window
    expect(stats.info().linesPerSecond).toBe(0)
    stats.counted(5)
    clock += 1_000
    expect(stats.info()).toMatchObject({ linesPerSecond: 1, totalLines: 85, lastLineAt: new Date(1_012_000).toISOString() })
  })

  it('says whether a state change shows, and clears the error once connected', () => {
    const stats = createSourceStats('beam', 'beam', () => 0)
    expect(stats.info()).toMatchObject({ state: 'connecting', lastError: null, lastLineAt: null })
    expect(stats.stateChanged('error', 'HTTP 503 from upstream')).toBe(true)
    expect(stats.stateChanged('error', 'HTTP 503 from upstream')).toBe(false)
    expect(stats.stateChanged('reconnecting')).toBe(true)
    expect(stats.info()).toMatchObject({ state: 'reconnecting', lastError: 'HTTP 503 from upstream' })
    expect(stats.stateChanged('connected')).toBe(true)
    expect(stats.info().lastError).toBeNull()
  })

  it('adds up lines dropped upstream', () => {
    const stats = createSourceStats('dmb', 'dmb', () => 0)
    stats.dropped(3)
    stats.dropped(4)
    expect(stats.info().droppedLines).toBe(7)
  })
})
