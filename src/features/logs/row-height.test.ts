import { describe, expect, it } from 'vitest'
import { wrappedRows } from './row-height'

describe('wrappedRows', () => {
  it('counts one row per started perLine characters of each line', () => {
    expect(wrappedRows('', 10)).toBe(1)
    expect(wrappedRows('x'.repeat(10), 10)).toBe(1)
    expect(wrappedRows('x'.repeat(11), 10)).toBe(2)
    expect(wrappedRows('x'.repeat(25), 10)).toBe(3)
  })

  it('starts a row at each newline, empty lines included, but not after a trailing one', () => {
    expect(wrappedRows('a\nb', 10)).toBe(2)
    expect(wrappedRows('a\n\nb', 10)).toBe(3)
    expect(wrappedRows('a\n', 10)).toBe(1)
    expect(wrappedRows(`${'x'.repeat(15)}\n${'y'.repeat(5)}\n`, 10)).toBe(3)
  })
})
