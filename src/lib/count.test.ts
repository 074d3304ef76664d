import { describe, expect, it } from 'vitest'
import { compactCount, countOf, formatCount, WIDEST_COMPACT_COUNT } from './count'

describe('formatCount and countOf', () => {
  it('groups thousands the same way whatever the page locale, and picks the noun by the count', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(1_234_567)).toBe('1,234,567')
    expect(countOf(1, 'line')).toBe('1 line')
    expect(countOf(0, 'line')).toBe('0 lines')
    expect(countOf(12_345, 'new line')).toBe('12,345 new lines')
    expect(countOf(2, 'match', 'matches')).toBe('2 matches')
  })
})

describe('compactCount', () => {
  it('keeps compact counts within their width, from 0 to past a full buffer', () => {
    expect([0, 929, 1_234, 12_345, 99_999, 123_456, 999_999, 1_234_567, 2_000_000].map(compactCount)).toEqual([
      '0', '929', '1.23K', '12.3K', '100K', '123K', '1M', '1.23M', '2M',
    ])
    for (let n = 1; n < 1e8; n = Math.ceil(n * 1.37)) expect(compactCount(n).length).toBeLessThanOrEqual(WIDEST_COMPACT_COUNT.length)
  })
})
