import { describe, expect, it } from 'vitest'
import { tailItems } from './tail-range'

describe('tailItems', () => {
  it('covers the viewport from the last row up, plus the overscan', () => {
    const items = tailItems(1_000, 100, 20, 4)
    expect(items.map((i) => i.index)).toEqual([991, 992, 993, 994, 995, 996, 997, 998, 999])
    expect(items[0]).toEqual({ index: 991, offset: 991 * 20, size: 20 })
  })

  it('rounds a partly visible row up, and starts at the first row when all rows fit', () => {
    expect(tailItems(1_000, 101, 20, 0).map((i) => i.index)).toEqual([994, 995, 996, 997, 998, 999])
    expect(tailItems(3, 900, 20, 4).map((i) => i.index)).toEqual([0, 1, 2])
  })

  it('renders nothing without rows, and at least the last row before the viewport is measured', () => {
    expect(tailItems(0, 900, 20, 4)).toEqual([])
    expect(tailItems(10, 0, 20, 0).map((i) => i.index)).toEqual([9])
  })
})
