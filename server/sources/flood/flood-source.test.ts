import { afterEach, describe, expect, it, vi } from 'vitest'
import type { NewLogLine } from '../../protocol.ts'
import type { LogSink } from '../source.ts'
import { RARE_WORD } from './flood-lines.ts'
import { createFloodSource } from './flood-source.ts'

function collectingSink() {
  const batches: NewLogLine[][] = []
  const sink: LogSink = { lines: (l) => void batches.push(l), gap: () => undefined, state: () => undefined }
  return { sink, batches, lines: () => batches.flat() }
}

describe('flood source', () => {
  afterEach(() => vi.useRealTimers())

  it('is idle until asked, then offers exactly rate × seconds lines', async () => {
    vi.useFakeTimers()
    const flood = createFloodSource({ now: () => Date.now() })
    const { sink, lines } = collectingSink()
    flood.start(sink)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(lines()).toHaveLength(0)
    const done = flood.run({ rate: 5_000, seconds: 2 })
    await vi.advanceTimersByTimeAsync(2_100)
    const result = await done
    expect(result.offered).toBe(10_000)
    expect(lines()).toHaveLength(10_000)
    expect(flood.offered).toBe(10_000)
    await flood.stop()
  })

  it('catches up in one bigger batch when the timer is late, so the rate holds', async () => {
    vi.useFakeTimers()
    let clock = 0
    const flood = createFloodSource({ now: () => clock, tickMs: 10 })
    const { sink, batches } = collectingSink()
    flood.start(sink)
    const done = flood.run({ rate: 10_000, seconds: 1 })
    clock = 500 // the event loop was blocked for half a second
    await vi.advanceTimersByTimeAsync(10)
    expect(batches[0]).toHaveLength(5_000)
    clock = 1_000
    await vi.advanceTimersByTimeAsync(10)
    expect((await done).offered).toBe(10_000)
  })

  it('stamps every line with its number and creation time, in ~200-byte lines with a mix of kinds', () => {
    const flood = createFloodSource({ now: () => 1_700_000_000_123 })
    const { sink, lines } = collectingSink()
    flood.start(sink)
    flood.emit(2_000)
    const all = lines()
    all.forEach((line, n) => {
      expect(line.ts).toBe('2023-11-14T22:13:20.123Z')
      const json = line.text.startsWith('{') ? (JSON.parse(line.text) as { n: number; t: number }) : null
      if (json) expect([json.n, json.t]).toEqual([n, 1_700_000_000_123_000])
      // eslint-disable-next-line no-control-regex
      else expect(line.text.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(new RegExp(`^#${n} 1700000000123000 `))
    })
    const mean = all.reduce((s, l) => s + l.text.length, 0) / all.length
    expect(mean).toBeGreaterThan(170)
    expect(mean).toBeLessThan(230)
    expect(all.filter((l) => l.text.startsWith('{')).length).toBeGreaterThan(100)
    expect(all.filter((l) => l.text.startsWith('\x1b[')).length).toBeGreaterThan(100)
    expect(all.some((l) => l.text.includes(RARE_WORD))).toBe(true)
    expect(new Set(all.map((l) => l.level)).size).toBeGreaterThanOrEqual(5)
  })

  it('serves fake tasks whose statuses move on between list calls', async () => {
    const flood = createFloodSource({ taskCount: 1_000 })
    const first = await flood.tasks!.list({ limit: 10_000 }, {})
    const second = await flood.tasks!.list({ limit: 10_000 }, {})
    expect(first.tasks).toHaveLength(1_000)
    expect(second.tasks.filter((t, i) => t.status !== first.tasks[i]!.status).length).toBeGreaterThan(0)
  })
})
