import { serverFrameSchema } from '@server/protocol'
import { describe, expect, it } from 'vitest'
import { parseServerFrame } from './fast-frame'

const good = { seq: 5, ts: '2026-11-23T10:00:00.000Z', level: 'warn', source: 'local', process: 'api', text: 'x' }
const variants: unknown[] = [
  good,
  { ...good, taskId: 't-1', stream: 'stderr', marker: 'event' },
  { ...good, marker: 'gap' },
  { ...good, extra: 'dropped like zod drops it' },
  { ...good, seq: -1 },
  { ...good, seq: 1.5 },
  { ...good, seq: '5' },
  { ...good, level: 'WARN' },
  { ...good, level: 'loud' },
  { ...good, ts: 5 },
  { ...good, source: null },
  { ...good, process: undefined },
  { ...good, text: ['x'] },
  { ...good, taskId: 7 },
  { ...good, stream: 'stdin' },
  { ...good, marker: 'note' },
  { ...good, taskId: undefined },
  null,
  'line',
  [good],
  {},
]

describe('parseServerFrame', () => {
  it('gives the same verdict and the same data as the zod schema for every kind of line', () => {
    for (const line of variants) {
      const frame = { type: 'lines', lines: [good, line] }
      const fast = parseServerFrame(frame)
      const zod = serverFrameSchema.safeParse(frame)
      expect({ line, ok: fast.success }).toEqual({ line, ok: zod.success })
      if (fast.success && zod.success) expect(fast.data).toEqual(zod.data)
    }
  })

  it('checks every other frame with the schema', () => {
    expect(parseServerFrame({ type: 'hello', cursor: 1, oldest: 0, capacity: 10 }).success).toBe(true)
    expect(parseServerFrame({ type: 'gap', from: 1, to: 'x', reason: 'r' }).success).toBe(false)
    expect(parseServerFrame({ type: 'lines', lines: 'nope' }).success).toBe(false)
    expect(parseServerFrame({ type: 'mystery' }).success).toBe(false)
  })
})
