import type { SourceInfo, SourceState } from '../protocol.ts'

const RATE_WINDOW_SECONDS = 5

/**
 * Per-source health for `/api/sources` and `source` frames: state, last error, lines/s over a short sliding window
 * (one counter per second, so the cost per line is one increment).
 */
export function createSourceStats(id: string, kind: string, now: () => number = Date.now) {
  let state: SourceState = 'connecting'
  let lastError: string | null = null
  let totalLines = 0
  let lastLineAt: number | null = null
  let droppedLines = 0
  const buckets = new Array<number>(RATE_WINDOW_SECONDS + 1).fill(0)
  let bucketSecond = Math.floor(now() / 1000)

  function roll(): void {
    const second = Math.floor(now() / 1000)
    const steps = Math.min(second - bucketSecond, buckets.length)
    for (let i = 1; i <= steps; i++) buckets[(bucketSecond + i) % buckets.length] = 0
    bucketSecond = Math.max(second, bucketSecond)
  }

  return {
    id,
    kind,
    counted(lines: number): void {
      roll()
      const slot = bucketSecond % buckets.length
      buckets[slot] = (buckets[slot] ?? 0) + lines
      totalLines += lines
      lastLineAt = now()
    },
    dropped(lines: number): void {
      droppedLines += lines
    },
    /** Returns true when something the UI shows changed. */
    stateChanged(next: SourceState, error?: string | null): boolean {
      const nextError = error === undefined ? (next === 'connected' ? null : lastError) : error
      if (next === state && nextError === lastError) return false
      state = next
      lastError = nextError
      return true
    },
    info(): SourceInfo {
      roll()
      // Complete seconds only: the current one is still filling.
      let sum = 0
      for (let i = 1; i <= RATE_WINDOW_SECONDS; i++) sum += buckets[(bucketSecond - i + buckets.length * 2) % buckets.length] ?? 0
      return {
        id, kind, state, lastError, totalLines, droppedLines,
        linesPerSecond: Math.round((sum / RATE_WINDOW_SECONDS) * 10) / 10,
        lastLineAt: lastLineAt === null ? null : new Date(lastLineAt).toISOString(),
      }
    },
  }
}
export type SourceStats = ReturnType<typeof createSourceStats>
