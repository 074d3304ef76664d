import { describe, expect, it } from 'vitest'
import { createIsoStamp } from './iso-stamp.ts'

describe('createIsoStamp', () => {
  it('formats each millisecond as ISO UTC, whatever the order of calls', () => {
    const stamp = createIsoStamp()
    expect(stamp(0)).toBe('1970-01-01T00:00:00.000Z')
    expect(stamp(0)).toBe('1970-01-01T00:00:00.000Z')
    expect(stamp(1_795_000_000_123)).toBe(new Date(1_795_000_000_123).toISOString())
    expect(stamp(5)).toBe('1970-01-01T00:00:00.005Z')
  })
})
