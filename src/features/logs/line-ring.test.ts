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

  it('gives back every field as pushed, optional ones only when set', () => {
    const ring = createLineRing(4)
    const full: LogLine = { seq: 7, ts: '2024-01-01T00:00:01.5Z', level: 'fatal', source: 'local', process: 'api', taskId: 't-1', stream: 'stderr', text: '\u001b[31mboom\u001b[0m', marker: 'event' }
    const gap: LogLine = { seq: 8, ts: 'x', level: 'warn', source: 'beam', process: 'gateway', text: '3 lines lost', marker: 'gap' }
    ring.push([full, line(9), gap])
    expect(ring.get(0)).toStrictEqual(full)
    expect(ring.get(1)).toStrictEqual(line(9))
    expect(Object.keys(ring.get(1)!)).toEqual(['seq', 'ts', 'level', 'source', 'process', 'text'])
    expect(ring.get(2)).toStrictEqual(gap)
    expect([ring.seqAt(0), ring.levelAt(0), ring.sourceAt(0), ring.processAt(0), ring.taskIdAt(0), ring.isGapMarkerAt(0)]).toEqual([7, 'fatal', 'local', 'api', 't-1', false])
    expect([ring.taskIdAt(1), ring.isGapMarkerAt(1), ring.isGapMarkerAt(2)]).toEqual([undefined, false, true])
  })

  it('gives the same object for the same held line, a new one once its slot holds another', () => {
    const ring = createLineRing(2)
    ring.push(lines(0, 2))
    const first = ring.getAbsolute(1)
    expect(ring.get(1)).toBe(first)
    ring.push(lines(2, 2))
    expect(ring.getAbsolute(3)).not.toBe(first)
    expect(ring.getAbsolute(3)?.seq).toBe(3)
  })

  it('forgets names no held line uses any more (task ids come and go) and keeps the held ones right', () => {
    const ring = createLineRing(10)
    for (let i = 0; i < 10_000; i++) ring.push([{ ...line(i), taskId: `task-${i}`, process: `p${i % 3}` }])
    expect(ring.size).toBe(10)
    expect(ring.nameCount).toBeLessThanOrEqual(4097)
    for (let a = ring.start; a < ring.pushed; a++) {
      expect([ring.taskIdAt(a), ring.processAt(a), ring.getAbsolute(a)?.taskId]).toEqual([`task-${a}`, `p${a % 3}`, `task-${a}`])
    }
  })

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => createLineRing(0)).toThrow(RangeError)
    expect(() => createLineRing(1.5)).toThrow(RangeError)
  })
})
