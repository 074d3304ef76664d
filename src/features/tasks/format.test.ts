import { describe, expect, it } from 'vitest'
import { formatDuration, formatTime } from './format'

describe('formatTime', () => {
  const at = new Date(2026, 10, 23, 9, 5, 7) // local time
  const now = new Date(2026, 10, 23, 18, 0, 0).getTime()

  it('shows the time alone for today, in the viewer zone, and day and time for other days', () => {
    expect(formatTime(at.toISOString(), now)).toMatch(/^09:05:07$/)
    const yesterday = new Date(2026, 10, 22, 23, 59, 0)
    expect(formatTime(yesterday.toISOString(), now)).toMatch(/Nov.*22.*23:59/)
    // The day boundary moves with `now`: the same instant is "another day" seen from the next day.
    expect(formatTime(at.toISOString(), new Date(2026, 10, 24, 0, 0, 1).getTime())).toMatch(/Nov.*23.*09:05/)
  })

  it('shows a dash for no time and the text itself for an unreadable one', () => {
    expect(formatTime(null, now)).toBe('—')
    expect(formatTime('not a date', now)).toBe('not a date')
  })
})

describe('formatDuration', () => {
  it('ticks while running and is fixed once ended', () => {
    expect(formatDuration('2026-11-23T10:00:00.000Z', null, Date.parse('2026-11-23T10:00:05.500Z'))).toBe('5.5s')
    expect(formatDuration('2026-11-23T10:00:00.000Z', '2026-11-23T11:02:00.000Z', 0)).toBe('1h 02m')
    expect(formatDuration(null, null, 0)).toBe('—')
  })
})
