import type { LogLine } from '@server/protocol'
import { describe, expect, it } from 'vitest'
import { createLineRing } from './line-ring'

const line = (seq: number): LogLine => ({ seq, ts: '2024-01-01T00:00:00.000Z', level: 'info', source: 's', process: 'p', text: `l${seq}` })
const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => line(from + i))
const seqs = (ring: ReturnType<typeof createLineRing>) => Array.from({ length: ring.size }, (_, i) => ring.get(i)?.seq)

describe('createLineRing', () => {
  it('holds lines in order below capacity', () => {
    const ring = createLineRing(5)
    expect(ring.push(lines(0, 3))).toBe(0)
    expect(ring.size).toBe(3)
    expect(ring.capacity).toBe(5)
    expect(seqs(ring)).toEqual([0, 1, 2])
    expect([ring.oldestSeq, ring.newestSeq]).toEqual([0, 2])
  })

  it('wraps around, evicting the oldest and counting evictions', () => {
    const ring = createLineRing(4)
    ring.push(lines(0, 3))
    expect(ring.push(lines(3, 3))).toBe(2)
    expect(seqs(ring)).toEqual([2, 3, 4, 5])
    expect(ring.push(lines(6, 1))).toBe(1)
    expect(seqs(ring)).toEqual([3, 4, 5, 6])
    expect(ring.evicted).toBe(3)
    expect([ring.oldestSeq, ring.newestSeq]).toEqual([3, 6])
  })

  it('keeps only the tail of a batch larger than the capacity', () => {
    const ring = createLineRing(3)
    ring.push(lines(0, 2))
    expect(ring.push(lines(2, 7))).toBe(6)
    expect(seqs(ring)).toEqual([6, 7, 8])
    expect(ring.evicted).toBe(6)
    expect(ring.pushed).toBe(9)
  })

  it('maps absolute indexes to held lines only', () => {
    const ring = createLineRing(3)
    ring.push(lines(100, 5))
    expect(ring.start).toBe(2)
    expect(ring.getAbsolute(1)).toBeUndefined()
    expect(ring.getAbsolute(2)?.seq).toBe(102)
    expect(ring.getAbsolute(4)?.seq).toBe(104)
    expect(ring.getAbsolute(5)).toBeUndefined()
    expect(ring.get(-1)).toBeUndefined()
    expect(ring.get(3)).toBeUndefined()
  })

  it('clears without counting evictions and keeps absolute indexes increasing', () => {
    const ring = createLineRing(3)
    ring.push(lines(0, 4))
    ring.clear()
    expect(ring.size).toBe(0)
    expect(ring.oldestSeq).toBeUndefined()
    expect(ring.evicted).toBe(1)
    ring.push(lines(10, 2))
    expect(seqs(ring)).toEqual([10, 11])
    expect(ring.start).toBe(4)
  })

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => createLineRing(0)).toThrow(RangeError)
    expect(() => createLineRing(1.5)).toThrow(RangeError)
  })
})
