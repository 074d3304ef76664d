import { describe, expect, it } from 'vitest'
import { mapLimit } from './map-limit.ts'

describe('mapLimit', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0
    let peak = 0
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running++
      peak = Math.max(peak, running)
      await new Promise((r) => setImmediate(r))
      for (let i = 0; i < n; i++) await Promise.resolve()
      running--
      return n * 10
    })
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60])
    expect(peak).toBe(3)
    expect(await mapLimit([], 3, async () => 1)).toEqual([])
  })
})
