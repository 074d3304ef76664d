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

  it('fills a buffer sized up front from the back without growing, and still grows past it', () => {
    const d = new IndexDeque(1_000, 100)
    for (let i = 899; i >= 0; i--) d.pushFront(i)
    for (let i = 900; i < 1_000; i++) d.pushBack(i)
    expect(d.capacity).toBe(1_000)
    expect(values(d)).toEqual(Array.from({ length: 1_000 }, (_, i) => i))
    d.pushFront(-1)
    d.pushBack(1_000)
    expect(d.capacity).toBe(2_000)
    expect(values(d)).toEqual(Array.from({ length: 1_002 }, (_, i) => i - 1))
    expect(d.offset).toBe(-901)
  })
})
