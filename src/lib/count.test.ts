import { describe, expect, it } from 'vitest'
import { countOf, formatCount } from './count'

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
