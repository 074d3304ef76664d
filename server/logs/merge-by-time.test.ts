import { describe, expect, it } from 'vitest'
import type { NewLogLine } from '../protocol.ts'
import { mergeByTime } from './merge-by-time.ts'

const at = (source: string, ts: string, text: string): NewLogLine => ({ ts, level: 'info', source, process: source, text })

describe('mergeByTime', () => {
  it('interleaves sources by timestamp and keeps each source in its own order', () => {
    const batch = [
      at('feldera', '2026-11-23T10:00:00.300Z', 'f1'),
      at('feldera', '2026-11-23T10:00:00.100Z', 'f2'), // a source's own order wins over its clock
      at('dmb', '2026-11-23T10:00:00.200Z', 'd1'),
      at('local', '2026-11-23T10:00:00.050Z', 'l1'),
      at('dmb', '2026-11-23T10:00:00.400Z', 'd2'),
    ]
    expect(mergeByTime(batch).map((l) => l.text)).toEqual(['l1', 'd1', 'f1', 'f2', 'd2'])
  })

  it('leaves a single source and unparseable times in arrival order', () => {
    const one = [at('a', '2026-11-23T10:00:02Z', '1'), at('a', '2026-11-23T10:00:01Z', '2')]
    expect(mergeByTime(one)).toBe(one)
    const odd = [at('a', 'not a time', 'a1'), at('b', '2026-11-23T10:00:01Z', 'b1'), at('a', '2026-11-23T10:00:00Z', 'a2')]
    expect(mergeByTime(odd).map((l) => l.text)).toEqual(['b1', 'a1', 'a2'])
  })
})
