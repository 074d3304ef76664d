import { describe, expect, it } from 'vitest'
import { createLineSplitter } from './line-splitter.ts'

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8')

describe('createLineSplitter', () => {
  it('splits complete lines and holds the partial last line until it completes', () => {
    const s = createLineSplitter()
    expect(s.push(bytes('one\ntwo\nthr'))).toEqual(['one', 'two'])
    expect(s.push(bytes('ee'))).toEqual([])
    expect(s.push(bytes('\n'))).toEqual(['three'])
    expect(s.end()).toEqual([])
  })

  it('flushes the partial line on end', () => {
    const s = createLineSplitter()
    expect(s.push(bytes('a\nlast without newline'))).toEqual(['a'])
    expect(s.end()).toEqual(['last without newline'])
    expect(s.end()).toEqual([])
  })

  it('handles \\r\\n, including a \\r\\n cut between chunks, and keeps empty lines', () => {
    const s = createLineSplitter()
    expect(s.push(bytes('a\r\nb\r'))).toEqual(['a'])
    expect(s.push(bytes('\n\r\nc\n'))).toEqual(['b', '', 'c'])
  })

  it('reassembles a UTF-8 character cut between chunks', () => {
    const s = createLineSplitter()
    const all = bytes('héllo 🚀 wörld\n')
    const lines: string[] = []
    for (let i = 0; i < all.length; i++) lines.push(...s.push(all.subarray(i, i + 1)))
    expect(lines).toEqual(['héllo 🚀 wörld'])
  })

  it('cuts over-long lines so memory stays bounded', () => {
    const s = createLineSplitter({ maxLineLength: 10 })
    const out = s.push(bytes('x'.repeat(25)))
    expect(out).toEqual(['x'.repeat(10), 'x'.repeat(10)])
    expect(s.push(bytes('yy\n'))).toEqual(['xxxxxyy'])
    expect(s.push(bytes(`${'z'.repeat(23)}\n`))).toEqual(['z'.repeat(10), 'z'.repeat(10), 'zzz'])
  })

  it('never splits a surrogate pair when cutting', () => {
    const s = createLineSplitter({ maxLineLength: 4 })
    const out = [...s.push(bytes('abc🚀def🚀\n'))]
    expect(out.join('')).toBe('abc🚀def🚀')
    for (const piece of out) expect(piece).not.toMatch(/[\ud800-\udbff]$/)
  })

  // Speed is judged by `npm run bench`, not here: this checks that big chunks split exactly.
  it('splits large chunks into exactly their lines', () => {
    const s = createLineSplitter()
    const chunk = bytes('level=info msg="some log line of typical length here"\n'.repeat(10_000))
    let n = 0
    for (let i = 0; i < 10; i++) n += s.push(chunk).length
    expect(n).toBe(100_000)
  })
})
