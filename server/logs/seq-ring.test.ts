import { describe, expect, it } from 'vitest'
import type { LogLine } from '../protocol.ts'
import { createSeqRing } from './seq-ring.ts'

const line = (seq: number): LogLine => ({ seq, ts: '2026-01-01T00:00:00.000Z', level: 'info', source: 's', process: 'p', text: `l${seq}` })
const seqs = (lines: LogLine[]) => lines.map((l) => l.seq)

describe('createSeqRing', () => {
  it('holds the newest `capacity` lines and slices them by seq, clipped to what it holds', () => {
    const ring = createSeqRing(4, 100)
    expect([ring.oldest(), ring.next()]).toEqual([100, 100])
    expect(ring.slice(0, 1_000)).toEqual([])
    for (let s = 100; s < 107; s++) ring.push(line(s))
    expect([ring.oldest(), ring.next()]).toEqual([103, 107])
    expect(seqs(ring.slice(0, 1_000))).toEqual([103, 104, 105, 106])
    expect(seqs(ring.slice(104, 106))).toEqual([104, 105])
    expect(seqs(ring.slice(106, 200))).toEqual([106])
    expect(ring.slice(107, 200)).toEqual([])
    expect(ring.slice(105, 105)).toEqual([])
  })

  it('keeps the right lines across many wraps', () => {
    const ring = createSeqRing(3, 0)
    for (let s = 0; s < 1_000; s++) ring.push(line(s))
    expect(seqs(ring.slice(0, 1_000))).toEqual([997, 998, 999])
    expect(ring.slice(998, 999)[0]!.text).toBe('l998')
  })

  it('refuses a line out of sequence and a capacity that is not a positive integer', () => {
    const ring = createSeqRing(2, 10)
    expect(() => ring.push(line(11))).toThrow('seq 11 pushed, expected 10')
    expect(() => createSeqRing(0, 0)).toThrow(RangeError)
    expect(() => createSeqRing(1.5, 0)).toThrow(RangeError)
  })
})
