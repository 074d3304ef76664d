import { describe, expect, it } from 'vitest'
import { IndexDeque } from './index-deque'

const values = (d: IndexDeque) => Array.from({ length: d.length }, (_, i) => d.at(i))

describe('IndexDeque', () => {
  it('grows at both ends and tracks front removals in offset', () => {
    const d = new IndexDeque(16)
    for (let i = 10; i < 40; i++) d.pushBack(i)
    for (let i = 9; i >= 0; i--) d.pushFront(i)
    expect(values(d)).toEqual(Array.from({ length: 40 }, (_, i) => i))
    expect(d.offset).toBe(-10)
    d.popFront()
    d.popFront()
    expect(d.front()).toBe(2)
    expect(d.offset).toBe(-8)
    expect(d.at(-1)).toBeUndefined()
    expect(d.at(38)).toBeUndefined()
  })

  it('stays bounded when used as a sliding window', () => {
    const d = new IndexDeque(16)
    for (let i = 0; i < 10_000; i++) {
      d.pushBack(i)
      if (d.length > 8) d.popFront()
    }
    expect(values(d)).toEqual([9992, 9993, 9994, 9995, 9996, 9997, 9998, 9999])
    expect(d.offset).toBe(9992)
  })
})
