import { describe, expect, it } from 'vitest'
import { describeStatus } from './connection-status'

describe('describeStatus', () => {
  const now = 1_000_000
  it('describes each connection state', () => {
    expect(describeStatus({ state: 'open', attempt: 0, badFrames: 0 }, now)).toBe('Live')
    expect(describeStatus({ state: 'connecting', attempt: 0, badFrames: 0 }, now)).toBe('Connecting…')
    expect(describeStatus({ state: 'closed', attempt: 0, badFrames: 0 }, now)).toBe('Disconnected')
  })

  it('counts down to the next attempt', () => {
    expect(describeStatus({ state: 'reconnecting', attempt: 2, retryAt: now + 2_100, badFrames: 0 }, now)).toBe('Reconnecting in 3s (attempt 2)')
    expect(describeStatus({ state: 'reconnecting', attempt: 2, badFrames: 0 }, now)).toBe('Reconnecting… (attempt 2)')
  })

  it('mentions dropped frames', () => {
    expect(describeStatus({ state: 'open', attempt: 0, badFrames: 1 }, now)).toBe('Live · 1 bad frame')
    expect(describeStatus({ state: 'open', attempt: 0, badFrames: 4 }, now)).toBe('Live · 4 bad frames')
  })
})
