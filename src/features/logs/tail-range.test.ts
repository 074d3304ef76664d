import { describe, expect, it } from 'vitest'
import { tailItems } from './tail-range'

const indexes = (t: ReturnType<typeof tailItems>) => t.items.map((i) => i.index)

describe('tailItems', () => {
  it('covers the viewport from the last row up, plus the overscan, at index × height', () => {
    const tail = tailItems(1_000, 100, 20, 4)
    expect(indexes(tail)).toEqual([991, 992, 993, 994, 995, 996, 997, 998, 999])
    expect(tail.items[0]).toEqual({ index: 991, offset: 991 * 20, size: 20 })
    expect(tail.items.at(-1)).toEqual({ index: 999, offset: 999 * 20, size: 20 })
    expect(tail.totalSize).toBe(20_000)
  })

  it('rounds a partly visible row up, and starts at the first row when all rows fit', () => {
    expect(indexes(tailItems(1_000, 101, 20, 0))).toEqual([994, 995, 996, 997, 998, 999])
    expect(indexes(tailItems(3, 900, 20, 4))).toEqual([0, 1, 2])
  })

  it('renders nothing without rows, and at least the last row before the viewport is measured', () => {
    expect(tailItems(0, 900, 20, 4)).toEqual({ items: [], totalSize: 0 })
    expect(indexes(tailItems(10, 0, 20, 0))).toEqual([9])
  })

  it('reads only the tail rows’ heights when they vary, stacking them on the rest at restSize each', () => {
    const read: number[] = []
    const height = (i: number) => (read.push(i), i % 2 === 0 ? 60 : 20)
    const tail = tailItems(100_000, 100, height, 1, 20)
    // 99999 (20) + 99998 (60) + 99997 (20) reach 100 px; one more above for the overscan.
    expect(indexes(tail)).toEqual([99_996, 99_997, 99_998, 99_999])
    expect(read.sort()).toEqual([99_996, 99_997, 99_998, 99_999])
    expect(tail.items.map((i) => [i.offset, i.size])).toEqual([
      [99_996 * 20, 60],
      [99_996 * 20 + 60, 20],
      [99_996 * 20 + 80, 60],
      [99_996 * 20 + 140, 20],
    ])
    expect(tail.totalSize).toBe(99_996 * 20 + 160)
  })
})
